//! Monitoring checks: CloudTrail, GuardDuty, CloudWatch Logs.

pub(super) mod cloudtrail_multi_region;
pub(super) mod guardduty_enabled;
pub(super) mod log_groups_cmk_encrypted;

use super::Out;
use super::walk::*;
use crate::inventory::Inventory;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn trails() {
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
    }
}
