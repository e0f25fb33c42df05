//! `state-bucket-cmk-encrypted`: The Terraform state bucket encrypts with a customer-managed KMS key.

use super::*;
use crate::inventory::KeyManager;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, _| {
        let name = &bucket.name;
        let Some(rules) = &bucket.encryption else {
            return finding.unknown(format!("Default encryption of {name} could not be read."));
        };
        let Some(rule) = rules.iter().find(|r| r.algorithm.uses_kms()) else {
            let algorithm = rules.first().map_or("none", |r| r.algorithm.as_str());
            return finding.evidence("sse_algorithm", algorithm).fail(format!(
                "State bucket {name} is not encrypted with KMS ({algorithm})."
            ));
        };
        let finding = finding.evidence("sse_algorithm", &rule.algorithm);
        let Some(key) = &rule.kms_key else {
            return finding
                .evidence("kms_key", "aws/s3 (AWS managed)")
                .fail(format!(
                    "State bucket {name} uses the AWS-managed key aws/s3."
                ));
        };
        let finding = finding.evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference));
        match key.manager {
            None => finding.unknown(format!("The KMS key of {name} could not be described.")),
            Some(manager) => finding.verdict(
                manager == KeyManager::Customer,
                format!("State bucket {name} is encrypted with a customer-managed KMS key."),
                format!("State bucket {name} uses an AWS-managed KMS key."),
            ),
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{bucket, mixed, named, with_buckets};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn only_a_customer_key_passes() {
        assert_eq!(
            verdicts(&check("state-bucket-cmk-encrypted", &mixed())),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Fail),
                ("aws-kms-tfstate", Fail),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Unknown)
            ])
        );
    }

    #[test]
    fn dsse_counts_as_kms_and_the_key_manager_decides() {
        let key = |manager: Option<&str>| json!({"reference": "alias/state", "arn": null, "manager": manager});
        let inv = with_buckets(vec![
            bucket(
                "dsse-tfstate",
                json!({"encryption": [{"algorithm": "aws:kms:dsse", "kms_key": key(Some("customer"))}]}),
            ),
            bucket(
                "aws-key-tfstate",
                json!({"encryption": [{"algorithm": "aws:kms", "kms_key": key(Some("aws"))}]}),
            ),
            bucket(
                "undescribed-tfstate",
                json!({"encryption": [{"algorithm": "aws:kms", "kms_key": key(None)}]}),
            ),
            // The KMS rule is judged, whichever comes first.
            bucket(
                "second-rule-tfstate",
                json!({"encryption": [{"algorithm": "AES256", "kms_key": null},
                                      {"algorithm": "aws:kms:dsse", "kms_key": key(Some("customer"))}]}),
            ),
        ]);
        let findings = check("state-bucket-cmk-encrypted", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("dsse-tfstate", Pass),
                ("aws-key-tfstate", Fail),
                ("undescribed-tfstate", Unknown),
                ("second-rule-tfstate", Pass)
            ])
        );
        let dsse = named(&findings, "dsse-tfstate");
        assert_eq!(dsse.evidence["sse_algorithm"], "aws:kms:dsse");
        assert_eq!(dsse.evidence["kms_key"], "alias/state");
    }

    #[test]
    fn evidence_names_the_algorithm_or_the_aws_managed_key() {
        let findings = check("state-bucket-cmk-encrypted", &mixed());
        assert_eq!(
            named(&findings, "plain-tfstate").evidence["sse_algorithm"],
            "none"
        );
        assert_eq!(
            named(&findings, "sse-s3-tfstate").message,
            "State bucket sse-s3-tfstate is not encrypted with KMS (AES256)."
        );
        assert_eq!(
            named(&findings, "aws-kms-tfstate").evidence["kms_key"],
            "aws/s3 (AWS managed)"
        );
        assert_eq!(
            named(&findings, "cmk-tfstate").evidence["kms_key"],
            "arn:aws:kms:us-east-1:1:key/k"
        );
    }
}
