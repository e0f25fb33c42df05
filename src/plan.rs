//! The audit plan: every input of `posture audit` — regions, endpoint, role
//! ARNs, configuration file, check selection — validated into one value
//! before the first AWS call. Every problem is reported at once.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::checks::Selection;
use crate::checks::settings::Settings;
use crate::cli::{AuditArgs, Format};
use crate::collect::CollectOptions;
use crate::collect::session::{self, ConnectOptions, RoleTarget};
use crate::config::Config;
use crate::evidence;
use crate::finding::Severity;
use crate::history;
use crate::progress::{self, Progress};
use crate::report::Report;

/// Where the inventory comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Collect it from AWS.
    Collect(CollectOptions),
    /// Re-check a saved snapshot; no AWS call.
    Snapshot(PathBuf),
}

/// How the report is written.
#[derive(Debug, Clone)]
pub struct Output {
    /// Each once, in the order asked.
    pub formats: Vec<Format>,
    pub to: Destination,
    pub show_pass: bool,
}

/// Where the rendered formats go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (one format).
    Stdout,
    /// One file (`--output`, one format).
    File(PathBuf),
    /// `DIR/report.<ext>` for each format (`--output-dir`).
    Dir(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub source: Source,
    pub config: Config,
    /// The config's settings with the command line's additions.
    pub settings: Settings,
    pub selection: Selection,
    pub save_snapshot: Option<PathBuf>,
    pub output: Output,
    /// Exit 1 for a failing finding at or above this severity; `None`: never.
    pub fail_on: Option<Severity>,
    pub fail_on_gaps: bool,
    /// `--baseline`, read and checked before any AWS call.
    pub baseline: Option<Report>,
    /// `--evidence DIR`: where the bundle goes (checked to be writable).
    pub evidence: Option<PathBuf>,
    /// `--terraform-state FILE`s: the states that say which Terraform
    /// resource made each resource.
    pub terraform_states: Vec<PathBuf>,
    /// `--terraform-dir`: the configuration the resource blocks are found in.
    pub terraform_dir: Option<PathBuf>,
}

/// Everything wrong with the inputs, one line each.
#[derive(Debug, thiserror::Error)]
#[error("{}", describe(.0))]
pub struct PlanError(pub Vec<String>);

fn describe(problems: &[String]) -> String {
    match problems {
        [one] => one.clone(),
        all => format!(
            "{} problems with the command line and configuration:\n{}",
            all.len(),
            all.iter()
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

impl Plan {
    pub fn new(args: AuditArgs) -> Result<Plan, PlanError> {
        let mut problems: Vec<String> = Vec::new();
        let config = match Config::discover(args.config.as_deref()) {
            Ok(config) => config,
            Err(errors) => {
                problems.extend(errors.0.iter().map(ToString::to_string));
                Config::default()
            }
        };

        let mut regions: Vec<String> = Vec::new();
        for region in &args.regions {
            if !session::valid_region_name(region) {
                problems.push(format!(
                    "--region {region:?} is not a region name (like us-east-1 or eu-central-1)"
                ));
            } else if !regions.contains(region) {
                regions.push(region.clone());
            }
        }
        if let Some(url) = &args.endpoint_url
            && let Err(problem) = session::validate_endpoint(url)
        {
            problems.push(problem);
        }
        let mut roles: Vec<RoleTarget> = Vec::new();
        for arn in &args.role_arns {
            match session::role_target(arn) {
                Ok(role) => roles.push(role),
                Err(problem) => problems.push(problem),
            }
        }

        if let Some(name) = &args.org_role
            && let Err(problem) = session::validate_role_name(name)
        {
            problems.push(problem);
        }
        if args.assumed_only && roles.is_empty() && args.org_role.is_none() {
            problems.push(
                "--assumed-only needs --role-arn or --org-role: without them there is no account to audit"
                    .to_string(),
            );
        }
        if let Some(id) = &args.external_id
            && let Err(problem) = session::validate_external_id(id)
        {
            problems.push(problem);
        }

        let mut skip = args.skip_checks.clone();
        skip.extend(config.skip.iter().cloned());
        let selection = Selection {
            only: args.checks.clone(),
            skip,
            tier: args.tier.map(Into::into),
            framework: args.compliance.map(Into::into),
            // The opt-in check reads secret values: only when asked to.
            opt_in: args.inspect_secret_values,
        };
        if let Err(problem) = selection.validate() {
            problems.push(problem);
        }
        let mut formats: Vec<Format> = Vec::new();
        for format in &args.format {
            // --details is the per-finding table under the table's own name.
            let format = match format {
                Format::Table if args.details => &Format::TableWide,
                other => other,
            };
            if !formats.contains(format) {
                formats.push(*format);
            }
        }
        let to = match (&args.output, &args.output_dir) {
            (Some(file), _) => Destination::File(file.clone()),
            (None, Some(dir)) => Destination::Dir(dir.clone()),
            (None, None) => Destination::Stdout,
        };
        if formats.len() > 1 && !matches!(to, Destination::Dir(_)) {
            problems.push(format!(
                "--format names {} formats: pass --output-dir DIR to write each to DIR/report.<ext>",
                formats.len()
            ));
        }
        let baseline = match args.baseline.as_deref().map(history::load_report) {
            Some(Ok(report)) => Some(report),
            Some(Err(err)) => {
                problems.push(format!("--baseline {err}"));
                None
            }
            None => None,
        };
        if let Some(dir) = &args.evidence
            && let Err(problem) = evidence::check_target(dir, args.force)
        {
            problems.push(problem);
        }
        if !problems.is_empty() {
            return Err(PlanError(problems));
        }

        let mut settings = config.settings.clone();
        settings
            .state_buckets
            .extend(args.state_buckets.iter().cloned());
        if let Some(lock) = args.state_lock {
            settings.state_lock = Some(lock.into());
        }
        let source = match args.from_snapshot {
            Some(path) => Source::Snapshot(path),
            None => Source::Collect(CollectOptions {
                connect: ConnectOptions {
                    profile: args.profile,
                    regions,
                    endpoint_url: args.endpoint_url,
                    roles,
                    org_role: args.org_role,
                    assumed_only: args.assumed_only,
                    external_id: args.external_id,
                },
                concurrency: usize::from(args.concurrency),
                timeout: args.timeout,
                progress: Progress::new(progress::wanted(
                    args.quiet,
                    std::io::stderr().is_terminal(),
                    |key| std::env::var(key).ok(),
                )),
                inspect_secret_values: args.inspect_secret_values,
                state_buckets: settings.state_buckets.clone(),
            }),
        };
        Ok(Plan {
            source,
            config,
            settings,
            selection,
            save_snapshot: args.save_snapshot,
            output: Output {
                formats,
                to,
                show_pass: args.show_pass,
            },
            fail_on: args.fail_on.threshold(),
            fail_on_gaps: args.fail_on_gaps,
            baseline,
            evidence: args.evidence,
            terraform_states: args.terraform_states,
            terraform_dir: args.terraform_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::checks::settings::StateLock;
    use crate::cli::{Cli, Command};

    fn plan(args: &[&str]) -> Result<Plan, PlanError> {
        let mut argv = vec!["posture", "audit"];
        argv.extend_from_slice(args);
        let Command::Audit(audit) = Cli::parse_from(argv).command else {
            unreachable!("an audit command line")
        };
        Plan::new(*audit)
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = plan(&[
            "--region",
            "us-east-1",
            "--region",
            "Mars",
            "--endpoint-url",
            "localhost:5000",
            "--role-arn",
            "arn:aws:iam::12345:role/x",
            "--checks",
            "alb-nope",
            "--config",
            "no-such-dir/posture.toml",
        ])
        .unwrap_err();
        let problems = err.0.join("\n");
        for expected in [
            "config file no-such-dir/posture.toml: cannot read",
            "--region \"Mars\" is not a region name",
            "--endpoint-url \"localhost:5000\" is not an http(s) URL",
            "--role-arn \"arn:aws:iam::12345:role/x\" is not an IAM role ARN",
            "unknown check id \"alb-nope\"",
        ] {
            assert!(
                problems.contains(expected),
                "{expected:?} missing: {problems}"
            );
        }
        assert_eq!(err.0.len(), 5, "{problems}");
        assert!(
            err.to_string()
                .starts_with("5 problems with the command line")
        );
    }

    #[test]
    fn state_lock_on_the_command_line_overrides_the_config() {
        let dir = std::env::temp_dir().join(format!("posture-plan-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("posture.toml");
        std::fs::write(&config, "[state]\nlock = \"s3\"\n").unwrap();
        let path = config.to_str().unwrap();
        let from_config = plan(&["--config", path]).unwrap();
        assert_eq!(from_config.settings.state_lock, Some(StateLock::S3));
        let overridden = plan(&["--config", path, "--state-lock", "dynamodb"]).unwrap();
        assert_eq!(overridden.settings.state_lock, Some(StateLock::Dynamodb));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_valid_command_line_is_one_plan() {
        let plan = plan(&[
            "--region",
            "eu-west-1",
            "--region",
            "eu-west-1",
            "--role-arn",
            "arn:aws:iam::210987654321:role/posture-audit",
            "--state-bucket",
            "acme-infra",
            "--state-lock",
            "s3",
            "--inspect-secret-values",
        ])
        .unwrap();
        let Source::Collect(collect) = &plan.source else {
            panic!("collects from AWS")
        };
        assert_eq!(collect.connect.regions, ["eu-west-1"]);
        assert_eq!(collect.connect.roles[0].account, "210987654321");
        assert_eq!(plan.settings.state_buckets, ["acme-infra"]);
        // The collector searches lock tables in the named state buckets' regions too.
        assert_eq!(collect.state_buckets, ["acme-infra"]);
        assert_eq!(plan.settings.state_lock, Some(StateLock::S3));
        assert!(plan.selection.opt_in);
        assert_eq!(plan.fail_on, Some(Severity::High));
        assert_eq!(plan.output.formats, [Format::Table]);
        assert_eq!(plan.output.to, Destination::Stdout);
    }

    #[test]
    fn assumed_only_needs_a_role_to_assume() {
        let err = plan(&["--assumed-only"]).unwrap_err();
        assert!(
            err.0[0].contains("--assumed-only needs --role-arn or --org-role"),
            "{err}"
        );
        let plan = plan(&[
            "--assumed-only",
            "--role-arn",
            "arn:aws:iam::210987654321:role/posture-audit",
        ])
        .unwrap();
        let Source::Collect(collect) = plan.source else {
            panic!("collects");
        };
        assert!(collect.connect.assumed_only);
    }

    #[test]
    fn several_formats_go_to_a_directory() {
        let err = plan(&["--format", "json,table"]).unwrap_err();
        assert!(err.0[0].contains("pass --output-dir"), "{err}");
        let plan = plan(&["--format", "json,table,json", "--output-dir", "out"]).unwrap();
        assert_eq!(plan.output.formats, [Format::Json, Format::Table]);
        assert_eq!(plan.output.to, Destination::Dir("out".into()));
    }

    #[test]
    fn details_is_the_wide_table() {
        assert_eq!(
            plan(&["--details"]).unwrap().output.formats,
            [Format::TableWide]
        );
        let both = plan(&[
            "--details",
            "--format",
            "table,table-wide,json",
            "--output-dir",
            "out",
        ]);
        assert_eq!(
            both.unwrap().output.formats,
            [Format::TableWide, Format::Json]
        );
        assert_eq!(
            plan(&["--details", "--format", "json"])
                .unwrap()
                .output
                .formats,
            [Format::Json]
        );
    }
}
