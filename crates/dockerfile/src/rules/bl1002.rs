//! BL1002: base image from an untrusted registry, after ARG expansion.

use crate::rules::util::{image_ref, registry_allowed};

rule!(Bl1002, "BL1002", Error, "Base image comes from a registry outside the trusted list.",
what: "With `trusted-registries` configured: a `FROM` whose image, once global `ARG`s are expanded, names a registry not on the list. (DL3026 covers literal image names, as hadolint does; this rule covers `FROM ${REGISTRY}/image`.)",
why: "A build argument can silently switch the base image to an unvetted registry.",
example: "ARG REGISTRY=docker.io\nFROM ${REGISTRY}/library/debian:12",
fix: "ARG REGISTRY=registry.example.com\nFROM ${REGISTRY}/library/debian:12",
|cx, out| {
    let allowed = &cx.config.trusted_registries;
    if allowed.is_empty() {
        return;
    }
    for s in &cx.df.stages {
        if !s.image.contains('$') || s.image_expanded.contains('$') || s.image_expanded == "scratch" {
            continue;
        }
        let img = &s.image_expanded;
        if cx.stage_named(&img.to_lowercase()).is_some_and(|p| p < s.index) {
            continue;
        }
        if !registry_allowed(image_ref(img).registry, allowed) {
            out.push(cx.hit_msg(&cx.df.instructions[s.from_instruction], format!("Base image `{img}` comes from a registry outside the trusted list.")));
        }
    }
});
