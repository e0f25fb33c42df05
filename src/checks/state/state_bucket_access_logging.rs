//! `state-bucket-access-logging`: The Terraform state bucket logs access to a separate bucket.

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
        match b.logging.as_ref().map(|l| &l.target_bucket) {
            None => finding.unknown(format!("Access logging of {} could not be read.", b.name)),
            Some(None) => finding.evidence("logging_target", "none").fail(format!(
                "State bucket {} has no server access logging.",
                b.name
            )),
            Some(Some(target)) => finding.evidence("logging_target", target).verdict(
                target != &b.name,
                format!("State bucket {} logs access to {target}.", b.name),
                format!("State bucket {} logs access into itself.", b.name),
            ),
        }
    });
}
