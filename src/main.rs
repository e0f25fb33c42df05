use std::process::ExitCode;

use clap::Parser;
use posture::cli::{Cli, Command};
use posture::commands;
use posture::exit::Exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("posture: cannot start the async runtime: {err}");
            return Exit::Error.into();
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Audit(args) => commands::audit(*args).await,
            Command::Checks { format } => commands::list_checks(format),
            Command::Explain { id } => commands::explain(&id),
            Command::Diff(args) => commands::diff(&args),
            Command::Verify { dir } => commands::verify(&dir),
            Command::Permissions {
                format,
                inspect_secret_values,
            } => commands::permissions(format, inspect_secret_values),
        }
    });
    match result {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("posture: error: {err:#}");
            Exit::Error.into()
        }
    }
}
