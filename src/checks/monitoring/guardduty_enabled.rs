//! `guardduty-enabled`: GuardDuty is enabled in every audited region.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let Regional { account, region } = at;
        let arn = format!(
            "arn:{}:guardduty:{}:{}:detector/*",
            account.partition, region.region, account.account_id
        );
        let finding = out.on(at, &arn, &format!("GuardDuty {}", region.region));
        let Some(detectors) = &region.guardduty_detectors else {
            finding.unknown("GuardDuty detectors could not be listed (see gaps).");
            continue;
        };
        let states: Vec<String> = detectors
            .iter()
            .map(|d| format!("{}={}", d.id, d.status.as_deref().unwrap_or("?")))
            .collect();
        let enabled = detectors
            .iter()
            .any(|d| d.status.as_deref() == Some("ENABLED"));
        let finding = finding.evidence(
            "detectors",
            if states.is_empty() {
                "none".into()
            } else {
                states.join(", ")
            },
        );
        if enabled {
            finding.pass(format!("GuardDuty is enabled in {}.", region.region))
        } else if detectors.iter().any(|d| d.status.is_none()) {
            finding.unknown(format!(
                "The GuardDuty detector of {} could not be read.",
                region.region
            ))
        } else {
            finding.fail(format!(
                "GuardDuty is not enabled in {}: threats go undetected.",
                region.region
            ))
        }
    }
}
