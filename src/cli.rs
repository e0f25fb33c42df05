//! The command line: every flag in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;

#[derive(Debug, Parser)]
#[command(
    name = "posture",
    version,
    about = "Audit a live AWS account against the Startup-Ready / Enterprise-Grade hardening guide"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit the account of the current credentials (and any --role-arn accounts).
    Audit(Box<AuditArgs>),
    /// List the check catalog.
    Checks {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Explain one check: why it matters and how to fix it.
    Explain {
        /// A check id, e.g. alb-deletion-protection.
        id: String,
    },
    /// What changed between two reports written by `audit --format json`.
    Diff(DiffArgs),
    /// Check an evidence bundle (`audit --evidence DIR`): every file's SHA-256
    /// against its manifest; exit 1 naming each changed, missing or extra file.
    Verify {
        /// The bundle directory.
        dir: PathBuf,
    },
    /// The least-privilege IAM policy an audit needs: every action posture calls, nothing else.
    Permissions {
        #[arg(long, value_enum, default_value_t = PolicyFormat::Json)]
        format: PolicyFormat,
        /// Include secretsmanager:GetSecretValue, which --inspect-secret-values needs.
        #[arg(long)]
        inspect_secret_values: bool,
    },
}

/// `posture permissions` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    /// A policy document, for `aws iam create-policy --policy-document file://…`.
    Json,
    /// An `aws_iam_policy_document` data source and an `aws_iam_policy`.
    Terraform,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report.
    pub old: PathBuf,
    /// The later report.
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Exit 1 when a finding newly fails at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// A report format. Every format is rendered from the same report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a person: a block per failing check, worst first, with its fix.
    Table,
    /// The table with a row per finding (what --details shows).
    TableWide,
    Json,
    /// SARIF 2.1.0: a rule per check, a result per failing, unknown or suppressed finding.
    Sarif,
    /// OCSF 1.8.0 Detection Findings (class 2004), one per finding, as a JSON array.
    Ocsf,
    /// AWS Security Finding Format, a JSON array for Security Hub BatchImportFindings.
    Asff,
    /// JUnit XML for CI test reporters: a suite per check, a test case per finding.
    Junit,
    /// CSV for spreadsheets: one row per finding.
    Csv,
    /// One self-contained HTML page: verdict, score per area, next steps and a filterable findings table.
    Html,
}

impl Format {
    /// The file name in `--output-dir`: `report.<ext>`.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Table => "report.txt",
            Format::TableWide => "report-wide.txt",
            Format::Json => "report.json",
            Format::Sarif => "report.sarif",
            Format::Ocsf => "report.ocsf.json",
            Format::Asff => "report.asff.json",
            Format::Junit => "report.junit.xml",
            Format::Csv => "report.csv",
            Format::Html => "report.html",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameworkArg {
    Soc2,
    Iso27001,
    Cis,
    /// AWS Security Hub controls (the key `fsbp` is kept for compatibility).
    #[value(alias = "securityhub")]
    Fsbp,
}

impl From<FrameworkArg> for crate::catalog::Framework {
    fn from(f: FrameworkArg) -> Self {
        use crate::catalog::Framework;
        match f {
            FrameworkArg::Soc2 => Framework::Soc2,
            FrameworkArg::Iso27001 => Framework::Iso27001,
            FrameworkArg::Cis => Framework::Cis,
            FrameworkArg::Fsbp => Framework::Fsbp,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TierArg {
    Baseline,
    Enterprise,
}

impl From<TierArg> for crate::finding::Tier {
    fn from(t: TierArg) -> Self {
        match t {
            TierArg::Baseline => crate::finding::Tier::Baseline,
            TierArg::Enterprise => crate::finding::Tier::Enterprise,
        }
    }
}

/// How Terraform locks its state (`--state-lock`; `[state] lock` in posture.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateLockArg {
    /// A lock file in the state bucket (`use_lockfile = true`, Terraform 1.10+).
    S3,
    /// A DynamoDB lock table with hash key LockID.
    Dynamodb,
}

impl From<StateLockArg> for crate::checks::settings::StateLock {
    fn from(lock: StateLockArg) -> Self {
        use crate::checks::settings::StateLock;
        match lock {
            StateLockArg::S3 => StateLock::S3,
            StateLockArg::Dynamodb => StateLock::Dynamodb,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// AWS profile (else the standard credential chain).
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Region to audit; repeat for several (default: every region enabled for each account).
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Send every AWS call to URL (an emulator); credentials then come from the environment or --profile.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Audit this account too, by assuming the role; repeat for several.
    #[arg(long = "role-arn", value_name = "ARN")]
    pub role_arns: Vec<String>,
    /// Audit every active account of the organization too, by assuming the role NAME in each (the credentials are the management or delegated administrator account's).
    #[arg(long = "org-role", value_name = "NAME")]
    pub org_role: Option<String>,
    /// Stop collecting after DURATION (like 90s, 5m, 1h): what was collected by then is checked, every call not answered becomes a gap.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,
    /// No live progress display and no gap lines on stderr while collecting (errors and warnings still print).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Audit only the accounts reached through --role-arn and --org-role (the caller's own account too if a role in it is named), not the account of the starting credentials.
    #[arg(long)]
    pub assumed_only: bool,
    /// The external id the roles of --role-arn and --org-role require.
    #[arg(long = "external-id", value_name = "ID")]
    pub external_id: Option<String>,
    /// posture.toml: thresholds, trusted networks, suppressions (default: ./posture.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only this tier's checks.
    #[arg(long, value_enum)]
    pub tier: Option<TierArg>,
    /// Only the checks mapped to this framework, with results grouped by its controls.
    #[arg(long, value_enum)]
    pub compliance: Option<FrameworkArg>,
    /// The Terraform state bucket, if its name does not say so; repeatable.
    #[arg(long = "state-bucket", value_name = "NAME")]
    pub state_buckets: Vec<String>,
    /// How Terraform locks the state, which no read-only call can see: `s3` for
    /// `use_lockfile = true` (Terraform 1.10+). Overrides `[state] lock`.
    #[arg(long = "state-lock", value_enum, value_name = "s3|dynamodb")]
    pub state_lock: Option<StateLockArg>,
    /// Output formats, comma-separated; more than one needs --output-dir.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "table",
        value_name = "FORMAT,..."
    )]
    pub format: Vec<Format>,
    /// Write the report (one format) to FILE instead of stdout.
    #[arg(long, value_name = "FILE", conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write each format to DIR/report.<ext>.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Exit 1 when a failing finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    pub fail_on: FailOn,
    /// Exit 3 when the audit ran with collection gaps (and nothing failed).
    #[arg(long)]
    pub fail_on_gaps: bool,
    /// Run only these checks (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub checks: Vec<String>,
    /// Skip these checks (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub skip_checks: Vec<String>,
    /// Keep the collected inventory in FILE.
    #[arg(long, value_name = "FILE")]
    pub save_snapshot: Option<PathBuf>,
    /// Re-check a saved inventory; no AWS calls.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["profile", "regions", "endpoint_url", "role_arns", "org_role", "assumed_only", "external_id", "save_snapshot"])]
    pub from_snapshot: Option<PathBuf>,
    /// Read secret values to check them for placeholders (secret-placeholder-value).
    /// Values are judged in memory; only the verdict is kept, never the value.
    #[arg(long)]
    pub inspect_secret_values: bool,
    /// The most AWS calls in flight at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// In the table, list passing findings too.
    #[arg(long)]
    pub show_pass: bool,
    /// Compare with an earlier report (`--format json`): each finding is marked
    /// new, unchanged or changed, and the resolved ones are listed.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// Write the compliance evidence bundle to DIR: reports, inventory, one
    /// control matrix per framework, manual controls, and a SHA-256 manifest.
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// A Terraform state (`terraform state pull`, or `terraform show -json`): each finding names the resource address that made its resource, or says none did; repeatable.
    #[arg(long = "terraform-state", value_name = "FILE")]
    pub terraform_states: Vec<PathBuf>,
    /// The Terraform configuration: its own checks (tf-ignores-reviewed, tf-no-secret-literals) run on it, and with --terraform-state each mapped finding also names the file and line of its resource block (local modules are followed).
    #[arg(long = "terraform-dir", value_name = "DIR")]
    pub terraform_dir: Option<PathBuf>,
    /// With --evidence: replace DIR if it exists and is not empty.
    #[arg(long, requires = "evidence")]
    pub force: bool,
    /// The table with a row per finding instead of a block per check
    /// (as --format table-wide).
    #[arg(long)]
    pub details: bool,
}

/// A duration as people write them: `90s`, `5m`, `1h30m`, or plain seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let duration = match text.parse::<u64>() {
        Ok(seconds) => std::time::Duration::from_secs(seconds),
        Err(_) => humantime::parse_duration(text)
            .map_err(|e| format!("{e} (write it like 90s, 5m or 1h30m)"))?,
    };
    if duration.is_zero() {
        return Err("must be longer than zero".into());
    }
    Ok(duration)
}

#[cfg(test)]
mod duration_tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_as_people_write_them() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        for bad in ["", "0", "0s", "soon", "-5s", "5 parsecs"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
