//! `fieldguide`: the command line over the Fieldguide core, for power users, scripts and tests.
//! Parsing lives in `args.rs`; each subcommand is one function in `commands/` calling the core.
mod args;
mod commands;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fieldguide: error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
