//! DL3032: yum cache left in the image.

rule!(Dl3032, "DL3032", Warning, "`yum clean all` missing after yum command.",
what: "`yum install` without a later `yum clean all` (or removal of /var/cache/yum) in the same RUN.",
why: "The yum cache stays in the layer and bloats the image.",
example: "RUN yum install -y httpd-2.4.62",
fix: "RUN yum install -y httpd-2.4.62 && yum clean all",
|cx, out| {
    for (inst, s) in cx.runs() {
        let r = crate::rules::util::cleaned_after(
            s,
            |c| crate::rules::util::is_sub(c, "yum", &["install", "groupinstall", "localinstall"], &[]),
            |c| (c.name == "yum" && c.has_arg("clean") && c.has_arg("all")) || (c.name == "rm" && c.arg_values().any(|a| a.starts_with("/var/cache/yum"))),
        );
        if r == Some(false) && !crate::rules::Ctx::has_cache_mount(inst, "/var/cache/yum") {
            out.push(cx.hit(inst));
        }
    }
});
