//! `state-bucket-cmk-encrypted`: The Terraform state bucket encrypts with a customer-managed KMS key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Buckets>(inv, |out, at, b| {
        if !is_state_bucket(b, out.settings) {
            return;
        }
        let account = at.account;
        let finding = out.on(
            In {
                account,
                region: region_of(b),
            },
            &b.arn(&account.partition),
            &b.name,
        );
        let Some(rules) = &b.encryption else {
            return finding.unknown(format!(
                "Default encryption of {} could not be read.",
                b.name
            ));
        };
        let kms = rules.iter().find(|r| r.algorithm.starts_with("aws:kms"));
        let Some(rule) = kms else {
            let algorithm = rules
                .first()
                .map(|r| r.algorithm.as_str())
                .unwrap_or("none");
            return finding.evidence("sse_algorithm", algorithm).fail(format!(
                "State bucket {} is not encrypted with KMS ({algorithm}).",
                b.name
            ));
        };
        let finding = finding.evidence("sse_algorithm", &rule.algorithm);
        match &rule.kms_key {
            None => finding
                .evidence("kms_key", "aws/s3 (AWS managed)")
                .fail(format!(
                    "State bucket {} uses the AWS-managed key aws/s3.",
                    b.name
                )),
            Some(key) => {
                let finding =
                    finding.evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference));
                match key.manager {
                    None => finding
                        .unknown(format!("The KMS key of {} could not be described.", b.name)),
                    Some(m) => finding.verdict(
                        m == KeyManager::Customer,
                        format!(
                            "State bucket {} is encrypted with a customer-managed KMS key.",
                            b.name
                        ),
                        format!("State bucket {} uses an AWS-managed KMS key.", b.name),
                    ),
                }
            }
        }
    });
}
