//! Score and tier verdict.
//!
//! Each check that judged at least one resource contributes its severity
//! weight (critical 10, high 5, medium 3, low 1) times the share of its
//! resources that pass (suppressed findings count as passing). The score of an
//! area, or overall, is that weighted share as a percentage. `unknown`
//! findings do not move the score; they lower `verified_percent`, the share of
//! findings whose verdict is known.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Area, Finding, Severity, Status, Tier};

pub fn weight(s: Severity) -> f64 {
    match s {
        Severity::Critical => 10.0,
        Severity::High => 5.0,
        Severity::Medium => 3.0,
        Severity::Low => 1.0,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub overall: Option<u32>,
    pub areas: BTreeMap<Area, u32>,
    /// Findings with a known verdict, as a percentage of all findings.
    pub verified_percent: u32,
}

#[derive(Default)]
struct Tally {
    good: usize,
    judged: usize,
    severity: Option<Severity>,
}

fn by_check(findings: &[Finding]) -> BTreeMap<&str, Tally> {
    let mut checks: BTreeMap<&str, Tally> = BTreeMap::new();
    for f in findings {
        let t = checks.entry(&f.check).or_default();
        t.severity = Some(f.severity);
        match f.status {
            Status::Pass | Status::Suppressed => {
                t.good += 1;
                t.judged += 1;
            }
            Status::Fail => t.judged += 1,
            Status::Unknown => {}
        }
    }
    checks
}

fn percent(tallies: &[&Tally]) -> Option<u32> {
    let (mut earned, mut possible) = (0.0, 0.0);
    for t in tallies.iter().filter(|t| t.judged > 0) {
        let w = weight(t.severity.unwrap_or(Severity::Low));
        earned += w * t.good as f64 / t.judged as f64;
        possible += w;
    }
    (possible > 0.0).then(|| (100.0 * earned / possible).round() as u32)
}

pub fn score(findings: &[Finding]) -> Score {
    let checks = by_check(findings);
    let mut areas: BTreeMap<Area, Vec<&Tally>> = BTreeMap::new();
    for (id, tally) in &checks {
        if let Some(meta) = crate::checks::meta(id) {
            areas.entry(meta.area).or_default().push(tally);
        }
    }
    let known = findings
        .iter()
        .filter(|f| f.status != Status::Unknown)
        .count();
    Score {
        overall: percent(&checks.values().collect::<Vec<_>>()),
        areas: areas
            .iter()
            .filter_map(|(area, t)| Some((*area, percent(t)?)))
            .collect(),
        verified_percent: if findings.is_empty() {
            100
        } else {
            (100 * known / findings.len()) as u32
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TierVerdict {
    BelowBaseline,
    StartupReady,
    EnterpriseGrade,
}

impl std::fmt::Display for TierVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TierVerdict::BelowBaseline => "Below baseline",
            TierVerdict::StartupReady => "Startup-Ready",
            TierVerdict::EnterpriseGrade => "Enterprise-Grade",
        })
    }
}

/// One change on the way to the next tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub check: String,
    pub severity: Severity,
    pub tier: Tier,
    /// Resources failing it.
    pub resources: usize,
    pub fix: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub tier: TierVerdict,
    /// The tier above, when there is one.
    pub next_tier: Option<TierVerdict>,
    /// Failing checks to fix to reach `next_tier`, worst first.
    pub next_steps: Vec<Step>,
    /// Checks whose findings are unknown in the tiers that stand in the way:
    /// the verdict cannot rise past them until they are verified.
    pub blocked_by_unknown: Vec<String>,
}

/// The highest tier whose checks all pass (suppressed counts as passing,
/// unknown does not). `enterprise_evaluated` is false when the enterprise
/// checks were not run (`--tier baseline`): Enterprise-Grade cannot be proven then.
pub fn verdict(findings: &[Finding], enterprise_evaluated: bool) -> Verdict {
    let in_tier = |tier: Tier| findings.iter().filter(move |f| f.tier == tier);
    let fails = |tier: Tier| in_tier(tier).any(|f| f.status == Status::Fail);
    let unknown = |tier: Tier| in_tier(tier).any(|f| f.status == Status::Unknown);
    let baseline_ok = !fails(Tier::Baseline) && !unknown(Tier::Baseline);
    let enterprise_ok =
        enterprise_evaluated && !fails(Tier::Enterprise) && !unknown(Tier::Enterprise);
    let (tier, next_tier, blocking) = if !baseline_ok {
        (
            TierVerdict::BelowBaseline,
            Some(TierVerdict::StartupReady),
            vec![Tier::Baseline],
        )
    } else if !enterprise_ok {
        (
            TierVerdict::StartupReady,
            Some(TierVerdict::EnterpriseGrade),
            vec![Tier::Enterprise],
        )
    } else {
        (TierVerdict::EnterpriseGrade, None, vec![])
    };

    let mut steps: BTreeMap<&str, Step> = BTreeMap::new();
    let mut blocked: Vec<String> = Vec::new();
    for f in findings.iter().filter(|f| blocking.contains(&f.tier)) {
        match f.status {
            Status::Fail => {
                let step = steps.entry(&f.check).or_insert_with(|| Step {
                    check: f.check.clone(),
                    severity: f.severity,
                    tier: f.tier,
                    resources: 0,
                    fix: crate::checks::meta(&f.check)
                        .map(|m| m.remediation.summary.trim().to_string())
                        .unwrap_or_default(),
                });
                step.resources += 1;
            }
            Status::Unknown if !blocked.contains(&f.check) => blocked.push(f.check.clone()),
            _ => {}
        }
    }
    let mut next_steps: Vec<Step> = steps.into_values().collect();
    next_steps.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.severity),
            std::cmp::Reverse(a.resources),
            &a.check,
        )
            .cmp(&(
                std::cmp::Reverse(b.severity),
                std::cmp::Reverse(b.resources),
                &b.check,
            ))
    });
    blocked.sort();
    Verdict {
        tier,
        next_tier,
        next_steps,
        blocked_by_unknown: blocked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(check: &str, status: Status) -> Finding {
        let meta = crate::checks::meta(check).expect("a catalog id");
        Finding {
            id: format!("{check}-{status}"),
            check: check.into(),
            status,
            severity: meta.severity,
            tier: meta.tier,
            account: "1".into(),
            region: "us-east-1".into(),
            resource: "r".into(),
            resource_name: "r".into(),
            message: String::new(),
            evidence: Default::default(),
            suppression: None,
            controls: Default::default(),
            change: None,
            previous_status: None,
            terraform: None,
        }
    }

    // alb-tls-policy: baseline/high; alb-deletion-protection: enterprise/medium;
    // sg-admin-ports-from-internet: baseline/critical; alb-access-logs: enterprise/low.
    #[test]
    fn formula() {
        let findings = vec![
            f("sg-admin-ports-from-internet", Status::Pass),
            f("sg-admin-ports-from-internet", Status::Fail),
            f("alb-tls-policy", Status::Pass),
            f("alb-access-logs", Status::Fail),
            f("alb-deletion-protection", Status::Unknown),
        ];
        let s = score(&findings);
        // critical 10 × 1/2 + high 5 × 1 + low 1 × 0 = 10 of 16 → 62.5 → 63
        assert_eq!(s.overall, Some(63));
        // load balancers: high 5 × 1 + low 0 of 6 → 83; network: 10 × 0.5 of 10 → 50
        assert_eq!(s.areas.get(&Area::LoadBalancers), Some(&83));
        assert_eq!(s.areas.get(&Area::Network), Some(&50));
        assert_eq!(s.verified_percent, 80);
    }

    #[test]
    fn suppressed_counts_as_passing_and_unknown_only_lowers_coverage() {
        let s = score(&[
            f("alb-access-logs", Status::Suppressed),
            f("alb-tls-policy", Status::Unknown),
        ]);
        assert_eq!(s.overall, Some(100));
        assert_eq!(s.verified_percent, 50);
        assert_eq!(score(&[]).overall, None);
    }

    #[test]
    fn tier_boundaries() {
        let below = verdict(
            &[
                f("alb-tls-policy", Status::Fail),
                f("alb-access-logs", Status::Fail),
            ],
            true,
        );
        assert_eq!(below.tier, TierVerdict::BelowBaseline);
        assert_eq!(below.next_tier, Some(TierVerdict::StartupReady));
        assert_eq!(
            below
                .next_steps
                .iter()
                .map(|s| s.check.as_str())
                .collect::<Vec<_>>(),
            ["alb-tls-policy"]
        );

        let startup = verdict(
            &[
                f("alb-tls-policy", Status::Pass),
                f("alb-access-logs", Status::Fail),
            ],
            true,
        );
        assert_eq!(startup.tier, TierVerdict::StartupReady);
        assert_eq!(startup.next_steps.len(), 1);
        assert_eq!(startup.next_steps[0].check, "alb-access-logs");

        let enterprise = verdict(
            &[
                f("alb-tls-policy", Status::Pass),
                f("alb-access-logs", Status::Suppressed),
            ],
            true,
        );
        assert_eq!(enterprise.tier, TierVerdict::EnterpriseGrade);
        assert_eq!(enterprise.next_tier, None);
        assert!(enterprise.next_steps.is_empty());

        // Enterprise checks not run: Enterprise-Grade cannot be proven.
        assert_eq!(
            verdict(&[f("alb-tls-policy", Status::Pass)], false).tier,
            TierVerdict::StartupReady
        );
    }

    #[test]
    fn unknown_blocks_the_verdict_and_says_so() {
        let v = verdict(
            &[
                f("alb-tls-policy", Status::Unknown),
                f("alb-access-logs", Status::Pass),
            ],
            true,
        );
        assert_eq!(v.tier, TierVerdict::BelowBaseline);
        assert!(v.next_steps.is_empty());
        assert_eq!(v.blocked_by_unknown, vec!["alb-tls-policy".to_string()]);
        let v = verdict(
            &[
                f("alb-tls-policy", Status::Pass),
                f("alb-access-logs", Status::Unknown),
            ],
            true,
        );
        assert_eq!(v.tier, TierVerdict::StartupReady);
        assert_eq!(v.blocked_by_unknown, vec!["alb-access-logs".to_string()]);
    }

    #[test]
    fn next_steps_worst_first_with_resource_counts() {
        let v = verdict(
            &[
                f("alb-tls-policy", Status::Pass),
                f("alb-access-logs", Status::Fail),
                f("alb-deletion-protection", Status::Fail),
                f("alb-deletion-protection", Status::Fail),
            ],
            true,
        );
        let steps: Vec<(&str, usize)> = v
            .next_steps
            .iter()
            .map(|s| (s.check.as_str(), s.resources))
            .collect();
        assert_eq!(
            steps,
            [("alb-deletion-protection", 2), ("alb-access-logs", 1)]
        );
        assert!(!v.next_steps[0].fix.is_empty());
    }
}
