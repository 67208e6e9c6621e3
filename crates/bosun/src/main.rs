//! `bosun`: the command-line front end. Argument parsing, configuration,
//! progress and exit codes live here; everything else is in the libraries.

mod cli;
mod commands;
mod config;
mod exit;
mod formats;
mod progress;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let cli = match cli::Cli::from_arg_matches(
        &formats::with_scan_formats(cli::Cli::command()).get_matches(),
    ) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`bosun … | head`) is not an error worth reporting.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("bosun: error: {}", error_text(&err));
            }
            exit::Status::Error.into()
        }
    }
}

/// The error and its causes as one line, root cause last. A library error
/// often names its cause in its own message too (`reading F: denied`); a
/// cause already said is not said again.
fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let msg = cause.to_string();
        if msg.is_empty() || text.contains(&msg) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&msg);
    }
    text
}

#[cfg(test)]
mod tests {
    use anyhow::Context as _;

    #[test]
    fn each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let inner = anyhow::Error::new(io).context("reading x.yaml: no such file");
        let err = Err::<(), _>(inner)
            .context("loading the config")
            .unwrap_err();
        assert_eq!(
            super::error_text(&err),
            "loading the config: reading x.yaml: no such file"
        );
    }
}
