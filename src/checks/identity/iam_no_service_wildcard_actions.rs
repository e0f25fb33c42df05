//! `iam-no-service-wildcard-actions`: No policy grants a whole service (e.g. s3:*) or every service but a few.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let phrases = ("grants whole services", "grants no whole service");
    policy_check(out, inv, false, phrases, AwsManaged::AccountWideOnly, |s| {
        s.service_wildcards()
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{aws_managed, failing, iam, named, policies, policy, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};
    use serde_json::json;

    #[test]
    fn service_wildcards_include_not_action() {
        let findings = check("iam-no-service-wildcard-actions", &policies());
        assert_eq!(
            failing(&findings),
            v(&[
                ("admin", Fail),
                ("unattached-admin", Fail),
                ("not-action", Fail),
                ("s3-star", Fail),
                ("user/dev:inline-admin", Fail)
            ])
        );
    }

    #[test]
    fn action_names_are_matched_in_any_case_and_as_globs() {
        let inv = iam(
            json!([
                policy(
                    "upper",
                    r#"{"Statement":{"Effect":"Allow","Action":"S3:*","Resource":"arn:aws:s3:::b/*"}}"#,
                    1
                ),
                policy(
                    "prefix",
                    r#"{"Statement":{"Effect":"Allow","Action":"iam*","Resource":"*"}}"#,
                    1
                ),
                policy(
                    "puts",
                    r#"{"Statement":{"Effect":"Allow","Action":["s3:Put*","*Object"],"Resource":"arn:aws:s3:::b/*"}}"#,
                    1
                ),
            ]),
            json!([]),
            json!([]),
        );
        let findings = check("iam-no-service-wildcard-actions", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("upper", Fail), ("prefix", Fail), ("puts", Pass)])
        );
        assert_eq!(named(&findings, "upper").evidence["offending"], "S3:*");
    }

    #[test]
    fn aws_managed_policies_fail_only_when_they_grant_every_service() {
        let findings = check("iam-no-service-wildcard-actions", &aws_managed(true));
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("AdministratorAccess", Fail),
                // Every service but three: it fails here, not as admin.
                ("PowerUserAccess", Fail),
                // s3:* is AWS's to maintain in its own policy.
                ("AmazonS3FullAccess", Pass),
                ("AmazonEC2ReadOnlyAccess", Pass),
                ("SecurityAudit", Unknown),
                ("Unlisted", Unknown),
                ("all-but-billing", Fail),
            ])
        );
        let power = named(&findings, "PowerUserAccess");
        assert_eq!(
            power.evidence["offending"],
            "Allow every action but iam:*,organizations:*,account:* on *"
        );
        assert_eq!(power.evidence["attached_to"], "user/ci");
        let s3 = named(&findings, "AmazonS3FullAccess");
        assert_eq!(s3.evidence["offending"], "none");
        assert_eq!(s3.evidence["maintained_by_aws"], "s3:*; s3-object-lambda:*");
        assert_eq!(
            s3.message,
            "AWS-managed policy AmazonS3FullAccess does not grant every service; AWS maintains its narrower grants."
        );
        assert_eq!(
            named(&findings, "AmazonEC2ReadOnlyAccess").message,
            "AWS-managed policy AmazonEC2ReadOnlyAccess grants no whole service."
        );
    }

    #[test]
    fn unread_authorization_details_are_unknown() {
        assert_eq!(
            verdicts(&check("iam-no-service-wildcard-actions", &unread())),
            v(&[("IAM policies", Unknown)])
        );
    }
}
