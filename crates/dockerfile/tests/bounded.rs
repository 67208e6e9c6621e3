//! `lint` is bounded on hostile input: deep nesting gives a finding instead
//! of a stack overflow, and the work done grows linearly with the input.
//! Work is measured with the crate's step counter ([`bosun_dockerfile::work`]),
//! not wall time, so the checks hold on a loaded machine; the figures in
//! seconds come from `benches/parse.rs`.

#![allow(clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use bosun_dockerfile::{LintConfig, lint, work};

/// Lints `text` on a thread with a small stack (rayon's default is 2 MiB,
/// and `bosun lint` lints on rayon threads), returning the findings and the
/// steps counted.
fn lint_counted(text: String) -> (Vec<bosun_dockerfile::Finding>, u64) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            work::reset();
            let f = lint("Dockerfile", &text, &LintConfig::default());
            (f, work::steps())
        })
        .expect("spawning the lint thread")
        .join()
        .expect("lint thread panicked")
}

/// Work for `make(8 * n)` over work for `make(n)`: about 8 when linear,
/// about 64 when quadratic.
fn growth(make: impl Fn(usize) -> String, n: usize) -> f64 {
    let (_, small) = lint_counted(make(n));
    let (_, large) = lint_counted(make(8 * n));
    assert!(small > 0, "the step counter counted nothing");
    large as f64 / small as f64
}

fn assert_linear(what: &str, make: impl Fn(usize) -> String, n: usize) {
    let g = growth(make, n);
    assert!(
        g < 10.0,
        "{what}: 8x the input took {g:.1}x the work (linear is about 8)"
    );
}

fn nested_open(depth: usize) -> String {
    format!("FROM debian:12\nRUN echo {}\n", "$(".repeat(depth))
}

fn nested_closed(depth: usize) -> String {
    format!(
        "FROM debian:12\nRUN echo {}x{}\n",
        "$(echo ".repeat(depth),
        ")".repeat(depth)
    )
}

fn deep_finding(findings: &[bosun_dockerfile::Finding]) -> &bosun_dockerfile::Finding {
    findings
        .iter()
        .find(|f| f.code == "DL1000" && f.message.contains("nested"))
        .unwrap_or_else(|| panic!("no nesting finding in {findings:?}"))
}

#[test]
fn unclosed_substitutions_10000_deep_give_a_finding() {
    let (findings, _) = lint_counted(nested_open(10_000));
    let f = deep_finding(&findings);
    assert_eq!((f.file.as_str(), f.line), ("Dockerfile", 2));
    // The rest of the file is still linted.
    assert!(
        findings
            .iter()
            .any(|f| f.code == "DL3008" || f.code == "DL3007" || f.code == "BL1001")
    );
}

#[test]
fn closed_substitutions_8000_deep_give_a_finding_and_bounded_work() {
    let (findings, steps) = lint_counted(nested_closed(8_000));
    deep_finding(&findings);
    // The line is 64 KB; reading each of the nesting levels in full (what
    // made it take 1.46 GB) costs over 250 million steps.
    assert!(steps < 20_000_000, "{steps} steps for one 64 KB line");
}

#[test]
fn shallow_nesting_is_read_in_full() {
    let (findings, _) = lint_counted(nested_closed(20).replace("echo x", "apt-get install curl"));
    assert!(!findings.iter().any(|f| f.code == "DL1000"), "{findings:?}");
    assert!(findings.iter().any(|f| f.code == "DL3008"), "{findings:?}");
}

#[test]
fn backticks_and_braces_nested_deep_do_not_overflow() {
    // `${a:-${a:-…}}` goes through the BuildKit word processor (ENV, ARG,
    // FROM and heredoc detection), backticks through the shell reader.
    let braces = format!("{}x{}", "${a:-".repeat(10_000), "}".repeat(10_000));
    let text = format!(
        "ARG A={braces}\nFROM debian:{braces}\nENV B={braces}\nRUN cat <<{braces}\nRUN echo {}\n",
        "\"$(".repeat(10_000)
    );
    let (findings, _) = lint_counted(text);
    deep_finding(&findings);
}

#[test]
fn onbuild_chained_8000_deep_is_refused() {
    let text = format!("FROM debian:12\n{}RUN true\n", "ONBUILD ".repeat(8_000));
    let (findings, _) = lint_counted(text);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!((findings[0].code.as_str(), findings[0].line), ("DL1000", 2));
    assert!(
        findings[0].message.contains("ONBUILD chained"),
        "{}",
        findings[0].message
    );
}

#[test]
fn hostile_patterns_do_not_overflow_or_explode() {
    // `${P%%*a*a*…b}` against a long value is exponential for a naive
    // recursive matcher, and a pattern of 30,000 `*` recursed 30,000 deep.
    let text = format!(
        "FROM centos:7\nENV P={}\nRUN yum install -y ${{P%%{}b}} ${{Q#{}}} ${{P//{}/x}}\n",
        "a".repeat(20_000),
        "*a".repeat(2_000),
        "*".repeat(30_000),
        "?*".repeat(2_000),
    );
    let (findings, _) = lint_counted(text);
    assert!(
        findings
            .iter()
            .any(|f| f.code == "DL3032" || f.code == "DL3033"),
        "{findings:?}"
    );
}

#[test]
fn many_runs_are_linear() {
    assert_linear(
        "RUN true",
        |n| format!("FROM debian:12\n{}", "RUN true\n".repeat(n)),
        2_000,
    );
}

#[test]
fn many_apt_get_runs_are_linear() {
    let line = "RUN apt-get update && apt-get install -y --no-install-recommends curl=8.5.0 ca-certificates && rm -rf /var/lib/apt/lists/*\n";
    assert_linear(
        "apt-get RUN",
        |n| format!("FROM debian:12\n{}", line.repeat(n)),
        500,
    );
}

#[test]
fn many_pip_and_yum_runs_are_linear() {
    let body = "ENV PIP_NO_CACHE_DIR=0\nRUN pip install x==1 && yum install -y $P zypper && zypper install $Q\n";
    assert_linear(
        "pip/yum RUN",
        |n| format!("FROM debian:12\n{}", body.repeat(n)),
        300,
    );
}

#[test]
fn long_stage_chains_are_linear() {
    let chain = |n: usize| {
        let mut s = String::from("FROM debian:12 AS s0\n");
        for i in 0..n {
            s.push_str(&format!(
                "FROM s{i} AS s{}\nCOPY --from=s{i} a b\nRUN pip install y\nWORKDIR /w\nCOPY x y\n",
                i + 1
            ));
        }
        s
    };
    assert_linear("stage chain", chain, 300);
}

#[test]
fn many_pragmas_are_linear() {
    let body = "# hadolint ignore=DL3008\nRUN apt-get install curl\n# hadolint stage ignore=DL3059\n# hadolint shell=bash\nRUN true\n";
    assert_linear(
        "pragmas",
        |n| format!("FROM debian:12\n{}", body.repeat(n)),
        300,
    );
}

#[test]
fn many_env_pairs_are_linear() {
    let env = |n: usize| {
        let pairs: Vec<String> = (0..n).map(|i| format!("K{i}=$V{i}")).collect();
        format!("FROM debian:12\nENV {}\n", pairs.join(" "))
    };
    assert_linear("ENV pairs", env, 500);
}

#[test]
fn files_over_the_size_limit_are_refused() {
    let big = format!(
        "FROM debian:12\n{}",
        "RUN true\n".repeat(bosun_dockerfile::parser::MAX_DOCKERFILE_BYTES / 9 + 1)
    );
    let (findings, _) = lint_counted(big);
    assert_eq!(findings.len(), 1, "{:?}", findings.first());
    assert_eq!(findings[0].code, "DL1000");
    assert!(
        findings[0].message.contains("larger than"),
        "{}",
        findings[0].message
    );
}
