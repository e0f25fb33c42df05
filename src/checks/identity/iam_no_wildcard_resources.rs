//! `iam-no-wildcard-resources`: Policies grant write actions only on specific resource ARNs.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    policy_check(
        out,
        inv,
        false,
        (
            "grants write actions on wildcard resources",
            "grants no write action on a wildcard resource",
        ),
        |s| {
            let wild = s.wildcard_resources();
            let writes = s.write_actions();
            if wild.is_empty() || writes.is_empty() {
                Vec::new()
            } else {
                vec![format!("{} on {}", writes.join(","), wild.join(","))]
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{failing, named, policies, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn wildcard_resources_with_write_actions() {
        let findings = check("iam-no-wildcard-resources", &policies());
        assert_eq!(
            failing(&findings),
            v(&[
                ("admin", Fail),
                ("unattached-admin", Fail),
                ("not-action", Fail),
                ("s3-star", Fail),
                ("logs", Fail),
                ("user/dev:inline-admin", Fail),
            ])
        );
        assert_eq!(
            named(&findings, "read-star").status,
            Pass,
            "read-only actions on *"
        );
        assert_eq!(
            named(&findings, "logs").evidence["offending"],
            "logs:CreateLogStream,logs:PutLogEvents on arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:log-stream:*"
        );
    }

    #[test]
    fn unread_authorization_details_are_unknown() {
        assert_eq!(
            verdicts(&check("iam-no-wildcard-resources", &unread())),
            v(&[("IAM policies", Unknown)])
        );
    }
}
