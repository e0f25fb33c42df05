//! `secret-cmk-encrypted`: Secrets are encrypted with a customer-managed KMS key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out.on(at, &s.arn, &s.name);
        match &s.kms_key {
            None => finding
                .evidence("kms_key", "aws/secretsmanager (AWS managed)")
                .fail(format!(
                    "Secret {} is encrypted with the AWS-managed key aws/secretsmanager.",
                    s.name
                )),
            Some(key) => {
                let finding =
                    finding.evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference));
                match key.manager {
                    None => finding.unknown(format!(
                        "The KMS key of secret {} could not be described.",
                        s.name
                    )),
                    Some(manager) => finding
                        .evidence("key_manager", format!("{manager:?}").to_lowercase())
                        .verdict(
                            manager == KeyManager::Customer,
                            format!(
                                "Secret {} is encrypted with a customer-managed key.",
                                s.name
                            ),
                            format!("Secret {} is encrypted with an AWS-managed key.", s.name),
                        ),
                }
            }
        }
    });
}
