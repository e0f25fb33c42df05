//! Reports: one module per format. Checks do not know how they are printed.

pub mod asff;
pub mod changes;
pub mod compliance;
pub mod csv;
pub mod html;
pub mod json;
pub mod junit;
pub mod ocsf;
pub mod sarif;
pub mod table;
pub mod text;

#[cfg(test)]
pub mod testing;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{self, ManualControl};
use crate::checks::Selection;
use crate::cli::Format;
use crate::finding::{Finding, Severity, Status, Tier};
use crate::inventory::Gap;
use crate::inventory::Inventory;
use crate::score::{self, Score, TierVerdict, Verdict};
use compliance::Compliance;

pub const REPORT_SCHEMA: &str = "posture.report/v1";

/// One format of the report, rendered from the same data as every other.
pub fn render(report: &Report, format: Format, style: &table::Style) -> String {
    match format {
        // What changed since the baseline comes first.
        Format::Table => changes::section(report) + &table::render(report, style),
        Format::TableWide => changes::section(report) + &table::render_wide(report, style),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Ocsf => ocsf::render(report),
        Format::Asff => asff::render(report),
        Format::Junit => junit::render(report),
        Format::Csv => csv::render(report),
        Format::Html => html::render(report),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountVerdict {
    pub account: String,
    pub score: Score,
    pub tier: TierVerdict,
    pub next_steps: usize,
    pub blocked_by_unknown: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats {
    pub api_calls: u64,
    pub duration_ms: u64,
    /// Attempts beyond the first of each call (throttling, timeouts, 5xx).
    #[serde(default)]
    pub retries: u64,
    /// Calls by service and operation.
    #[serde(default)]
    pub calls: Vec<crate::inventory::OperationCalls>,
    /// The time of each phase of this run: `connect`, `collect`, `check`
    /// (an audit of a snapshot has `check` only).
    #[serde(default)]
    pub phases: Vec<crate::progress::PhaseTime>,
}

/// The JSON report of DESIGN.md; fields are only ever added.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub tool: Tool,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub score: Score,
    /// The verdict over every audited account together.
    pub tier: TierVerdict,
    pub verdict: Verdict,
    /// Score and verdict of each account on its own.
    pub by_account: Vec<AccountVerdict>,
    pub findings: Vec<Finding>,
    pub gaps: Vec<Gap>,
    /// Checks not run because of --checks, --skip-checks, --tier, --compliance or the config.
    pub skipped_checks: Vec<String>,
    /// The guide's controls no API can observe: evidence is gathered by hand.
    pub manual_controls: Vec<ManualControl>,
    /// With `--compliance`: the results grouped by the framework's controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
    /// What the person running the audit should know: expired, stale or
    /// unchecked suppressions (also printed to stderr).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// With `--baseline`: the report compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::history::BaselineRef>,
    /// With `--baseline`: its failing, unknown or suppressed findings that no
    /// longer are (now passing, suppressed, or their resource gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Vec<crate::history::Resolved>>,
    pub stats: Stats,
}

impl Report {
    pub fn new(
        inventory: &Inventory,
        mut findings: Vec<Finding>,
        selection: &Selection,
        warnings: Vec<String>,
    ) -> Report {
        sort_worst_first(&mut findings);
        let skipped_checks: Vec<String> = crate::checks::all()
            .iter()
            .filter(|c| !selection.wants(c))
            .map(|c| c.meta.id.clone())
            .collect();
        let enterprise_evaluated = selection.tier != Some(Tier::Baseline);
        let verdict = score::verdict(&findings, enterprise_evaluated);
        let compliance = selection.framework.map(|framework| {
            let ran: Vec<&str> = selection.checks().map(|c| c.id()).collect();
            compliance::group(framework, &findings, &ran)
        });
        let mut regions: Vec<String> = Vec::new();
        for r in inventory.accounts.iter().flat_map(|a| &a.regions) {
            if !regions.contains(&r.region) {
                regions.push(r.region.clone());
            }
        }
        Report {
            schema: REPORT_SCHEMA.to_string(),
            tool: Tool {
                name: "posture".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            accounts: inventory
                .accounts
                .iter()
                .map(|a| a.account_id.clone())
                .collect(),
            regions,
            started_at: inventory.started_at,
            finished_at: inventory.finished_at,
            by_account: inventory
                .accounts
                .iter()
                .map(|a| {
                    let own: Vec<Finding> = findings
                        .iter()
                        .filter(|f| f.account == a.account_id)
                        .cloned()
                        .collect();
                    let v = score::verdict(&own, enterprise_evaluated);
                    AccountVerdict {
                        account: a.account_id.clone(),
                        score: score::score(&own),
                        tier: v.tier,
                        next_steps: v.next_steps.len(),
                        blocked_by_unknown: v.blocked_by_unknown,
                    }
                })
                .collect(),
            score: score::score(&findings),
            tier: verdict.tier,
            verdict,
            findings,
            gaps: inventory.gaps.clone(),
            skipped_checks,
            manual_controls: catalog::MANUAL.clone(),
            compliance,
            warnings,
            baseline: None,
            resolved: None,
            stats: Stats {
                api_calls: inventory.api_calls,
                retries: inventory
                    .calls
                    .iter()
                    .map(|c| c.attempts.saturating_sub(c.calls))
                    .sum(),
                calls: inventory.calls.clone(),
                phases: Vec::new(),
                duration_ms: (inventory.finished_at - inventory.started_at)
                    .num_milliseconds()
                    .max(0) as u64,
            },
        }
    }

    pub fn count(&self, status: Status) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }

    /// Failing findings at or above `threshold`.
    pub fn failures_at_or_above(&self, threshold: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.status == Status::Fail && f.severity >= threshold)
            .count()
    }
}

/// Failing first, then unknown, then passing; within each, the most severe first.
pub fn sort_worst_first(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.status,
            std::cmp::Reverse(a.severity),
            &a.check,
            &a.account,
            &a.region,
            &a.resource_name,
            &a.resource,
        )
            .cmp(&(
                b.status,
                std::cmp::Reverse(b.severity),
                &b.check,
                &b.account,
                &b.region,
                &b.resource_name,
                &b.resource,
            ))
    });
}
