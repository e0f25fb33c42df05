//! `state-bucket-versioning`: The Terraform state bucket has versioning enabled.

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
        let status = v.status.clone().unwrap_or_else(|| "never enabled".into());
        finding.evidence("versioning", &status).verdict(
            v.status.as_deref() == Some("Enabled"),
            format!("State bucket {} keeps every version of the state.", b.name),
            format!(
                "State bucket {} has versioning {status}: a bad write loses the state.",
                b.name
            ),
        );
    });
}
