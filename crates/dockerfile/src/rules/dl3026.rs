//! DL3026: image from a registry outside the allowed list.

use crate::rules::util::{image_ref, registry_allowed};

rule!(Dl3026, "DL3026", Error, "Use only an allowed registry in the FROM image",
what: "With `trusted-registries` configured: a `FROM`, `COPY --from` or `RUN --mount=from=` image from another registry.",
why: "Images from unvetted registries are a supply-chain risk.",
example: "# trusted-registries: [registry.example.com]\nFROM docker.io/library/debian:12",
fix: "FROM registry.example.com/mirror/debian:12",
|cx, out| {
    let allowed = &cx.config.trusted_registries;
    if allowed.is_empty() {
        return;
    }
    let is_stage = |name: &str| {
        let n = name.to_lowercase();
        n.parse::<usize>().is_ok() || cx.stage_named(&n).is_some()
    };
    for inst in cx.plain() {
        let mut images: Vec<String> = Vec::new();
        if inst.is("from") && !inst.onbuild {
            images.extend(inst.args().first().cloned());
        }
        if inst.is("copy") {
            images.extend(inst.flag("from").map(String::from));
        }
        images.extend(crate::rules::Ctx::mounts(inst).into_iter().filter_map(|m| m.from));
        let bad = images.iter().any(|img| {
            img != "scratch" && !img.contains('$') && !is_stage(img) && !registry_allowed(image_ref(img).registry, allowed)
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
