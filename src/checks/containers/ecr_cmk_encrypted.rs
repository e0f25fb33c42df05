//! `ecr-cmk-encrypted`: ECR repositories are encrypted with a customer-managed KMS key.

use super::*;
use crate::inventory::{EcrEncryption, KeyManager};

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcrRepositories>(inv, |out, at, repo| {
        let name = &repo.name;
        let finding = out
            .on(at, &repo.arn, name)
            .evidence("encryption", &repo.encryption_type);
        if !matches!(
            repo.encryption_type,
            EcrEncryption::Kms | EcrEncryption::KmsDsse
        ) {
            return finding.fail(format!(
                "Repository {name} is encrypted with AES256, not a KMS key."
            ));
        }
        let Some(key) = &repo.kms_key else {
            return finding.fail(format!(
                "Repository {name} uses the AWS-managed key aws/ecr."
            ));
        };
        let Some(manager) = key.manager else {
            return finding.unknown(format!(
                "The KMS key of repository {name} could not be described."
            ));
        };
        finding
            .evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference))
            .verdict(
                manager == KeyManager::Customer,
                format!("Repository {name} is encrypted with a customer-managed key."),
                format!("Repository {name} uses an AWS-managed KMS key."),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{key, repo, repositories};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn only_a_customer_managed_key_passes() {
        let findings = check("ecr-cmk-encrypted", &repositories());
        assert_eq!(
            verdicts(&findings),
            v(&[("app", Fail), ("worker", Pass), ("team-a-api", Fail)])
        );
        assert_eq!(findings[0].evidence["encryption"], "AES256");
        assert_eq!(
            findings[1].evidence["kms_key"],
            "arn:aws:kms:us-east-1:1:key/k"
        );
        assert_eq!(
            findings[2].message,
            "Repository team-a-api uses the AWS-managed key aws/ecr."
        );
    }

    #[test]
    fn an_aws_managed_dual_layer_key_fails_and_an_undescribed_one_is_unknown() {
        let inv = inventory(
            json!({}),
            json!({"ecr_repositories": [
                repo("dsse", false, "KMS_DSSE", key(json!("aws"))),
                repo("lost", false, "KMS", key(json!(null)))
            ]}),
        );
        let findings = check("ecr-cmk-encrypted", &inv);
        assert_eq!(verdicts(&findings), v(&[("dsse", Fail), ("lost", Unknown)]));
        assert_eq!(findings[0].evidence["encryption"], "KMS_DSSE");
        assert_eq!(
            findings[0].message,
            "Repository dsse uses an AWS-managed KMS key."
        );
    }
}
