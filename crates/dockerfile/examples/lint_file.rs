//! Lints one file and prints the number of findings and of counted work
//! steps: a harness for profiling (`valgrind --tool=callgrind`) and for
//! single timed release runs on large or hostile Dockerfiles.

#![allow(clippy::print_stdout)]

fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args_os().nth(1) else {
        println!("usage: lint_file DOCKERFILE");
        return Ok(());
    };
    let text = std::fs::read_to_string(path)?;
    let findings = bosun_dockerfile::lint("Dockerfile", &text, &Default::default());
    println!(
        "{} findings, {} steps",
        findings.len(),
        bosun_dockerfile::work::steps()
    );
    Ok(())
}
