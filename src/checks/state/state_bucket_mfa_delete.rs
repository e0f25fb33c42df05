//! `state-bucket-mfa-delete`: The Terraform state bucket has MFA Delete enabled.

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
        let Some(v) = &b.versioning else {
            return finding.unknown(format!("Versioning of {} could not be read.", b.name));
        };
        let mfa = v.mfa_delete.clone().unwrap_or_else(|| "Disabled".into());
        finding.evidence("mfa_delete", &mfa).verdict(
            mfa == "Enabled",
            format!("Deleting versions of {} needs MFA.", b.name),
            format!(
                "Versions of state bucket {} can be deleted without MFA.",
                b.name
            ),
        );
    });
}
