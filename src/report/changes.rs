//! What changed since the baseline: the first section of the table with
//! `--baseline`, and the whole output of `posture diff`.

use serde::Serialize;

use super::Report;
use crate::finding::{Change, Finding, Status};
use crate::history::{self, BaselineRef, Resolved};

/// The changes of a compared report, worst first (the report's order).
pub struct Changes<'r> {
    pub baseline: &'r BaselineRef,
    /// New findings that fail, are unknown or are suppressed.
    pub new: Vec<&'r Finding>,
    /// Findings whose status moved, passing ones included.
    pub changed: Vec<&'r Finding>,
    pub resolved: &'r [Resolved],
    pub unchanged: usize,
    /// New findings that pass: new resources already configured well.
    pub new_passing: usize,
}

impl<'r> Changes<'r> {
    /// `None` when the report was not compared with a baseline.
    pub fn of(report: &'r Report) -> Option<Changes<'r>> {
        let baseline = report.baseline.as_ref()?;
        let with = |change: Change| {
            report
                .findings
                .iter()
                .filter(move |f| f.change == Some(change))
        };
        Some(Changes {
            baseline,
            new: with(Change::New)
                .filter(|f| f.status != Status::Pass)
                .collect(),
            changed: with(Change::Changed).collect(),
            resolved: report.resolved.as_deref().unwrap_or_default(),
            unchanged: with(Change::Unchanged).count(),
            new_passing: with(Change::New)
                .filter(|f| f.status == Status::Pass)
                .count(),
        })
    }
}

fn place(f: &Finding) -> String {
    format!("{} ({}, {})", f.resource_name, f.account, f.region)
}

/// The section a person reads first: what is new, what moved, what was fixed.
pub fn section(report: &Report) -> String {
    let Some(c) = Changes::of(report) else {
        return String::new();
    };
    // A change that resolved a finding is told once, under Resolved.
    let changed: Vec<&&Finding> = c
        .changed
        .iter()
        .filter(|f| !c.resolved.iter().any(|r| r.was.id == f.id))
        .collect();
    let mut text = format!(
        "Since the baseline of {}: {} new, {} resolved, {} changed otherwise, {} unchanged\n",
        c.baseline.started_at.format("%Y-%m-%d %H:%M UTC"),
        c.new.len(),
        c.resolved.len(),
        changed.len(),
        c.unchanged
    );
    if !c.new.is_empty() {
        text.push_str("\nNew\n");
        for f in &c.new {
            text.push_str(&format!(
                "  + {:<8} {:<8} {}  {}\n      {}\n",
                f.severity.as_str(),
                f.status.to_string(),
                f.check,
                place(f),
                f.message
            ));
        }
    }
    if !changed.is_empty() {
        text.push_str("\nChanged\n");
        for f in changed {
            let was = f.previous_status.map(|s| s.to_string()).unwrap_or_default();
            text.push_str(&format!(
                "  ~ {:<8} {was} → {}  {}  {}\n",
                f.severity.as_str(),
                f.status,
                f.check,
                place(f)
            ));
        }
    }
    if !c.resolved.is_empty() {
        text.push_str("\nResolved\n");
        for r in c.resolved {
            let now = match r.now {
                history::Now::Pass => "now passes",
                history::Now::Suppressed => "now suppressed",
                history::Now::Gone => "resource gone",
            };
            text.push_str(&format!(
                "  - {:<8} {}  {}  (was {}, {now})\n",
                r.was.severity.as_str(),
                r.was.check,
                place(&r.was),
                r.was.status
            ));
        }
    }
    if c.new_passing > 0 {
        text.push_str(&format!(
            "\n{} new finding(s) pass (new resources, configured well).\n",
            c.new_passing
        ));
    }
    if c.baseline.not_compared > 0 {
        text.push_str(&format!(
            "{} baseline finding(s) not compared: their check did not run, or their place was not fully audited.\n",
            c.baseline.not_compared
        ));
    }
    text.push('\n');
    text
}

pub const DIFF_SCHEMA: &str = "posture.diff/v1";

#[derive(Serialize)]
struct DiffJson<'r> {
    schema: &'static str,
    baseline: &'r BaselineRef,
    report: Side<'r>,
    summary: Summary,
    new: &'r [&'r Finding],
    changed: &'r [&'r Finding],
    resolved: &'r [Resolved],
}

#[derive(Serialize)]
struct Side<'r> {
    tool_version: &'r str,
    accounts: &'r [String],
    regions: &'r [String],
    started_at: chrono::DateTime<chrono::Utc>,
    finished_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
struct Summary {
    new: usize,
    new_failing: usize,
    changed: usize,
    resolved: usize,
    unchanged: usize,
    new_passing: usize,
    not_compared: usize,
}

/// `posture diff --format json`.
pub fn json(report: &Report) -> String {
    let Some(c) = Changes::of(report) else {
        return "{}".into();
    };
    let doc = DiffJson {
        schema: DIFF_SCHEMA,
        baseline: c.baseline,
        report: Side {
            tool_version: &report.tool.version,
            accounts: &report.accounts,
            regions: &report.regions,
            started_at: report.started_at,
            finished_at: report.finished_at,
        },
        summary: Summary {
            new: c.new.len(),
            new_failing: history::new_failures(report).count(),
            changed: c.changed.len(),
            resolved: c.resolved.len(),
            unchanged: c.unchanged,
            new_passing: c.new_passing,
            not_compared: c.baseline.not_compared,
        },
        new: &c.new,
        changed: &c.changed,
        resolved: c.resolved,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into()) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    #[test]
    fn the_section_lists_what_is_new_changed_and_resolved() {
        let old = testing::fixture("startup");
        let mut new = old.clone();
        let fixed = new
            .findings
            .iter_mut()
            .find(|f| f.check == "alb-deletion-protection" && f.status == Status::Fail)
            .unwrap();
        fixed.status = Status::Pass;
        let fixed_name = fixed.resource_name.clone();
        let mut added = new.findings[0].clone();
        added.resource = "arn:aws:ec2:us-east-1:111111111111:security-group/sg-new".into();
        added.resource_name = "brand-new-sg".into();
        added.id = Finding::stable_id(&added.check, &added.account, &added.region, &added.resource);
        new.findings.push(added);
        history::compare(&old, &mut new).unwrap();

        let text = section(&new);
        assert!(text.starts_with("Since the baseline of "), "{text}");
        assert!(
            text.contains("1 new, 1 resolved, 0 changed otherwise"),
            "{text}"
        );
        assert!(
            !text.contains("\nChanged\n"),
            "told once, as resolved: {text}"
        );
        assert!(
            text.contains("+ ") && text.contains("brand-new-sg"),
            "{text}"
        );
        assert!(
            text.contains(&format!("{fixed_name} (111111111111")),
            "{text}"
        );
        assert!(text.contains("(was fail, now passes)"), "{text}");

        let doc: serde_json::Value = serde_json::from_str(&json(&new)).unwrap();
        assert_eq!(doc["schema"], DIFF_SCHEMA);
        assert_eq!(doc["summary"]["new"], 1);
        assert_eq!(doc["summary"]["new_failing"], 1);
        assert_eq!(doc["summary"]["resolved"], 1);
        assert_eq!(doc["changed"][0]["previous_status"], "fail");
        assert_eq!(doc["resolved"][0]["now"], "pass");
    }

    #[test]
    fn no_baseline_no_section() {
        assert_eq!(section(&testing::fixture("hardened")), "");
    }
}
