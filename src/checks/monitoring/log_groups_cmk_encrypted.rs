//! `log-groups-cmk-encrypted`: CloudWatch log groups are encrypted with a customer-managed KMS key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LogGroups>(inv, |out, at, group| {
        let name = &group.name;
        out.on(at, &group.arn, name)
            .evidence(
                "kms_key",
                group
                    .kms_key_id
                    .as_deref()
                    .unwrap_or("none (CloudWatch-owned key)"),
            )
            .verdict(
                group.kms_key_id.is_some(),
                format!("Log group {name} is encrypted with a customer-managed KMS key."),
                format!("Log group {name} is encrypted only with CloudWatch's own key."),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn a_kms_key_passes_and_cloudwatchs_own_key_fails() {
        let groups = inventory(
            json!({}),
            json!({"log_groups": [
            {"arn": "a", "name": "/ecs/app", "kms_key_id": null},
            {"arn": "b", "name": "/vpc/flow", "kms_key_id": "arn:aws:kms:us-east-1:1:key/k"}]}),
        );
        let findings = check("log-groups-cmk-encrypted", &groups);
        assert_eq!(
            verdicts(&findings),
            v(&[("/ecs/app", Fail), ("/vpc/flow", Pass)])
        );
        assert_eq!(
            findings[0].evidence["kms_key"],
            "none (CloudWatch-owned key)"
        );
    }

    #[test]
    fn unlisted_log_groups_are_unknown() {
        let inv = inventory(json!({}), json!({"log_groups": null}));
        assert_eq!(
            verdicts(&check("log-groups-cmk-encrypted", &inv)),
            v(&[("log groups", Unknown)])
        );
    }
}
