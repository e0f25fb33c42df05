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
        AwsManaged::AccountWideOnly,
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
    use super::super::fixture::{aws_managed, failing, iam, named, policies, policy, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};
    use serde_json::json;

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
    fn reads_are_recognised_in_any_case() {
        let inv = iam(
            json!([
                policy(
                    "lower-reads",
                    r#"{"Statement":{"Effect":"Allow","Action":["s3:get*","ECS:list*","ec2:DESCRIBE*"],"Resource":"*"}}"#,
                    1
                ),
                policy(
                    "globbed-writes",
                    r#"{"Statement":{"Effect":"Allow","Action":["s3:G?t*","*Object"],"Resource":"arn:aws:s3:::b/?"}}"#,
                    1
                ),
            ]),
            json!([]),
            json!([]),
        );
        assert_eq!(
            verdicts(&check("iam-no-wildcard-resources", &inv)),
            v(&[("lower-reads", Pass), ("globbed-writes", Fail)])
        );
    }

    #[test]
    fn aws_managed_policies_fail_only_when_they_grant_every_service() {
        let findings = check("iam-no-wildcard-resources", &aws_managed(true));
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("AdministratorAccess", Fail),
                ("PowerUserAccess", Fail),
                ("AmazonS3FullAccess", Pass),
                ("AmazonEC2ReadOnlyAccess", Pass),
                ("SecurityAudit", Unknown),
                ("Unlisted", Unknown),
                ("all-but-billing", Fail),
            ])
        );
        assert_eq!(
            named(&findings, "AmazonS3FullAccess").evidence["maintained_by_aws"],
            "s3:*,s3-object-lambda:* on *"
        );
        assert_eq!(
            named(&findings, "AmazonEC2ReadOnlyAccess").evidence["maintained_by_aws"],
            "none"
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
