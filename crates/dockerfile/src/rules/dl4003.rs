//! DL4003: several CMDs in a stage.

rule!(Dl4003, "DL4003", Warning, "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
what: "A stage has more than one `CMD`.",
why: "Only the last one takes effect; the others mislead readers.",
example: "CMD [\"nginx\"]\nCMD [\"nginx\", \"-g\", \"daemon off;\"]",
fix: "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
|cx, out| {
    super::dl4004::repeated(cx, out, "cmd");
});
