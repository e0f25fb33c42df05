//! `iam-root-mfa`: The root user has MFA enabled.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    summary_check(
        out,
        inv,
        |s| {
            s.mfa_enabled
                .map(|on| (on, format!("AccountMFAEnabled={}", u8::from(on))))
        },
        "The root user has MFA.",
        "The root user has no MFA device.",
    );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn root(summary: serde_json::Value) -> Vec<crate::finding::Finding> {
        check(
            "iam-root-mfa",
            &inventory(json!({"iam_summary": summary}), json!({})),
        )
    }

    #[test]
    fn root_user_summary() {
        let without = root(json!({"mfa_enabled": false, "access_keys_present": 1}));
        assert_eq!(verdicts(&without), v(&[("root user", Fail)]));
        assert_eq!(
            without[0].evidence["account_summary"],
            "AccountMFAEnabled=0"
        );
        assert_eq!(without[0].resource, "arn:aws:iam::123456789012:root");
        let with = root(json!({"mfa_enabled": true, "access_keys_present": 1}));
        assert_eq!(verdicts(&with), v(&[("root user", Pass)]));
        assert_eq!(with[0].evidence["account_summary"], "AccountMFAEnabled=1");
    }

    #[test]
    fn an_unread_summary_or_flag_is_unknown() {
        assert_eq!(verdicts(&root(json!(null))), v(&[("root user", Unknown)]));
        let no_flag = root(json!({"mfa_enabled": null, "access_keys_present": 0}));
        assert_eq!(verdicts(&no_flag), v(&[("root user", Unknown)]));
        assert_eq!(
            no_flag[0].message,
            "The IAM account summary could not be read (see gaps)."
        );
    }
}
