//! DL1001: inline ignore pragmas (off by default, as in hadolint).

rule!(Dl1001, "DL1001", Ignore, "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.",
what: "An inline `# hadolint ignore=` or `# bosun ignore=` comment.",
why: "Some teams want every exception in the shared configuration, where it is reviewed, not scattered through Dockerfiles.",
example: "# hadolint ignore=DL3008\nRUN apt-get install -y curl",
fix: "RUN apt-get install -y curl=7.88.1-10\n# or list DL3008 under lint.ignored in .bosun.yaml",
|cx, out| {
    for c in &cx.df.parsed.comments {
        if crate::lint::pragma_codes(&c.text, "ignore").is_some() {
            out.push(crate::rules::Hit { line: c.line, column: 1, message: None });
        }
    }
});
