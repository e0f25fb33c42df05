//! `guardduty-enabled`: GuardDuty is enabled in every audited region.

use super::*;
use crate::inventory::DetectorStatus;

/// One finding a region, on its detectors together: not the walker's one
/// finding a resource, and its name says the region.
pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let region = &at.region.region;
        let arn = format!(
            "arn:{}:guardduty:{region}:{}:detector/*",
            at.account.partition, at.account.account_id
        );
        let finding = out.on(at, &arn, &format!("GuardDuty {region}"));
        let Some(detectors) = &at.region.guardduty_detectors else {
            finding.unknown("GuardDuty detectors could not be listed (see gaps).");
            continue;
        };
        let states: Vec<String> = detectors
            .iter()
            .map(|d| {
                let status = d.status.as_ref().map_or("?", DetectorStatus::as_str);
                format!("{}={status}", d.id)
            })
            .collect();
        let finding = finding.evidence_names("detectors", &states);
        if detectors
            .iter()
            .any(|d| d.status == Some(DetectorStatus::Enabled))
        {
            finding.pass(format!("GuardDuty is enabled in {region}."))
        } else if detectors.iter().any(|d| d.status.is_none()) {
            finding.unknown(format!(
                "The GuardDuty detector of {region} could not be read."
            ))
        } else {
            finding.fail(format!(
                "GuardDuty is not enabled in {region}: threats go undetected."
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn judge(detectors: serde_json::Value) -> Vec<crate::finding::Finding> {
        check(
            "guardduty-enabled",
            &inventory(json!({}), json!({ "guardduty_detectors": detectors })),
        )
    }

    #[test]
    fn an_enabled_detector_passes_the_region() {
        let findings = judge(json!([{"id": "d1", "status": "ENABLED"}]));
        assert_eq!(verdicts(&findings), v(&[("GuardDuty us-east-1", Pass)]));
        assert_eq!(findings[0].evidence["detectors"], "d1=ENABLED");
        assert_eq!(
            findings[0].resource,
            "arn:aws:guardduty:us-east-1:123456789012:detector/*"
        );
    }

    #[test]
    fn no_detector_or_a_disabled_one_fails() {
        let none = judge(json!([]));
        assert_eq!(verdicts(&none), v(&[("GuardDuty us-east-1", Fail)]));
        assert_eq!(none[0].evidence["detectors"], "none");
        let off = judge(json!([{"id": "d1", "status": "DISABLED"}]));
        assert_eq!(verdicts(&off), v(&[("GuardDuty us-east-1", Fail)]));
        assert_eq!(
            off[0].message,
            "GuardDuty is not enabled in us-east-1: threats go undetected."
        );
    }

    #[test]
    fn what_could_not_be_read_is_unknown() {
        let unlisted = judge(json!(null));
        assert_eq!(verdicts(&unlisted), v(&[("GuardDuty us-east-1", Unknown)]));
        assert_eq!(
            unlisted[0].message,
            "GuardDuty detectors could not be listed (see gaps)."
        );
        let unread =
            judge(json!([{"id": "d1", "status": "DISABLED"}, {"id": "d2", "status": null}]));
        assert_eq!(verdicts(&unread), v(&[("GuardDuty us-east-1", Unknown)]));
        assert_eq!(unread[0].evidence["detectors"], "d1=DISABLED, d2=?");
    }
}
