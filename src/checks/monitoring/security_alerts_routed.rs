//! `security-alerts-routed`: GuardDuty's findings reach someone: in each
//! region with a GuardDuty detector, an enabled rule of the default event
//! bus matches every high and critical finding and has a target.
//!
//! What the pattern matches is decided by `crate::event_pattern`; a pattern
//! it cannot decide leaves the region `unknown`, never passed.

use super::*;
use crate::event_pattern::{self, Bus, Verdict};
use crate::inventory::EventRule;

/// One finding per region with a detector (whatever its status: a
/// suspended detector is resumed with its routing as it is), on the
/// region's default event bus, where GuardDuty sends its findings.
pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let region = &at.region.region;
        let detectors = at.region.guardduty_detectors.as_deref();
        if detectors.is_some_and(<[_]>::is_empty) {
            continue;
        }
        let bus = format!(
            "arn:{}:events:{region}:{}:event-bus/default",
            at.account.partition, at.account.account_id
        );
        let finding = out.on(at, &bus, &format!("GuardDuty findings {region}"));
        let Some(rules) = at.region.event_rules.as_deref() else {
            finding.unknown("EventBridge rules could not be listed (see gaps).");
            continue;
        };
        let bus = Bus {
            account: &at.account.account_id,
            region,
        };
        let judged: Vec<Judged> = rules.iter().map(|rule| Judged::of(rule, bus)).collect();
        let shown: Vec<String> = judged
            .iter()
            .filter(|j| j.about_guardduty())
            .map(Judged::describe)
            .collect();
        let finding = finding
            .evidence_list("rules", &shown)
            .evidence("other_rules", judged.len() - shown.len());
        if let Some(routed) = judged.iter().find(|j| j.routes()) {
            let targets = routed.targets().join(", ");
            finding.pass(format!(
                "Rule {} routes GuardDuty's high and critical findings in {region} to {targets}.",
                routed.rule.name
            ));
        } else if detectors.is_none() {
            finding.unknown(format!(
                "No rule routes GuardDuty's findings in {region}, and whether the region has a detector is not known: GuardDuty detectors could not be listed (see gaps)."
            ));
        } else if let Some(names) = names(judged.iter().filter(|j| j.undecided())) {
            finding.unknown(format!(
                "Whether rule {names} routes every high and critical GuardDuty finding in {region} could not be decided (see the rules' evidence)."
            ));
        } else if let Some(names) = names(judged.iter().filter(|j| j.untargeted())) {
            finding.fail(format!(
                "Rule {names} matches GuardDuty's high and critical findings in {region} but has no target: the findings reach no one."
            ));
        } else {
            finding.fail(format!(
                "No enabled EventBridge rule in {region} routes GuardDuty's high and critical findings to a target: they wait in the console until someone looks."
            ));
        }
    }
}

/// `a, b` of the rules given, or `None` when there is none.
fn names<'a>(rules: impl Iterator<Item = &'a Judged<'a>>) -> Option<String> {
    let names: Vec<&str> = rules.map(|j| j.rule.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// A rule with its pattern's verdict.
struct Judged<'i> {
    rule: &'i EventRule,
    /// `None` for a rule without a pattern (a schedule).
    verdict: Option<Verdict>,
}

impl<'i> Judged<'i> {
    fn of(rule: &'i EventRule, bus: Bus<'_>) -> Self {
        let verdict = rule
            .event_pattern
            .as_deref()
            .map(|p| event_pattern::high_guardduty_findings(p, bus));
        Judged { rule, verdict }
    }

    fn targets(&self) -> &[String] {
        self.rule.targets.as_deref().unwrap_or_default()
    }

    /// Enabled, matching every such finding, and sending them somewhere.
    fn routes(&self) -> bool {
        self.rule.state.enabled()
            && self.verdict == Some(Verdict::Matches)
            && !self.targets().is_empty()
    }

    /// Enabled and matching, but with no target.
    fn untargeted(&self) -> bool {
        self.rule.state.enabled()
            && self.verdict == Some(Verdict::Matches)
            && self.rule.targets.as_ref().is_some_and(Vec::is_empty)
    }

    /// Enabled, and it might route them: a pattern posture cannot decide
    /// with targets (or targets unread), or a match whose targets are unread.
    fn undecided(&self) -> bool {
        let targets_unknown = self.rule.targets.is_none();
        self.rule.state.enabled()
            && match self.verdict {
                Some(Verdict::Matches) => targets_unknown,
                Some(Verdict::Unknown) => targets_unknown || !self.targets().is_empty(),
                _ => false,
            }
    }

    /// A rule worth showing: one whose pattern names GuardDuty (or that
    /// might match its findings); the bus's other rules are only counted.
    fn about_guardduty(&self) -> bool {
        let names = self.rule.event_pattern.as_deref().is_some_and(|p| {
            let p = p.to_ascii_lowercase();
            p.contains("guardduty")
        });
        names || matches!(self.verdict, Some(Verdict::Matches | Verdict::Unknown))
    }

    /// `name (ENABLED, matches, targets arn1 arn2)`.
    fn describe(&self) -> String {
        let pattern = match self.verdict {
            Some(Verdict::Matches) => "matches".to_string(),
            Some(Verdict::Misses { severity }) => format!("misses severity {severity:.1}"),
            Some(Verdict::Unknown) => "undecided pattern".to_string(),
            None => "no pattern".to_string(),
        };
        let asked = self.rule.state.enabled()
            && matches!(self.verdict, Some(Verdict::Matches | Verdict::Unknown));
        let targets = match &self.rule.targets {
            Some(t) if t.is_empty() => "no target".to_string(),
            Some(t) => format!("targets {}", t.join(" ")),
            // Asked, and the call failed.
            None if asked => "targets ?".to_string(),
            None => "targets not read".to_string(),
        };
        format!(
            "{} ({}, {pattern}, {targets})",
            self.rule.name,
            self.rule.state.as_str()
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Finding;
    use crate::finding::Status::{Fail, Pass, Unknown};

    const REGION: &str = "GuardDuty findings us-east-1";

    fn high_and_critical() -> String {
        json!({"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"],
               "detail": {"severity": [{"numeric": [">=", 7]}]}})
        .to_string()
    }

    fn rule(name: &str, state: &str, pattern: Option<String>, targets: Value) -> Value {
        json!({"arn": format!("arn:aws:events:us-east-1:123456789012:rule/{name}"), "name": name,
               "state": state, "event_pattern": pattern, "targets": targets})
    }

    fn judge(detectors: Value, rules: Value) -> Vec<Finding> {
        check(
            "security-alerts-routed",
            &inventory(
                json!({}),
                json!({"guardduty_detectors": detectors, "event_rules": rules}),
            ),
        )
    }

    fn enabled() -> Value {
        json!([{"id": "d1", "status": "ENABLED"}])
    }

    const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:security-alerts";

    #[test]
    fn an_enabled_matching_rule_with_a_target_passes() {
        let findings = judge(
            enabled(),
            json!([rule(
                "alerts",
                "ENABLED",
                Some(high_and_critical()),
                json!([TOPIC])
            )]),
        );
        assert_eq!(verdicts(&findings), v(&[(REGION, Pass)]));
        let f = &findings[0];
        assert_eq!(
            f.resource,
            "arn:aws:events:us-east-1:123456789012:event-bus/default"
        );
        assert_eq!(
            f.message,
            format!(
                "Rule alerts routes GuardDuty's high and critical findings in us-east-1 to {TOPIC}."
            )
        );
        assert_eq!(
            f.evidence["rules"],
            format!("alerts (ENABLED, matches, targets {TOPIC})")
        );
        assert_eq!(f.evidence["other_rules"], "0");
    }

    #[test]
    fn no_detector_no_finding_and_a_suspended_one_is_judged() {
        assert!(judge(json!([]), json!(null)).is_empty());
        let suspended = judge(json!([{"id": "d1", "status": "DISABLED"}]), json!([]));
        assert_eq!(verdicts(&suspended), v(&[(REGION, Fail)]));
        assert_eq!(
            suspended[0].message,
            "No enabled EventBridge rule in us-east-1 routes GuardDuty's high and critical findings to a target: they wait in the console until someone looks."
        );
        assert_eq!(suspended[0].evidence["rules"], "none");
    }

    #[test]
    fn a_rule_without_target_disabled_or_too_narrow_fails() {
        let untargeted = judge(
            enabled(),
            json!([rule(
                "alerts",
                "ENABLED",
                Some(high_and_critical()),
                json!([])
            )]),
        );
        assert_eq!(verdicts(&untargeted), v(&[(REGION, Fail)]));
        assert_eq!(
            untargeted[0].message,
            "Rule alerts matches GuardDuty's high and critical findings in us-east-1 but has no target: the findings reach no one."
        );
        assert_eq!(
            untargeted[0].evidence["rules"],
            "alerts (ENABLED, matches, no target)"
        );
        let disabled = judge(
            enabled(),
            json!([rule(
                "alerts",
                "DISABLED",
                Some(high_and_critical()),
                json!(null)
            )]),
        );
        assert_eq!(verdicts(&disabled), v(&[(REGION, Fail)]));
        assert_eq!(
            disabled[0].evidence["rules"],
            "alerts (DISABLED, matches, targets not read)"
        );
        let critical_only = json!({"source": ["aws.guardduty"],
            "detail": {"severity": [{"numeric": [">=", 9]}]}})
        .to_string();
        let narrow = judge(
            enabled(),
            json!([
                rule("critical", "ENABLED", Some(critical_only), json!(null)),
                rule("nightly", "ENABLED", None, json!(null)),
                rule(
                    "ec2",
                    "ENABLED",
                    Some(json!({"source": ["aws.ec2"]}).to_string()),
                    json!(null)
                )
            ]),
        );
        assert_eq!(verdicts(&narrow), v(&[(REGION, Fail)]));
        assert_eq!(
            narrow[0].evidence["rules"],
            "critical (ENABLED, misses severity 7.0, targets not read)"
        );
        assert_eq!(narrow[0].evidence["other_rules"], "2");
    }

    #[test]
    fn the_second_state_of_enabled_counts() {
        let findings = judge(
            enabled(),
            json!([rule(
                "alerts",
                "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
                Some(high_and_critical()),
                json!([TOPIC])
            )]),
        );
        assert_eq!(verdicts(&findings), v(&[(REGION, Pass)]));
    }

    /// Never a pass on what could not be read or decided.
    #[test]
    fn what_could_not_be_read_or_decided_is_unknown() {
        let unlisted = judge(enabled(), json!(null));
        assert_eq!(verdicts(&unlisted), v(&[(REGION, Unknown)]));
        assert_eq!(
            unlisted[0].message,
            "EventBridge rules could not be listed (see gaps)."
        );
        let targets_unread = judge(
            enabled(),
            json!([rule(
                "alerts",
                "ENABLED",
                Some(high_and_critical()),
                json!(null)
            )]),
        );
        assert_eq!(verdicts(&targets_unread), v(&[(REGION, Unknown)]));
        assert_eq!(
            targets_unread[0].evidence["rules"],
            "alerts (ENABLED, matches, targets ?)"
        );
        let undecidable = json!({"source": ["aws.guardduty"],
            "detail": {"service": {"archived": [false]}}})
        .to_string();
        let undecided = judge(
            enabled(),
            json!([rule(
                "alerts",
                "ENABLED",
                Some(undecidable.clone()),
                json!([TOPIC])
            )]),
        );
        assert_eq!(verdicts(&undecided), v(&[(REGION, Unknown)]));
        assert_eq!(
            undecided[0].message,
            "Whether rule alerts routes every high and critical GuardDuty finding in us-east-1 could not be decided (see the rules' evidence)."
        );
        // An undecided pattern without any target cannot route anything.
        let idle = judge(
            enabled(),
            json!([rule("alerts", "ENABLED", Some(undecidable), json!([]))]),
        );
        assert_eq!(verdicts(&idle), v(&[(REGION, Fail)]));
        // Detectors unknown: a routed rule still passes; otherwise unknown.
        let routed = judge(
            json!(null),
            json!([rule(
                "alerts",
                "ENABLED",
                Some(high_and_critical()),
                json!([TOPIC])
            )]),
        );
        assert_eq!(verdicts(&routed), v(&[(REGION, Pass)]));
        let none = judge(json!(null), json!([]));
        assert_eq!(verdicts(&none), v(&[(REGION, Unknown)]));
    }

    /// A snapshot recorded before posture read rules: unknown where a
    /// detector exists.
    #[test]
    fn an_older_snapshot_is_unknown() {
        let inv = inventory(json!({}), json!({"guardduty_detectors": enabled()}));
        assert_eq!(
            verdicts(&check("security-alerts-routed", &inv)),
            v(&[(REGION, Unknown)])
        );
    }
}
