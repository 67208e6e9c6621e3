//! BL1007: a download piped straight into a shell.

const DOWNLOADERS: &[&str] = &["curl", "wget"];
const INTERPRETERS: &[&str] = &[
    "sh", "bash", "zsh", "ash", "dash", "ksh", "python", "python3", "perl", "ruby", "node",
];

rule!(Bl1007, "BL1007", Warning, "A downloaded script is piped straight into an interpreter.",
what: "`curl … | sh` (or wget, bash, python…) in a RUN.",
why: "The script is executed unseen and unverified; a compromised or spoofed server runs code in your build. Download, verify a checksum or signature, then run.",
example: "RUN curl -fsSL https://example.com/install.sh | sh",
fix: "RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n && sh /tmp/install.sh",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.pipelines.iter().any(|p| {
            let names: Vec<&str> = p.iter().map(|i| s.commands[*i].name.as_str()).collect();
            let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
            names.iter().position(|n| DOWNLOADERS.contains(&base(n).as_str()))
                .is_some_and(|d| names[d + 1..].iter().any(|n| INTERPRETERS.contains(&base(n).as_str())))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
