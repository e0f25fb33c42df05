//! `iam-no-admin-policy`: No attached customer-managed or inline policy allows * on *.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    policy_check(
        out,
        inv,
        true,
        (
            "allows every action on every resource",
            "does not allow every action on every resource",
        ),
        |s| {
            if s.all_actions() && s.all_resources() {
                vec!["Allow * on *".to_string()]
            } else {
                Vec::new()
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, policies, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn admin_policies_attached_only_deny_and_not_action() {
        assert_eq!(
            verdicts(&check("iam-no-admin-policy", &policies())),
            v(&[
                ("admin", Fail),
                ("deny-all", Pass),
                ("not-action", Pass),
                ("s3-star", Pass),
                ("logs", Pass),
                ("read-star", Pass),
                ("scoped", Pass),
                ("broken", Unknown),
                ("user/dev:inline-admin", Fail),
            ])
        );
    }

    #[test]
    fn offending_statements_are_evidence() {
        let findings = check("iam-no-admin-policy", &policies());
        let admin = named(&findings, "admin");
        assert_eq!(admin.evidence["offending"], "Allow * on *");
        assert_eq!(admin.evidence["statements"], "1");
        assert_eq!(named(&findings, "scoped").evidence["offending"], "none");
        assert_eq!(
            named(&findings, "user/dev:inline-admin").resource,
            "arn:aws:iam::123456789012:user/dev/inline-policy/inline-admin"
        );
    }

    #[test]
    fn unread_authorization_details_are_one_unknown_on_the_account() {
        let findings = check("iam-no-admin-policy", &unread());
        assert_eq!(verdicts(&findings), v(&[("IAM policies", Unknown)]));
        assert_eq!(findings[0].resource, "arn:aws:iam::123456789012:root");
        assert_eq!(
            findings[0].message,
            "IAM authorization details could not be read (see gaps)."
        );
    }
}
