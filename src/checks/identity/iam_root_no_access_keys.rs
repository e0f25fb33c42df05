//! `iam-root-no-access-keys`: The root user has no access keys.
//!
//! Keys that exist prove the root user exists: a count above zero fails in
//! every partition and organization. The evidence says where the root user
//! stands (GovCloud, centralized root access, password).

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    root_check(out, inv, |finding, _, summary| {
        let Some(summary) = summary else {
            return finding.unknown(SUMMARY_UNREAD);
        };
        let Some(keys) = summary.access_keys_present else {
            return finding.unknown(
                "The account summary does not say whether the root user has access keys (AccountAccessKeysPresent).",
            );
        };
        finding
            .evidence(
                "account_summary",
                format!("AccountAccessKeysPresent={keys}"),
            )
            .verdict(
                keys == 0,
                "The root user has no access keys.",
                "The root user has access keys.",
            )
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn root(summary: serde_json::Value) -> Vec<crate::finding::Finding> {
        check(
            "iam-root-no-access-keys",
            &inventory(json!({"iam_summary": summary}), json!({})),
        )
    }

    #[test]
    fn root_user_summary() {
        let with_keys = root(json!({"mfa_enabled": false, "access_keys_present": 1}));
        assert_eq!(verdicts(&with_keys), v(&[("root user", Fail)]));
        assert_eq!(
            with_keys[0].evidence["account_summary"],
            "AccountAccessKeysPresent=1"
        );
        let none = root(json!({"mfa_enabled": false, "access_keys_present": 0}));
        assert_eq!(verdicts(&none), v(&[("root user", Pass)]));
    }

    /// Not modelled in the emulator: its fixture accounts are standalone,
    /// in the aws partition.
    #[test]
    fn removed_or_govcloud_root_users_pass_and_say_so() {
        let central = root(json!({"mfa_enabled": false, "access_keys_present": 0,
            "password_present": false, "root_access": {"state": "features",
            "organization_id": "o-abcdefghij", "enabled": ["RootCredentialsManagement"]}}));
        assert_eq!(verdicts(&central), v(&[("root user", Pass)]));
        assert_eq!(
            central[0].evidence["root_access"],
            "organization o-abcdefghij: RootCredentialsManagement"
        );
        assert_eq!(
            central[0].evidence["root_password"],
            "AccountPasswordPresent=0"
        );
        let mut gov = inventory(
            json!({"iam_summary": {"mfa_enabled": false, "access_keys_present": 1}}),
            json!({}),
        );
        gov.accounts[0].partition = "aws-us-gov".into();
        let findings = check("iam-root-no-access-keys", &gov);
        // AWS Support can give a GovCloud root user keys: they still fail.
        assert_eq!(verdicts(&findings), v(&[("root user", Fail)]));
        assert!(findings[0].evidence["partition"].starts_with("aws-us-gov"));
    }

    #[test]
    fn an_unread_summary_or_count_is_unknown() {
        assert_eq!(verdicts(&root(json!(null))), v(&[("root user", Unknown)]));
        assert_eq!(
            verdicts(&root(
                json!({"mfa_enabled": true, "access_keys_present": null})
            )),
            v(&[("root user", Unknown)])
        );
    }
}
