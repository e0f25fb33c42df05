//! `iam-no-user-access-keys`: No IAM user has an active access key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Users>(inv, |out, at, user| {
        let finding = out.on(at, &user.arn, &user.name);
        let Some(keys) = &user.access_keys else {
            return finding.unknown(format!("Access keys of {} could not be listed.", user.name));
        };
        let active: Vec<&str> = keys
            .iter()
            .filter(|k| k.active)
            .map(|k| k.id.as_str())
            .collect();
        finding
            .evidence_names("active_access_keys", &active)
            .verdict(
                active.is_empty(),
                format!("{} has no active access key.", user.name),
                format!(
                    "{} has active long-lived access keys: {}.",
                    user.name,
                    active.join(", ")
                ),
            );
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, unread, users};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn active_keys_fail_whatever_their_age() {
        let findings = check("iam-no-user-access-keys", &users());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("console-no-mfa", Pass),
                ("console-mfa", Pass),
                ("api-old", Fail),
                ("api-new", Fail),
                ("unread", Unknown)
            ])
        );
        let keys = |name: &str| &named(&findings, name).evidence["active_access_keys"];
        assert_eq!(keys("console-mfa"), "none");
        assert_eq!(keys("api-old"), "AKIAOLD");
    }

    #[test]
    fn unlisted_users_are_unknown() {
        assert_eq!(
            verdicts(&check("iam-no-user-access-keys", &unread())),
            v(&[("IAM users", Unknown)])
        );
    }
}
