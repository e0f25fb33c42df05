//! `state-bucket-mfa-delete`: The Terraform state bucket has MFA Delete enabled.

use super::*;
use crate::inventory::MfaDelete;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, _| {
        let name = &bucket.name;
        let Some(versioning) = &bucket.versioning else {
            return finding.unknown(format!("Versioning of {name} could not be read."));
        };
        let mfa = versioning
            .mfa_delete
            .as_ref()
            .unwrap_or(&MfaDelete::Disabled);
        finding.evidence("mfa_delete", mfa).verdict(
            *mfa == MfaDelete::Enabled,
            format!("Deleting versions of {name} needs MFA."),
            format!("Versions of state bucket {name} can be deleted without MFA."),
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{bucket, mixed, only_hardened_passes, with_buckets};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Unknown};

    #[test]
    fn mfa_delete_must_be_enabled() {
        assert_eq!(
            verdicts(&check("state-bucket-mfa-delete", &mixed())),
            only_hardened_passes()
        );
    }

    #[test]
    fn unset_mfa_delete_reads_as_disabled_and_unread_versioning_is_unknown() {
        let inv = with_buckets(vec![
            bucket("unset-tfstate", json!({})),
            bucket(
                "off-tfstate",
                json!({"versioning": {"status": "Enabled", "mfa_delete": "Disabled"}}),
            ),
            bucket("unread-tfstate", json!({"versioning": null})),
        ]);
        let findings = check("state-bucket-mfa-delete", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("unset-tfstate", Fail),
                ("off-tfstate", Fail),
                ("unread-tfstate", Unknown)
            ])
        );
        for f in findings.iter().filter(|f| f.status == Fail) {
            assert_eq!(f.evidence["mfa_delete"], "Disabled");
        }
    }
}
