//! BL1006: compilers and build tools left in the final image.

const TOOLS: &[&str] = &[
    "gcc",
    "g++",
    "clang",
    "make",
    "cmake",
    "build-essential",
    "build-base",
    "autoconf",
    "automake",
    "libtool",
    "gcc-c++",
    "golang",
    "golang-go",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "musl-dev",
    "libc6-dev",
    "libc-dev",
    "dpkg-dev",
];

fn tool(pkg: &str) -> bool {
    let name = pkg.split(['=', '<', '>', '~']).next().unwrap_or(pkg);
    TOOLS.contains(&name)
}

rule!(Bl1006, "BL1006", Info, "Compilers or build tools remain in the final image; consider a multi-stage build.",
what: "A `RUN` in the final image installs a compiler or build tool (gcc, make, build-essential, …) and does not remove it in the same RUN.",
why: "Build tools are not needed at run time; they add size and give an attacker a ready toolchain. Build in one stage and copy the result into a slim final stage.",
example: "FROM python:3.13-slim\nRUN apt-get update && apt-get install -y gcc && pip install --no-cache-dir uwsgi==2.0.28",
fix: "FROM python:3.13 AS build\nRUN pip wheel --wheel-dir /w uwsgi==2.0.28\nFROM python:3.13-slim\nCOPY --from=build /w /w\nRUN pip install --no-cache-dir /w/*.whl",
|cx, out| {
    let finals = cx.final_stages();
    for (inst, s) in cx.runs() {
        if !finals.contains(&inst.stage) {
            continue;
        }
        let installs = s.commands.iter().any(|c| {
            let pkgs = match c.name.as_str() {
                "apt-get" | "apt" => crate::rules::util::packages(c, &["install"], &["t", "o"]),
                "apk" => crate::rules::util::packages(c, &["add"], &["t", "virtual", "X", "repository"]).filter(|_| !c.has_flag("virtual") && !c.has_flag("t")),
                "yum" | "dnf" | "microdnf" => crate::rules::util::packages(c, &["install"], &[]),
                _ => None,
            };
            pkgs.is_some_and(|p| p.iter().any(|p| tool(p)))
        });
        let removes = s.commands.iter().any(|c| {
            (matches!(c.name.as_str(), "apt-get" | "apt") && (c.has_arg("purge") || c.has_arg("remove") || c.has_arg("autoremove")))
                || (c.name == "apk" && c.has_arg("del"))
                || (matches!(c.name.as_str(), "yum" | "dnf" | "microdnf") && (c.has_arg("remove") || c.has_arg("erase") || c.has_arg("autoremove")))
        });
        if installs && !removes {
            out.push(cx.hit(inst));
        }
    }
});
