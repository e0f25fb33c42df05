use std::process::ExitCode;

use clap::Parser;
use posture::cli::{Cli, Command};
use posture::commands;

/// Exit code when the audit could not run (usage, configuration, credentials).
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("posture: cannot start the async runtime: {err}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Audit(args) => commands::audit(*args).await,
            Command::Checks { format } => commands::list_checks(format),
            Command::Explain { id } => commands::explain(&id),
        }
    });
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(err) => {
            eprintln!("posture: error: {err:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
