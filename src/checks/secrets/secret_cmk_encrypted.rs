//! `secret-cmk-encrypted`: Secrets are encrypted with a customer-managed KMS key.

use super::*;

/// Applies to secrets AWS services own too: their key is chosen through the
/// owning service (RDS `master_user_secret_kms_key_id`, an EventBridge
/// connection's KMS key), and the message says so.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out.on(at, &s.arn, &s.name).evidence("owner", owner(s));
        let through = match s.owner.as_ref().and_then(SecretOwner::service) {
            Some(service) => format!(" (set its key through {service}, which owns it)"),
            None => String::new(),
        };
        let Some(key) = &s.kms_key else {
            return finding
                .evidence("kms_key", "aws/secretsmanager (AWS managed)")
                .fail(format!(
                    "Secret {} is encrypted with the AWS-managed key aws/secretsmanager{through}.",
                    s.name
                ));
        };
        let finding = finding.evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference));
        let Some(manager) = key.manager else {
            return finding.unknown(format!(
                "The KMS key of secret {} could not be described.",
                s.name
            ));
        };
        finding
            .evidence("key_manager", format!("{manager:?}").to_lowercase())
            .verdict(
                manager == KeyManager::Customer,
                format!(
                    "Secret {} is encrypted with a customer-managed key.",
                    s.name
                ),
                format!(
                    "Secret {} is encrypted with an AWS-managed key{through}.",
                    s.name
                ),
            );
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, owned, secrets, unlisted};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn customer_managed_keys_only() {
        let findings = check("secret-cmk-encrypted", &secrets());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Fail),
                ("undescribed-key", Unknown)
            ])
        );
        let old = &named(&findings, "old").evidence;
        assert_eq!(old["kms_key"], "aws/secretsmanager (AWS managed)");
        assert!(!old.contains_key("key_manager"));
        let rotated = &named(&findings, "rotated").evidence;
        assert_eq!(
            rotated["kms_key"],
            "arn:aws:kms:us-east-1:123456789012:key/k"
        );
        assert_eq!(rotated["key_manager"], "customer");
        let fresh = &named(&findings, "fresh").evidence;
        assert_eq!(fresh["kms_key"], "alias/aws/secretsmanager");
        assert_eq!(fresh["key_manager"], "aws");
    }

    #[test]
    fn service_owned_secrets_are_judged_and_told_where_to_set_the_key() {
        let findings = check("secret-cmk-encrypted", &owned());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("events!connection/hooks/9f8e", Fail),
                ("older-snapshot", Fail),
                ("rds!db-0a1b2c3d", Fail),
            ])
        );
        let rds = named(&findings, "rds!db-0a1b2c3d");
        assert_eq!(rds.evidence["owner"], "rds (OwningService)");
        assert!(
            rds.message
                .ends_with("(set its key through rds, which owns it)."),
            "{}",
            rds.message
        );
        assert!(
            !named(&findings, "older-snapshot")
                .message
                .contains("owns it")
        );
    }

    #[test]
    fn unlisted_secrets_are_unknown() {
        assert_eq!(
            verdicts(&check("secret-cmk-encrypted", &unlisted())),
            v(&[("secrets", Unknown)])
        );
    }
}
