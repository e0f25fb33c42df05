//! `state-bucket-encryption`: The Terraform state bucket has default encryption (SSE-S3 or SSE-KMS).

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
        let algorithms: Vec<&str> = rules.iter().map(|r| r.algorithm.as_str()).collect();
        finding
            .evidence(
                "sse_algorithm",
                if algorithms.is_empty() {
                    "none".into()
                } else {
                    algorithms.join(", ")
                },
            )
            .verdict(
                !algorithms.is_empty(),
                format!(
                    "State bucket {} encrypts objects by default ({}).",
                    b.name,
                    algorithms.join(", ")
                ),
                format!("State bucket {} has no default encryption.", b.name),
            );
    });
}
