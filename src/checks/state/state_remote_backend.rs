//! `state-remote-backend`: Terraform state is stored in an S3 state bucket.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let settings = out.settings;
    for account in &inv.accounts {
        let finding = out.on(Global { account }, &account.root_arn(), "Terraform backend");
        let Some(s3) = &account.s3 else {
            finding.unknown("S3 buckets could not be listed (see gaps).");
            continue;
        };
        let holding: Vec<String> = s3
            .buckets
            .iter()
            .filter_map(|b| {
                Some(format!(
                    "s3://{}/{}",
                    b.name,
                    b.tfstate_keys.as_ref()?.first()?
                ))
            })
            .collect();
        let empty_state: Vec<&str> = s3
            .buckets
            .iter()
            .filter(|b| {
                is_state_bucket(b, settings)
                    && b.tfstate_keys.as_ref().is_some_and(|k| k.is_empty())
            })
            .map(|b| b.name.as_str())
            .collect();
        let unread: Vec<&str> = s3
            .buckets
            .iter()
            .filter(|b| b.tfstate_keys.is_none())
            .map(|b| b.name.as_str())
            .collect();
        let finding = finding
            .evidence(
                "state_objects",
                if holding.is_empty() {
                    "none".into()
                } else {
                    holding.join(", ")
                },
            )
            .evidence(
                "empty_state_buckets",
                if empty_state.is_empty() {
                    "none".into()
                } else {
                    empty_state.join(", ")
                },
            );
        if !holding.is_empty() {
            finding.pass(format!(
                "Terraform state lives in S3 ({}).",
                holding.join(", ")
            ))
        } else if !unread.is_empty() {
            finding
                .evidence("unlisted_buckets", unread.join(", "))
                .unknown("No Terraform state found, but some buckets could not be listed.")
        } else if !empty_state.is_empty() {
            finding.fail(format!(
                "State bucket {} exists but holds no *.tfstate: the backend was never migrated (terraform init -migrate-state).",
                empty_state.join(", ")
            ))
        } else {
            finding.fail("No Terraform state bucket exists: state lives on someone's machine.")
        }
    }
}
