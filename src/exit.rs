//! The exit codes scripts and CI jobs depend on.

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// No unsuppressed failing finding at or above `--fail-on`.
    Clean,
    /// A failing finding at or above `--fail-on`, or (`diff`) a new one.
    Findings,
    /// The command could not run: usage, configuration, credentials, input.
    Error,
    /// With `--fail-on-gaps`: the audit ran with collection gaps and nothing failed.
    Gaps,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Clean => 0,
            Exit::Findings => 1,
            Exit::Error => 2,
            Exit::Gaps => 3,
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit.code())
    }
}
