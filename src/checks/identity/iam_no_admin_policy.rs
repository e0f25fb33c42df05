//! `iam-no-admin-policy`: No attached policy (customer-managed, AWS-managed or inline) grants administrator access.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    policy_check(
        out,
        inv,
        true,
        (
            "grants administrator access",
            "grants no administrator access",
        ),
        AwsManaged::Same,
        |s| s.administrator().into_iter().collect(),
    );
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{aws_managed, named, policies, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn admin_policies_attached_only_deny_and_not_action() {
        assert_eq!(
            verdicts(&check("iam-no-admin-policy", &policies())),
            v(&[
                ("admin", Fail),
                ("deny-all", Pass),
                // NotAction iam:* leaves IAM out: not administrator access.
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
        assert_eq!(
            admin.message,
            "Policy admin grants administrator access: Allow * on *."
        );
        assert_eq!(named(&findings, "scoped").evidence["offending"], "none");
        assert_eq!(
            named(&findings, "user/dev:inline-admin").resource,
            "arn:aws:iam::123456789012:user/dev/inline-policy/inline-admin"
        );
    }

    #[test]
    fn aws_managed_policies_are_judged_by_their_default_version() {
        let findings = check("iam-no-admin-policy", &aws_managed(true));
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("AdministratorAccess", Fail),
                // Every service but IAM, Organizations and Account: not admin.
                ("PowerUserAccess", Pass),
                ("AmazonS3FullAccess", Pass),
                ("AmazonEC2ReadOnlyAccess", Pass),
                ("SecurityAudit", Unknown),
                ("Unlisted", Unknown),
                // Every action but billing: IAM is in, the holder can grant itself the rest.
                ("all-but-billing", Fail),
            ])
        );
        let admin = named(&findings, "AdministratorAccess");
        assert_eq!(
            admin.resource,
            "arn:aws:iam::aws:policy/AdministratorAccess"
        );
        assert_eq!(
            admin.evidence["attached_to"],
            "group/admins, role/break-glass"
        );
        assert_eq!(admin.evidence["aws_managed"], "true");
        assert_eq!(admin.evidence["default_version"], "v7");
        assert_eq!(
            admin.message,
            "AWS-managed policy AdministratorAccess grants administrator access: Allow * on *."
        );
        let billing = named(&findings, "all-but-billing");
        assert_eq!(billing.evidence["attached_to"], "user/ci");
        assert_eq!(
            billing.evidence["offending"],
            "Everything: Allow every action but aws-portal:*,billing:* on *: IAM is left in, so the holder can grant itself the rest"
        );
        assert_eq!(
            named(&findings, "SecurityAudit").message,
            "The document of policy SecurityAudit could not be read."
        );
        assert_eq!(
            named(&findings, "Unlisted").message,
            "AWS-managed policy Unlisted was not read (see gaps)."
        );
    }

    #[test]
    fn a_snapshot_without_aws_managed_policies_leaves_them_unknown() {
        let findings = check("iam-no-admin-policy", &aws_managed(false));
        let admin = named(&findings, "AdministratorAccess");
        assert_eq!(admin.status, Unknown, "never a pass for what was not read");
        assert!(admin.message.contains("predates"), "{}", admin.message);
        assert_eq!(named(&findings, "all-but-billing").status, Fail);
    }

    #[test]
    fn empty_names_are_the_arns_last_part() {
        let mut inv = policies();
        let iam = inv.accounts[0].iam.as_mut().unwrap();
        iam.policies[0].name.clear();
        let findings = check("iam-no-admin-policy", &inv);
        let admin = named(&findings, "admin");
        assert_eq!(
            admin.message,
            "Policy admin grants administrator access: Allow * on *."
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
