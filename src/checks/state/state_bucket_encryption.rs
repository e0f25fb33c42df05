//! `state-bucket-encryption`: The Terraform state bucket has default encryption (SSE-S3 or SSE-KMS).

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, _| {
        let name = &bucket.name;
        let Some(rules) = &bucket.encryption else {
            return finding.unknown(format!("Default encryption of {name} could not be read."));
        };
        let algorithms: Vec<&str> = rules.iter().map(|r| r.algorithm.as_str()).collect();
        finding
            .evidence_names("sse_algorithm", &algorithms)
            .verdict(
                !algorithms.is_empty(),
                format!(
                    "State bucket {name} encrypts objects by default ({}).",
                    algorithms.join(", ")
                ),
                format!("State bucket {name} has no default encryption."),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{bucket, mixed, named, with_buckets};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn any_default_encryption_passes() {
        assert_eq!(
            verdicts(&check("state-bucket-encryption", &mixed())),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Pass),
                ("aws-kms-tfstate", Pass),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Unknown)
            ])
        );
    }

    #[test]
    fn every_rule_is_evidence() {
        let inv = with_buckets(vec![
            bucket(
                "two-tfstate",
                json!({"encryption": [{"algorithm": "aws:kms", "kms_key": null},
                                      {"algorithm": "AES256", "kms_key": null}]}),
            ),
            bucket("none-tfstate", json!({"encryption": []})),
        ]);
        let findings = check("state-bucket-encryption", &inv);
        let two = named(&findings, "two-tfstate");
        assert_eq!(two.evidence["sse_algorithm"], "aws:kms, AES256");
        assert_eq!(
            two.message,
            "State bucket two-tfstate encrypts objects by default (aws:kms, AES256)."
        );
        let none = named(&findings, "none-tfstate");
        assert_eq!(none.status, Fail);
        assert_eq!(none.evidence["sse_algorithm"], "none");
    }
}
