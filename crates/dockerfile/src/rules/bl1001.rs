//! BL1001: base image not pinned by digest.

rule!(Bl1001, "BL1001", Info, "Base image is not pinned by digest.",
what: "A `FROM` image (not a stage, not scratch) without `@sha256:…`.",
why: "Tags are mutable: the registry can serve different content for the same tag tomorrow. A digest names exactly one image.",
example: "FROM debian:12.8",
fix: "FROM debian:12.8@sha256:<digest>   # keep the tag for readers; tools like renovate update both",
|cx, out| {
    for s in &cx.df.stages {
        let img = &s.image_expanded;
        let lower = s.image.to_lowercase();
        if img == "scratch" || cx.stage_named(&lower).is_some_and(|p| p < s.index) {
            continue;
        }
        if crate::rules::util::image_ref(img).digest.is_none() {
            out.push(cx.hit_msg(&cx.df.instructions[s.from_instruction], format!("Base image `{img}` is not pinned by digest.")));
        }
    }
});
