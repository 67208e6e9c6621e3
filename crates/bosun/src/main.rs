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
                eprintln!("bosun: error: {err:#}");
            }
            exit::Status::Error.into()
        }
    }
}
