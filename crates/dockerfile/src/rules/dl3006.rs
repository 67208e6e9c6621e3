//! DL3006: untagged base image.

rule!(Dl3006, "DL3006", Warning, "Always tag the version of an image explicitly.",
what: "A `FROM` names an image without a tag or digest.",
why: "Without a tag you get whatever `latest` is on the day of the build, so builds are not reproducible.",
example: "FROM debian",
fix: "FROM debian:12.5",
|cx, out| {
    for s in &cx.df.stages {
        let img = &s.image;
        if img == "scratch" || img.starts_with('$') {
            continue;
        }
        let lower = img.to_lowercase();
        if cx.stage_named(&lower).is_some_and(|p| p < s.index) {
            continue;
        }
        let r = crate::rules::util::image_ref(img);
        if r.tag.is_none() && r.digest.is_none() {
            out.push(cx.hit(&cx.df.instructions[s.from_instruction]));
        }
    }
});
