//! `state-bucket-access-logging`: The Terraform state bucket logs access to a separate bucket.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, _| {
        let name = &bucket.name;
        match bucket.logging.as_ref().map(|l| &l.target_bucket) {
            None => finding.unknown(format!("Access logging of {name} could not be read.")),
            Some(None) => finding
                .evidence("logging_target", "none")
                .fail(format!("State bucket {name} has no server access logging.")),
            Some(Some(target)) => finding.evidence("logging_target", target).verdict(
                target != name,
                format!("State bucket {name} logs access to {target}."),
                format!("State bucket {name} logs access into itself."),
            ),
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{bucket, mixed, only_hardened_passes, with_buckets};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::Unknown;

    #[test]
    fn logs_go_to_another_bucket() {
        assert_eq!(
            verdicts(&check("state-bucket-access-logging", &mixed())),
            only_hardened_passes()
        );
    }

    #[test]
    fn unread_logging_is_unknown() {
        let inv = with_buckets(vec![bucket("unread-tfstate", json!({"logging": null}))]);
        let findings = check("state-bucket-access-logging", &inv);
        assert_eq!(verdicts(&findings), v(&[("unread-tfstate", Unknown)]));
        assert_eq!(
            findings[0].message,
            "Access logging of unread-tfstate could not be read."
        );
    }
}
