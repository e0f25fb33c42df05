//! What changed since an earlier report: `audit --baseline OLD.json` marks
//! each finding `new`, `unchanged` or `changed` and lists the `resolved` ones;
//! `posture diff OLD.json NEW.json` does the same to two saved reports.
//!
//! Findings are matched by their stable id (check + account + region +
//! resource). A baseline finding that is absent now is called resolved only
//! when posture can tell the resource is gone: its check ran, its account and
//! region were audited, and nothing there went uncollected. Otherwise it is
//! counted as not compared, never as fixed.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::AuditError;
use crate::finding::{Change, Finding, Status};
use crate::report::{REPORT_SCHEMA, Report};

/// The report a run was compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineRef {
    pub tool_version: String,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: chrono::DateTime<chrono::Utc>,
    /// How many failing or unknown baseline findings could not be compared:
    /// their check did not run, or their place was not (fully) audited.
    pub not_compared: usize,
}

/// Why a failing baseline finding no longer fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Now {
    /// The same resource passes the same check.
    Pass,
    /// The same resource is accepted by a suppression.
    Suppressed,
    /// The resource no longer exists where it was audited.
    Gone,
}

/// A baseline finding that was failing or unknown and is not any more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub now: Now,
    /// The finding as the baseline reported it.
    pub was: Finding,
}

/// Read a report written by `posture audit --format json`, refusing anything else.
pub fn load_report(path: &Path) -> Result<Report, AuditError> {
    let bad = |why: String| AuditError::Usage(format!("{}: {why}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "not JSON ({e}); pass a report written by --format json"
        ))
    })?;
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(REPORT_SCHEMA) => {}
        Some(other) if other.starts_with("posture.report/") => {
            return Err(bad(format!(
                "a report of another posture version ({other}); this one reads {REPORT_SCHEMA}"
            )));
        }
        Some(other) => {
            return Err(bad(format!(
                "a {other:?} file, not a posture report ({REPORT_SCHEMA})"
            )));
        }
        None => {
            return Err(bad(format!(
                "not a posture report (no \"schema\": {REPORT_SCHEMA:?}); pass a report written by --format json"
            )));
        }
    }
    serde_json::from_value(value).map_err(|e| bad(format!("a damaged report: {e}")))
}

/// Mark `report`'s findings against `baseline` and list what was resolved.
/// Refuses a baseline of other accounts: nothing could be compared.
pub fn compare(baseline: &Report, report: &mut Report) -> Result<(), AuditError> {
    if !baseline.accounts.is_empty()
        && !baseline
            .accounts
            .iter()
            .any(|a| report.accounts.contains(a))
    {
        return Err(AuditError::Usage(format!(
            "the baseline audited account(s) {}, this report {}: no account in common to compare",
            baseline.accounts.join(", "),
            report.accounts.join(", ")
        )));
    }
    let before: HashMap<&str, &Finding> = baseline
        .findings
        .iter()
        .map(|f| (f.id.as_str(), f))
        .collect();
    for f in &mut report.findings {
        let (change, previous) = match before.get(f.id.as_str()) {
            None => (Change::New, None),
            Some(old) if old.status == f.status => (Change::Unchanged, None),
            Some(old) => (Change::Changed, Some(old.status)),
        };
        f.change = Some(change);
        f.previous_status = previous;
    }
    let now: HashMap<&str, &Finding> = report.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let coverage = Coverage::of(report);
    let mut resolved = Vec::new();
    let mut not_compared = 0;
    for old in baseline.findings.iter().filter(|f| still_open(f.status)) {
        match now.get(old.id.as_str()) {
            Some(current) => {
                let now = match current.status {
                    Status::Pass => Now::Pass,
                    Status::Suppressed if old.status != Status::Suppressed => Now::Suppressed,
                    _ => continue,
                };
                resolved.push(Resolved {
                    now,
                    was: old.clone(),
                });
            }
            None if coverage.audited_fully(old) => resolved.push(Resolved {
                now: Now::Gone,
                was: old.clone(),
            }),
            None => not_compared += 1,
        }
    }
    report.baseline = Some(BaselineRef {
        tool_version: baseline.tool.version.clone(),
        accounts: baseline.accounts.clone(),
        regions: baseline.regions.clone(),
        started_at: baseline.started_at,
        finished_at: baseline.finished_at,
        not_compared,
    });
    if not_compared > 0 {
        report.warnings.push(format!(
            "{not_compared} failing or unknown finding(s) of the baseline were not compared: their check did not run, or their account or region was not (fully) audited this time"
        ));
    }
    report.resolved = Some(resolved);
    Ok(())
}

/// A baseline finding that still needed attention.
fn still_open(status: Status) -> bool {
    matches!(status, Status::Fail | Status::Unknown | Status::Suppressed)
}

/// What `report` covered, gathered once: whether it would have a finding for
/// a resource if the resource still existed.
struct Coverage<'r> {
    report: &'r Report,
    /// `(check, account, region)` with an unknown finding: that check could
    /// not (fully) read the place.
    unknown: HashSet<(&'r str, &'r str, &'r str)>,
}

impl<'r> Coverage<'r> {
    fn of(report: &'r Report) -> Coverage<'r> {
        let unknown = report
            .findings
            .iter()
            .filter(|f| f.status == Status::Unknown)
            .map(|f| (f.check.as_str(), f.account.as_str(), f.region.as_str()))
            .collect();
        Coverage { report, unknown }
    }

    /// The check ran, the place was audited, and nothing there was left
    /// uncollected (a gap or an unknown finding of the same check).
    fn audited_fully(&self, old: &Finding) -> bool {
        let report = self.report;
        let ran =
            crate::checks::get(&old.check).is_some() && !report.skipped_checks.contains(&old.check);
        let region_audited = old.region == "global" || report.regions.contains(&old.region);
        ran && report.accounts.contains(&old.account)
            && region_audited
            // Account-wide collection (IAM, S3) records its gaps as "global",
            // whatever the region of the resources it left unread.
            && !report.gaps.iter().any(|g| {
                g.account == old.account && (g.region == old.region || g.region == "global")
            })
            && !self
                .unknown
                .contains(&(old.check.as_str(), old.account.as_str(), old.region.as_str()))
    }
}

/// Findings that newly need attention: new or changed into `fail`.
pub fn new_failures(report: &Report) -> impl Iterator<Item = &Finding> {
    report.findings.iter().filter(|f| {
        f.status == Status::Fail
            && match f.change {
                Some(Change::New) => true,
                Some(Change::Changed) => f.previous_status != Some(Status::Fail),
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    /// Move one finding of `check` (any check: `None`) from `from` to `to`.
    fn set_status(report: &mut Report, check: Option<&str>, from: Status, to: Status) -> String {
        let f = report
            .findings
            .iter_mut()
            .find(|f| check.is_none_or(|c| f.check == c) && f.status == from)
            .expect("a finding to change");
        let status = to;
        f.status = status;
        f.id.clone()
    }

    #[test]
    fn a_report_against_itself_is_unchanged_with_nothing_resolved() {
        let old = testing::fixture("startup");
        let mut new = old.clone();
        compare(&old, &mut new).unwrap();
        assert!(
            new.findings
                .iter()
                .all(|f| f.change == Some(Change::Unchanged))
        );
        assert_eq!(new.resolved, Some(Vec::new()));
        assert_eq!(new.baseline.as_ref().unwrap().not_compared, 0);
        assert_eq!(new_failures(&new).count(), 0);
    }

    #[test]
    fn fixed_broken_new_and_deleted_findings_are_told_apart() {
        let old = testing::fixture("startup");
        let mut new = old.clone();
        let broken = set_status(&mut new, None, Status::Pass, Status::Fail);
        let fixed = set_status(
            &mut new,
            Some("alb-deletion-protection"),
            Status::Fail,
            Status::Pass,
        );
        // A resource that appears, and one that disappears.
        let mut added = new.findings[0].clone();
        added.resource = "arn:aws:ec2:us-east-1:111111111111:security-group/sg-new".into();
        added.id = Finding::stable_id(&added.check, &added.account, &added.region, &added.resource);
        new.findings.push(added.clone());
        let deleted = new
            .findings
            .iter()
            .position(|f| f.status == Status::Fail && f.id != added.id && f.region != "global")
            .unwrap();
        let deleted = new.findings.remove(deleted);

        compare(&old, &mut new).unwrap();
        let by_id = |id: &str| new.findings.iter().find(|f| f.id == id).unwrap();
        assert_eq!(by_id(&fixed).change, Some(Change::Changed));
        assert_eq!(by_id(&fixed).previous_status, Some(Status::Fail));
        assert_eq!(by_id(&broken).change, Some(Change::Changed));
        assert_eq!(by_id(&added.id).change, Some(Change::New));
        let resolved = new.resolved.clone().unwrap();
        let now_of = |id: &str| resolved.iter().find(|r| r.was.id == id).map(|r| r.now);
        assert_eq!(now_of(&fixed), Some(Now::Pass));
        assert_eq!(now_of(&deleted.id), Some(Now::Gone));
        assert_eq!(resolved.len(), 2);
        let new_failing: Vec<&str> = new_failures(&new).map(|f| f.id.as_str()).collect();
        assert!(new_failing.contains(&broken.as_str()));
        assert!(new_failing.contains(&added.id.as_str()));
    }

    #[test]
    fn an_absent_finding_is_not_resolved_where_the_place_was_not_fully_audited() {
        let old = testing::fixture("startup");
        let gone = |edit: &dyn Fn(&mut Report, &Finding)| {
            let mut new = old.clone();
            let i = new
                .findings
                .iter()
                .position(|f| f.status == Status::Fail && f.region != "global")
                .unwrap();
            let removed = new.findings.remove(i);
            edit(&mut new, &removed);
            compare(&old, &mut new).unwrap();
            let resolved = new.resolved.unwrap().iter().any(|r| r.was.id == removed.id);
            (resolved, new.baseline.unwrap().not_compared)
        };
        assert_eq!(gone(&|_, _| {}), (true, 0));
        // The check was skipped this time.
        assert_eq!(
            gone(&|r, f| r.skipped_checks.push(f.check.clone())),
            (false, 1)
        );
        // The region was not audited.
        assert_eq!(
            gone(&|r, f| r.regions.retain(|x| *x != f.region)),
            (false, 1)
        );
        // A collection gap in that place, or in the account's global collection.
        for region in [None, Some("global")] {
            assert_eq!(
                gone(&|r, f| r.gaps.push(crate::inventory::Gap {
                    account: f.account.clone(),
                    region: region.map_or_else(|| f.region.clone(), str::to_string),
                    service: "ec2".into(),
                    operation: "DescribeSecurityGroups".into(),
                    resource: None,
                    error: "AccessDenied".into(),
                })),
                (false, 1),
                "{region:?}"
            );
        }
        // The check could not list that place (the walker's one unknown).
        assert_eq!(
            gone(&|r, f| {
                let mut unknown = f.clone();
                unknown.status = Status::Unknown;
                unknown.resource = "arn:aws:ec2:us-east-1:111111111111:region".into();
                unknown.id = Finding::stable_id(&f.check, &f.account, &f.region, &unknown.resource);
                r.findings.push(unknown);
            }),
            (false, 1)
        );
    }

    #[test]
    fn a_baseline_of_other_accounts_is_refused() {
        let mut old = testing::fixture("startup");
        old.accounts = vec!["999999999999".into()];
        let mut new = testing::fixture("startup");
        let err = compare(&old, &mut new).unwrap_err().to_string();
        assert!(err.contains("no account in common"), "{err}");
    }

    #[test]
    fn load_refuses_what_is_not_a_posture_report() {
        let dir = std::env::temp_dir().join(format!("posture-history-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases = [
            ("missing.json", None, "cannot read it"),
            ("text.json", Some("not json"), "not JSON"),
            (
                "sarif.json",
                Some(r#"{"version":"2.1.0"}"#),
                "no \"schema\"",
            ),
            (
                "snapshot.json",
                Some(r#"{"schema":"posture.inventory/v2"}"#),
                "not a posture report",
            ),
            (
                "old.json",
                Some(r#"{"schema":"posture.report/v0"}"#),
                "another posture version",
            ),
            (
                "damaged.json",
                Some(r#"{"schema":"posture.report/v1"}"#),
                "damaged",
            ),
        ];
        for (name, text, expected) in cases {
            let path = dir.join(name);
            if let Some(text) = text {
                std::fs::write(&path, text).unwrap();
            }
            let err = load_report(&path).unwrap_err().to_string();
            assert!(err.contains(expected), "{name}: {err}");
            assert!(
                err.contains(name),
                "{name}: the error names the file: {err}"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
