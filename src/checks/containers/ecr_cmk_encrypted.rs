//! `ecr-cmk-encrypted`: ECR repositories are encrypted with a customer-managed KMS key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcrRepositories>(inv, |out, at, repo| {
        let finding = out
            .on(at, &repo.arn, &repo.name)
            .evidence("encryption", &repo.encryption_type);
        if !repo.encryption_type.starts_with("KMS") {
            return finding.fail(format!(
                "Repository {} is encrypted with AES256, not a KMS key.",
                repo.name
            ));
        }
        match &repo.kms_key {
            None => finding.fail(format!(
                "Repository {} uses the AWS-managed key aws/ecr.",
                repo.name
            )),
            Some(key) => match key.manager {
                None => finding.unknown(format!(
                    "The KMS key of repository {} could not be described.",
                    repo.name
                )),
                Some(m) => finding
                    .evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference))
                    .verdict(
                        m == KeyManager::Customer,
                        format!(
                            "Repository {} is encrypted with a customer-managed key.",
                            repo.name
                        ),
                        format!("Repository {} uses an AWS-managed KMS key.", repo.name),
                    ),
            },
        }
    });
}
