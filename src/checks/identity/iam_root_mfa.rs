//! `iam-root-mfa`: The root user has MFA enabled.
//!
//! A root user that cannot sign in needs no MFA: a GovCloud (US) account has
//! no root console sign-in, and a member account whose root credentials the
//! organization removed (centralized root access, `RootCredentialsManagement`)
//! has no password and cannot recover one. Those pass, saying why in the
//! evidence. A root user without a password in an organization that does not
//! manage root credentials centrally can recover one by email and sign in
//! without MFA: it fails. When the account summary has no password flag, or
//! the features can be read only from the management account, it is unknown.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    root_check(out, inv, |finding, account, summary| {
        let mfa = summary.and_then(|s| s.mfa_enabled);
        let finding = match mfa {
            Some(on) => finding.evidence(
                "account_summary",
                format!("AccountMFAEnabled={}", u8::from(on)),
            ),
            None => finding,
        };
        if govcloud(account) && mfa != Some(true) {
            return finding.pass(
                "The root user of a GovCloud (US) account cannot sign in to the console: there is no sign-in for MFA to protect.",
            );
        }
        let Some(summary) = summary else {
            return finding.unknown(SUMMARY_UNREAD);
        };
        let Some(mfa) = mfa else {
            return finding.unknown(
                "The account summary does not say whether the root user has MFA (AccountMFAEnabled).",
            );
        };
        if mfa {
            return finding.pass("The root user has MFA.");
        }
        let central = summary
            .root_access
            .as_ref()
            .map(RootAccess::manages_root_credentials);
        match (summary.password_present, &summary.root_access) {
            (Some(true), _) => finding.fail("The root user has a password and no MFA device."),
            (Some(false), _) if central == Some(true) => finding.pass(
                "The root user has no credentials, and the organization manages root credentials centrally (RootCredentialsManagement): it cannot sign in, nor recover a password without the organization.",
            ),
            (None, _) if central == Some(true) => finding.unknown(
                "The root user has no MFA device and the organization manages root credentials centrally; whether this root user still has a password (AccountPasswordPresent) is not in the account summary.",
            ),
            (_, Some(RootAccess::NoOrganization | RootAccess::NotAvailable { .. }))
            | (_, Some(RootAccess::Features { .. })) => match summary.password_present {
                Some(false) => finding.fail(
                    "The root user has no password and no MFA device, and root credentials are not managed centrally: whoever reads its email can recover a password and sign in without MFA.",
                ),
                _ => finding.fail("The root user has no MFA device."),
            },
            (Some(false), Some(RootAccess::MemberAccount)) => finding.unknown(
                "The root user has no password and no MFA device. If the organization manages root credentials centrally it cannot sign in at all; only the organization's management account can say (ListOrganizationsFeatures): audit it too, or check there.",
            ),
            (None, _) => finding.unknown(
                "The root user has no MFA device; whether it has a password (AccountPasswordPresent) is not in the account summary, and the organization may have removed its credentials.",
            ),
            (Some(false), None) => finding.unknown(
                "The root user has no password and no MFA device; whether the organization manages root credentials centrally could not be read (see gaps).",
            ),
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Finding;
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn root(summary: Value) -> Vec<Finding> {
        check(
            "iam-root-mfa",
            &inventory(json!({"iam_summary": summary}), json!({})),
        )
    }

    fn summary(mfa: bool, password: Option<bool>, root_access: Value) -> Value {
        json!({"mfa_enabled": mfa, "access_keys_present": 0, "password_present": password,
               "root_access": root_access})
    }

    const NONE: &str = r#"{"state": "no_organization"}"#;
    const MEMBER: &str = r#"{"state": "member_account"}"#;
    const CENTRAL: &str = r#"{"state": "features", "organization_id": "o-abcdefghij",
        "enabled": ["RootCredentialsManagement", "RootSessions"]}"#;
    const SESSIONS_ONLY: &str =
        r#"{"state": "features", "organization_id": "o-abcdefghij", "enabled": ["RootSessions"]}"#;

    fn access(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn root_user_summary() {
        let without = root(summary(false, Some(true), access(NONE)));
        assert_eq!(verdicts(&without), v(&[("root user", Fail)]));
        assert_eq!(
            without[0].evidence["account_summary"],
            "AccountMFAEnabled=0"
        );
        assert_eq!(without[0].evidence["root_access"], "not in an organization");
        assert_eq!(
            without[0].evidence["root_password"],
            "AccountPasswordPresent=1"
        );
        assert_eq!(without[0].resource, "arn:aws:iam::123456789012:root");
        let with = root(summary(true, Some(true), access(NONE)));
        assert_eq!(verdicts(&with), v(&[("root user", Pass)]));
        assert_eq!(with[0].evidence["account_summary"], "AccountMFAEnabled=1");
    }

    /// The emulator's two fixture accounts have one root user each, with a
    /// password and no organization; the root users that do not exist are
    /// pinned here.
    #[test]
    fn root_credentials_removed_by_the_organization() {
        let central = root(summary(false, Some(false), access(CENTRAL)));
        assert_eq!(verdicts(&central), v(&[("root user", Pass)]));
        assert_eq!(
            central[0].evidence["root_access"],
            "organization o-abcdefghij: RootCredentialsManagement, RootSessions"
        );
        assert!(central[0].message.contains("cannot sign in"));
        // A password left behind: it signs in without MFA.
        let kept = root(summary(false, Some(true), access(CENTRAL)));
        assert_eq!(verdicts(&kept), v(&[("root user", Fail)]));
        let flagless = root(summary(false, None, access(CENTRAL)));
        assert_eq!(verdicts(&flagless), v(&[("root user", Unknown)]));
        // Root sessions alone remove no credential.
        let sessions = root(summary(false, Some(false), access(SESSIONS_ONLY)));
        assert_eq!(verdicts(&sessions), v(&[("root user", Fail)]));
        // No organization: no password today, one by email tomorrow.
        let alone = root(summary(false, Some(false), access(NONE)));
        assert_eq!(verdicts(&alone), v(&[("root user", Fail)]));
        assert!(alone[0].message.contains("recover a password"));
        let blocked = root(summary(
            false,
            Some(false),
            json!({"state": "not_available", "reason": "ServiceAccessNotEnabledException"}),
        ));
        assert_eq!(verdicts(&blocked), v(&[("root user", Fail)]));
    }

    #[test]
    fn a_member_account_cannot_tell_and_says_so() {
        let member = root(summary(false, Some(false), access(MEMBER)));
        assert_eq!(verdicts(&member), v(&[("root user", Unknown)]));
        assert!(member[0].message.contains("management account"));
        assert_eq!(
            member[0].evidence["root_access"],
            "member account: the organization's features are read from its management account"
        );
        let with_password = root(summary(false, Some(true), access(MEMBER)));
        assert_eq!(verdicts(&with_password), v(&[("root user", Fail)]));
        let unread_features = root(summary(false, Some(false), Value::Null));
        assert_eq!(verdicts(&unread_features), v(&[("root user", Unknown)]));
    }

    #[test]
    fn govcloud_has_no_root_sign_in() {
        let mut inv = inventory(
            json!({"iam_summary": summary(false, None, access(NONE))}),
            json!({}),
        );
        inv.accounts[0].partition = "aws-us-gov".into();
        let findings = check("iam-root-mfa", &inv);
        assert_eq!(verdicts(&findings), v(&[("root user", Pass)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws-us-gov:iam::123456789012:root"
        );
        assert_eq!(
            findings[0].evidence["partition"],
            "aws-us-gov: GovCloud (US) accounts have no root console sign-in"
        );
        assert!(findings[0].message.contains("GovCloud"));
    }

    #[test]
    fn an_unread_summary_or_flag_is_unknown() {
        assert_eq!(verdicts(&root(json!(null))), v(&[("root user", Unknown)]));
        let no_flag = root(json!({"mfa_enabled": null, "access_keys_present": 0}));
        assert_eq!(verdicts(&no_flag), v(&[("root user", Unknown)]));
        assert!(no_flag[0].message.contains("AccountMFAEnabled"));
        // A snapshot taken before posture read the password flag and the
        // organization's features: no MFA, but the root user may not exist.
        let old = root(json!({"mfa_enabled": false, "access_keys_present": 1}));
        assert_eq!(verdicts(&old), v(&[("root user", Unknown)]));
        assert_eq!(old[0].evidence["root_access"], "not read (see gaps)");
        assert_eq!(
            old[0].evidence["root_password"],
            "not in the account summary"
        );
    }
}
