//! `iam-root-no-access-keys`: The root user has no access keys.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    summary_check(
        out,
        inv,
        |s| {
            s.access_keys_present
                .map(|n| (n == 0, format!("AccountAccessKeysPresent={n}")))
        },
        "The root user has no access keys.",
        "The root user has access keys.",
    );
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
