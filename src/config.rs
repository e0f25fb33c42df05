//! `posture.toml`: thresholds, trusted networks, state names, severity
//! overrides, skipped checks and suppressions. Parsed raw, then validated into
//! [`Config`]; every error names the file, the line and the field.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::checks::settings::{Destination, Settings, StateLock};
use crate::finding::Severity;

pub const DEFAULT_FILE: &str = "posture.toml";

#[derive(Debug, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl ConfigError {
    /// `file:line: field: message`; a file that cannot be read has no line.
    fn describe(&self) -> String {
        if self.line == 0 {
            format!("config file {}: {}", self.file, self.message)
        } else {
            format!(
                "{}:{}: {}: {}",
                self.file, self.line, self.field, self.message
            )
        }
    }
}

/// Every error of a configuration file, in the file's order.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl ConfigErrors {
    fn describe(&self) -> String {
        match self.0.as_slice() {
            [one] => one.to_string(),
            all => {
                let lines: Vec<String> = all.iter().map(|e| format!("  {e}")).collect();
                format!(
                    "the configuration has {} errors:\n{}",
                    all.len(),
                    lines.join("\n")
                )
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    thresholds: RawThresholds,
    #[serde(default)]
    network: RawNetwork,
    #[serde(default)]
    state: RawState,
    #[serde(default)]
    checks: RawChecks,
    #[serde(default)]
    suppress: Vec<Spanned<RawSuppression>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    access_key_max_age_days: Option<Spanned<i64>>,
    credential_unused_days: Option<Spanned<i64>>,
    secret_rotation_max_age_days: Option<Spanned<i64>>,
    secret_unused_days: Option<Spanned<i64>>,
    certificate_min_days_left: Option<Spanned<i64>>,
    role_max_session_seconds: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    #[serde(default)]
    trusted_admin_cidrs: Vec<Spanned<String>>,
    #[serde(default)]
    approved_egress: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawState {
    #[serde(default)]
    buckets: Vec<String>,
    #[serde(default)]
    lock_tables: Vec<String>,
    /// `"s3"`: Terraform 1.10+ locks with a lock file (`use_lockfile = true`);
    /// `"dynamodb"`: with a lock table.
    lock: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecks {
    #[serde(default)]
    skip: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    check: Spanned<String>,
    resource: Spanned<String>,
    reason: Spanned<String>,
    expires: Spanned<toml::value::Datetime>,
    owner: Option<String>,
}

/// An accepted risk: findings of `check` on resources matching `resource`.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub check: String,
    pub resource: String,
    /// One glob, as a set: building a set returns the regex's errors, where
    /// `Glob::compile_matcher` panics on them (a pattern too large to compile).
    matcher: GlobSet,
    pub reason: String,
    pub expires: NaiveDate,
    pub owner: Option<String>,
    /// Where it was written, for warnings: `posture.toml:12`.
    pub origin: String,
}

impl Suppression {
    pub fn matches(&self, check: &str, resource: &str) -> bool {
        self.check == check && self.matcher.is_match(resource)
    }
}

/// A validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub settings: Settings,
    pub skip: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub suppressions: Vec<Suppression>,
}

impl Config {
    /// `--config FILE`, else `posture.toml` in the working directory if there is one.
    pub fn discover(explicit: Option<&Path>) -> Result<Config, ConfigErrors> {
        match explicit {
            Some(path) => Config::load(path),
            None if Path::new(DEFAULT_FILE).is_file() => Config::load(Path::new(DEFAULT_FILE)),
            None => Ok(Config::default()),
        }
    }

    pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigErrors(vec![ConfigError {
                file: file.clone(),
                line: 0,
                field: "(file)".into(),
                message: format!("cannot read: {e}"),
            }])
        })?;
        let mut config = Config::parse(&file, &text)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Validate a whole file: every error is reported, not only the first.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigErrors> {
        let mut errors = Errors {
            file,
            lines: Lines::new(text),
            found: Vec::new(),
        };
        let raw: Raw = match toml::from_str(text) {
            Ok(raw) => raw,
            // A file that does not parse has nothing more to validate.
            Err(e) => {
                let line = e.span().map(|s| errors.lines.of(s.start)).unwrap_or(0);
                let message = e.message().to_string();
                let field = message
                    .split('`')
                    .nth(1)
                    .filter(|_| message.starts_with("unknown field"))
                    .unwrap_or("(syntax)")
                    .to_string();
                return Err(ConfigErrors(vec![ConfigError {
                    file: file.to_string(),
                    line,
                    field,
                    message,
                }]));
            }
        };

        let mut settings = Settings::default();
        let t = &raw.thresholds;
        let mut positive = |v: &Option<Spanned<i64>>, field: &str, into: &mut i64| {
            if let Some(v) = v {
                if *v.get_ref() > 0 {
                    *into = *v.get_ref();
                } else {
                    errors.at(
                        v.span(),
                        field,
                        format!("must be a positive number, not {}", v.get_ref()),
                    );
                }
            }
        };
        positive(
            &t.access_key_max_age_days,
            "thresholds.access_key_max_age_days",
            &mut settings.access_key_max_age_days,
        );
        positive(
            &t.credential_unused_days,
            "thresholds.credential_unused_days",
            &mut settings.credential_unused_days,
        );
        positive(
            &t.secret_rotation_max_age_days,
            "thresholds.secret_rotation_max_age_days",
            &mut settings.secret_rotation_max_age_days,
        );
        positive(
            &t.secret_unused_days,
            "thresholds.secret_unused_days",
            &mut settings.secret_unused_days,
        );
        positive(
            &t.certificate_min_days_left,
            "thresholds.certificate_min_days_left",
            &mut settings.certificate_min_days_left,
        );
        let mut session = i64::from(settings.role_max_session_seconds);
        positive(
            &t.role_max_session_seconds,
            "thresholds.role_max_session_seconds",
            &mut session,
        );
        match (i32::try_from(session), &t.role_max_session_seconds) {
            (Ok(seconds), _) => settings.role_max_session_seconds = seconds,
            (Err(_), Some(v)) => errors.at(
                v.span(),
                "thresholds.role_max_session_seconds",
                "too large".into(),
            ),
            (Err(_), None) => {}
        }
        for cidr in &raw.network.trusted_admin_cidrs {
            match cidr.get_ref().parse::<ipnet::IpNet>() {
                Ok(net) => settings.trusted_admin_cidrs.push(net),
                Err(_) => errors.at(
                    cidr.span(),
                    "network.trusted_admin_cidrs",
                    format!("{:?} is not a CIDR like 203.0.113.0/24", cidr.get_ref()),
                ),
            }
        }
        for dest in &raw.network.approved_egress {
            let d = dest.get_ref();
            match Destination::parse(d) {
                Some(parsed) => settings.approved_egress.push(parsed),
                None => errors.at(
                    dest.span(),
                    "network.approved_egress",
                    format!(
                        "{d:?} is neither a CIDR, a prefix list id (pl-…) nor a security group id (sg-…)"
                    ),
                ),
            }
        }
        settings.state_buckets = raw.state.buckets.clone();
        settings.lock_tables = raw.state.lock_tables.clone();
        if let Some(lock) = &raw.state.lock {
            match StateLock::parse(lock.get_ref()) {
                Some(parsed) => settings.state_lock = Some(parsed),
                None => errors.at(
                    lock.span(),
                    "state.lock",
                    format!(
                        "{:?} is not one of \"s3\" (Terraform 1.10+ `use_lockfile = true`) or \"dynamodb\" (a lock table)",
                        lock.get_ref()
                    ),
                ),
            }
        }

        let skip = raw
            .checks
            .skip
            .iter()
            .filter_map(|id| errors.known(id, "checks.skip"))
            .collect();
        let mut severity = BTreeMap::new();
        for (id, level) in &raw.checks.severity {
            let Some(id) = errors.known(id, "checks.severity") else {
                continue;
            };
            match level.get_ref().as_str() {
                "critical" => severity.insert(id, Severity::Critical),
                "high" => severity.insert(id, Severity::High),
                "medium" => severity.insert(id, Severity::Medium),
                "low" => severity.insert(id, Severity::Low),
                other => {
                    errors.at(
                        level.span(),
                        &format!("checks.severity.{id}"),
                        format!("{other:?} is not one of critical, high, medium, low"),
                    );
                    None
                }
            };
        }

        let mut suppressions = Vec::new();
        for entry in &raw.suppress {
            if let Some(s) = errors.suppression(entry) {
                suppressions.push(s);
            }
        }
        if !errors.found.is_empty() {
            errors.found.sort_by_key(|e| e.line);
            return Err(ConfigErrors(errors.found));
        }
        Ok(Config {
            path: None,
            settings,
            skip,
            severity,
            suppressions,
        })
    }
}

/// The errors found so far in one file.
struct Errors<'t> {
    file: &'t str,
    lines: Lines,
    found: Vec<ConfigError>,
}

impl Errors<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, field: &str, message: String) {
        self.found.push(ConfigError {
            file: self.file.to_string(),
            line: self.lines.of(span.start),
            field: field.to_string(),
            message,
        });
    }

    /// A check id of the table, else an error.
    fn known(&mut self, id: &Spanned<String>, field: &str) -> Option<String> {
        if crate::checks::get(id.get_ref()).is_some() {
            return Some(id.get_ref().clone());
        }
        self.at(
            id.span(),
            field,
            format!(
                "unknown check id {:?}; `posture checks` lists them",
                id.get_ref()
            ),
        );
        None
    }

    /// One `[[suppress]]` entry, each of its errors recorded.
    fn suppression(&mut self, entry: &Spanned<RawSuppression>) -> Option<Suppression> {
        let s = entry.get_ref();
        let before = self.found.len();
        let check = self.known(&s.check, "suppress.check");
        if s.reason.get_ref().trim().is_empty() {
            self.at(
                s.reason.span(),
                "suppress.reason",
                "must say why the risk is accepted".into(),
            );
        }
        let pattern = s.resource.get_ref();
        // Resources are ARNs, but for the Terraform source's own findings
        // (`terraform:alb.tf:aws_lb.main:tfsec:ignore:RULE`).
        let named = pattern.starts_with("arn:") || pattern.starts_with("terraform:");
        let matcher = if !(named || pattern.starts_with('*')) {
            self.at(
                s.resource.span(),
                "suppress.resource",
                format!("{pattern:?} cannot match an ARN: start it with \"arn:\" (or \"*\"; \"terraform:\" for the findings of the Terraform source)"),
            );
            None
        } else {
            match Glob::new(pattern).and_then(|glob| GlobSetBuilder::new().add(glob).build()) {
                Ok(matcher) => Some(matcher),
                Err(e) => {
                    self.at(
                        s.resource.span(),
                        "suppress.resource",
                        format!("not a valid glob: {e}"),
                    );
                    None
                }
            }
        };
        let expires = date(s.expires.get_ref());
        if expires.is_none() {
            self.at(
                s.expires.span(),
                "suppress.expires",
                "must be a date like 2027-03-31".into(),
            );
        }
        if self.found.len() > before {
            return None;
        }
        Some(Suppression {
            check: check?,
            resource: pattern.clone(),
            matcher: matcher?,
            reason: s.reason.get_ref().trim().to_string(),
            expires: expires?,
            owner: s.owner.clone(),
            origin: format!("{}:{}", self.file, self.lines.of(entry.span().start)),
        })
    }
}

/// A TOML date (`2027-03-31`) or date-time, as a calendar date.
fn date(value: &toml::value::Datetime) -> Option<NaiveDate> {
    let d = value.date?;
    if value.time.is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}

/// The line of a byte offset, from the text's newlines found once: counting
/// them again for every error made a file of many errors quadratic.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> ConfigError {
        let mut all = Config::parse("posture.toml", text)
            .expect_err("must be rejected")
            .0;
        assert_eq!(all.len(), 1, "{text:?}: one error expected: {all:?}");
        all.remove(0)
    }

    #[test]
    fn full_example_parses() {
        let config = Config::parse(
            "posture.toml",
            r#"
[thresholds]
access_key_max_age_days = 60
credential_unused_days = 45
secret_rotation_max_age_days = 30
secret_unused_days = 120
certificate_min_days_left = 21
role_max_session_seconds = 7200

[network]
trusted_admin_cidrs = ["203.0.113.0/24", "2001:db8::/48"]
approved_egress = ["10.0.0.0/16", "pl-0123456789abcdef0", "sg-0123456789abcdef0"]

[state]
buckets = ["acme-infra"]
lock_tables = ["tf-locks"]
lock = "s3"

[checks]
skip = ["alb-tls13-only"]
severity = { "alb-access-logs" = "medium" }

[[suppress]]
check = "alb-waf-attached"
resource = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/public-*"
reason = "CloudFront with AWS WAF fronts this ALB"
expires = 2027-03-31
owner = "platform@acme.example"
"#,
        )
        .unwrap();
        let s = &config.settings;
        assert_eq!(
            (
                s.access_key_max_age_days,
                s.secret_rotation_max_age_days,
                s.secret_unused_days,
                s.certificate_min_days_left
            ),
            (60, 30, 120, 21)
        );
        assert_eq!(s.role_max_session_seconds, 7200);
        assert_eq!(s.credential_unused_days, 45);
        assert_eq!(s.trusted_admin_cidrs.len(), 2);
        assert_eq!(s.approved_egress.len(), 3);
        assert_eq!(s.state_buckets, ["acme-infra"]);
        assert_eq!(s.lock_tables, ["tf-locks"]);
        assert_eq!(s.state_lock, Some(StateLock::S3));
        assert_eq!(config.skip, ["alb-tls13-only"]);
        assert_eq!(
            config.severity.get("alb-access-logs"),
            Some(&Severity::Medium)
        );
        assert_eq!(config.suppressions.len(), 1);
        assert!(config.suppressions[0].matches(
            "alb-waf-attached",
            "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/public-web/50dc6c495c0c9188"
        ));
    }

    #[test]
    fn an_unreadable_file_is_named() {
        let e = Config::load(std::path::Path::new("no-such-dir/posture.toml")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("config file no-such-dir/posture.toml: cannot read"),
            "{e}"
        );
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let text = "[thresholds]\nsecret_unused_days = 0\n\n[network]\ntrusted_admin_cidrs = [\"10.0.0.0/33\"]\n\n[checks]\nskip = [\"alb-nope\"]\n\n[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"my-alb\"\nreason = \" \"\nexpires = 2027-01-01\n\n[state]\nlock = \"lockfile\"\n";
        let all = Config::parse("posture.toml", text).unwrap_err();
        let places: Vec<(usize, &str)> = all.0.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            places,
            [
                (2, "thresholds.secret_unused_days"),
                (5, "network.trusted_admin_cidrs"),
                (8, "checks.skip"),
                (12, "suppress.resource"),
                (13, "suppress.reason"),
                (17, "state.lock"),
            ]
        );
        let text = all.to_string();
        assert!(
            text.starts_with("the configuration has 6 errors:\n  posture.toml:2: "),
            "{text}"
        );
    }

    #[test]
    fn empty_file_is_the_defaults() {
        let config = Config::parse("posture.toml", "").unwrap();
        assert_eq!(config.settings.access_key_max_age_days, 90);
        assert!(config.suppressions.is_empty());
        assert_eq!(config.settings.state_lock, None, "not declared");
    }

    #[test]
    fn state_lock_names_how_terraform_locks() {
        for (text, lock) in [("s3", StateLock::S3), ("dynamodb", StateLock::Dynamodb)] {
            let config =
                Config::parse("posture.toml", &format!("[state]\nlock = \"{text}\"\n")).unwrap();
            assert_eq!(config.settings.state_lock, Some(lock));
        }
    }

    #[test]
    fn a_glob_too_large_to_compile_is_an_error() {
        // `Glob::compile_matcher` panicked on it: "regex compilation shouldn't fail".
        let id = &crate::checks::metas().next().unwrap().id;
        let text = format!(
            "[[suppress]]\ncheck = \"{id}\"\nresource = \"arn:{}\"\nreason = \"r\"\nexpires = 2027-03-31\n",
            "*".repeat(100_000)
        );
        let e = error(&text);
        assert_eq!((e.field.as_str(), e.line), ("suppress.resource", 3));
        assert!(
            e.message.starts_with("not a valid glob: "),
            "{}",
            &e.message[..200.min(e.message.len())]
        );
    }

    #[test]
    fn many_errors_each_have_their_line_at_once() {
        // Counting the newlines again for each error was quadratic: 262,144
        // wrong CIDRs took 70 s.
        let wrong: String = (0..50_000).map(|_| "\"x\",\n").collect();
        let text = format!("[network]\ntrusted_admin_cidrs = [\n{wrong}]\n");
        let errors = Config::parse("posture.toml", &text).unwrap_err().0;
        assert_eq!(errors.len(), 50_000);
        assert!(errors.iter().enumerate().all(|(i, e)| e.line == i + 3));
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let cases: &[(&str, usize, &str, &str)] = &[
            (
                "[thresholds]\naccess_key_max_age_days = 90\n[network\n",
                3,
                "(syntax)",
                "",
            ),
            (
                "[thresholds]\nacess_key_max_age_days = 90\n",
                2,
                "acess_key_max_age_days",
                "unknown field",
            ),
            (
                "[thresholds]\naccess_key_max_age_days = \"ninety\"\n",
                2,
                "(syntax)",
                "invalid type",
            ),
            (
                "[thresholds]\naccess_key_max_age_days = -1\n",
                2,
                "thresholds.access_key_max_age_days",
                "positive",
            ),
            (
                "[network]\ntrusted_admin_cidrs = [\"10.0.0.0/33\"]\n",
                2,
                "network.trusted_admin_cidrs",
                "not a CIDR",
            ),
            (
                "[network]\napproved_egress = [\"stripe\"]\n",
                2,
                "network.approved_egress",
                "neither a CIDR",
            ),
            (
                "[checks]\nskip = [\"alb-nope\"]\n",
                2,
                "checks.skip",
                "unknown check id",
            ),
            (
                "[state]\nbuckets = [\"acme-infra\"]\nlock = \"S3\"\n",
                3,
                "state.lock",
                "is not one of \"s3\"",
            ),
            ("[state]\nlock = true\n", 2, "(syntax)", "invalid type"),
            (
                "[checks.severity]\nalb-access-logs = \"urgent\"\n",
                2,
                "checks.severity.alb-access-logs",
                "not one of",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"my-alb\"\nreason = \"r\"\nexpires = 2027-01-01\n",
                3,
                "suppress.resource",
                "cannot match an ARN",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:aws:[\"\nreason = \"r\"\nexpires = 2027-01-01\n",
                3,
                "suppress.resource",
                "not a valid glob",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:*\"\nreason = \"r\"\nexpires = 2027-02-30\n",
                5,
                "(syntax)",
                "",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:*\"\nreason = \"r\"\nexpires = 2027-01-01T10:00:00Z\n",
                5,
                "suppress.expires",
                "must be a date",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:*\"\nreason = \" \"\nexpires = 2027-01-01\n",
                4,
                "suppress.reason",
                "must say why",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:*\"\nexpires = 2027-01-01\n",
                1,
                "(syntax)",
                "reason",
            ),
            (
                "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:*\"\nreason = \"r\"\n",
                1,
                "(syntax)",
                "expires",
            ),
        ];
        for (text, line, field, message) in cases {
            let e = error(text);
            assert_eq!(e.file, "posture.toml");
            assert_eq!((e.line, e.field.as_str()), (*line, *field), "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
            assert!(
                e.to_string().starts_with(&format!("posture.toml:{line}: ")),
                "{e}"
            );
        }
    }
}
