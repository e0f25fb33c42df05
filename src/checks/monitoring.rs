//! Monitoring checks: CloudTrail, GuardDuty, CloudWatch Logs.

use super::{GLOBAL, Out, regions};
use crate::inventory::Inventory;

pub fn cloudtrail_multi_region(out: &mut Out, inv: &Inventory) {
    for account in &inv.accounts {
        let finding = out.on(account, GLOBAL, &account.root_arn(), "CloudTrail");
        let listed: Vec<_> = account
            .regions
            .iter()
            .filter_map(|r| r.trails.as_ref())
            .flatten()
            .collect();
        let mut seen: Vec<String> = Vec::new();
        let mut logging = None;
        let mut unread = false;
        for t in &listed {
            if seen.contains(&t.arn) {
                continue;
            }
            seen.push(format!(
                "{} multi_region={} logging={}",
                t.name,
                t.multi_region,
                t.logging
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "?".into())
            ));
            if t.multi_region {
                match t.logging {
                    Some(true) => logging = Some(t.name.clone()),
                    None => unread = true,
                    Some(false) => {}
                }
            }
        }
        let finding = finding.evidence(
            "trails",
            if seen.is_empty() {
                "none".into()
            } else {
                seen.join("; ")
            },
        );
        if let Some(name) = logging {
            finding.pass(format!("Multi-region trail {name} is logging."))
        } else if unread || account.regions.iter().all(|r| r.trails.is_none()) {
            finding.unknown("Trails or their status could not be read (see gaps).")
        } else {
            finding.fail("No multi-region CloudTrail trail is logging: API activity in other regions goes unrecorded.")
        }
    }
}

pub fn guardduty_enabled(out: &mut Out, inv: &Inventory) {
    for (account, region) in regions(inv) {
        let arn = format!(
            "arn:{}:guardduty:{}:{}:detector/*",
            account.partition, region.region, account.account_id
        );
        let finding = out.on(
            account,
            &region.region,
            &arn,
            &format!("GuardDuty {}", region.region),
        );
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

pub fn log_groups_cmk_encrypted(out: &mut Out, inv: &Inventory) {
    for (account, region) in regions(inv) {
        let Some(groups) = &region.log_groups else {
            out.unlisted(account, &region.region, "logs", "log-group:*", "log groups");
            continue;
        };
        for g in groups {
            out.on(account, &region.region, &g.arn, &g.name)
                .evidence(
                    "kms_key",
                    g.kms_key_id
                        .as_deref()
                        .unwrap_or("none (CloudWatch-owned key)"),
                )
                .verdict(
                    g.kms_key_id.is_some(),
                    format!(
                        "Log group {} is encrypted with a customer-managed KMS key.",
                        g.name
                    ),
                    format!(
                        "Log group {} is encrypted only with CloudWatch's own key.",
                        g.name
                    ),
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::model::Status::{Fail, Pass, Unknown};

    #[test]
    fn trails_detectors_and_log_groups() {
        let trail = |name: &str, multi: bool, logging: Option<bool>| {
            json!({"arn": format!("arn:aws:cloudtrail:us-east-1:123456789012:trail/{name}"), "name": name,
                   "home_region": "us-east-1", "multi_region": multi, "logging": logging})
        };
        let single = inventory(
            json!({}),
            json!({"trails": [trail("local", false, Some(true)), trail("stopped", true, Some(false))]}),
        );
        assert_eq!(
            verdicts(&check("cloudtrail-multi-region", &single)),
            v(&[("CloudTrail", Fail)])
        );
        let good = inventory(
            json!({}),
            json!({"trails": [trail("org", true, Some(true))]}),
        );
        assert_eq!(
            verdicts(&check("cloudtrail-multi-region", &good)),
            v(&[("CloudTrail", Pass)])
        );
        let unread = inventory(json!({}), json!({"trails": [trail("org", true, None)]}));
        assert_eq!(
            verdicts(&check("cloudtrail-multi-region", &unread)),
            v(&[("CloudTrail", Unknown)])
        );

        let none = inventory(json!({}), json!({"guardduty_detectors": []}));
        assert_eq!(
            verdicts(&check("guardduty-enabled", &none)),
            v(&[("GuardDuty us-east-1", Fail)])
        );
        let on = inventory(
            json!({}),
            json!({"guardduty_detectors": [{"id": "d1", "status": "ENABLED"}]}),
        );
        assert_eq!(
            verdicts(&check("guardduty-enabled", &on)),
            v(&[("GuardDuty us-east-1", Pass)])
        );
        let off = inventory(
            json!({}),
            json!({"guardduty_detectors": [{"id": "d1", "status": "DISABLED"}]}),
        );
        assert_eq!(
            verdicts(&check("guardduty-enabled", &off)),
            v(&[("GuardDuty us-east-1", Fail)])
        );

        let groups = inventory(
            json!({}),
            json!({"log_groups": [
            {"arn": "a", "name": "/ecs/app", "kms_key_id": null},
            {"arn": "b", "name": "/vpc/flow", "kms_key_id": "arn:aws:kms:us-east-1:1:key/k"}]}),
        );
        assert_eq!(
            verdicts(&check("log-groups-cmk-encrypted", &groups)),
            v(&[("/ecs/app", Fail), ("/vpc/flow", Pass)])
        );
    }
}
