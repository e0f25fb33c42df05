//! `iam-no-service-wildcard-actions`: No customer-managed or inline policy allows a whole service (e.g. s3:*).

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let phrases = ("grants whole services", "grants no whole service");
    policy_check(out, inv, false, phrases, |s| s.service_wildcards());
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{failing, policies, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Unknown};

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
    fn unread_authorization_details_are_unknown() {
        assert_eq!(
            verdicts(&check("iam-no-service-wildcard-actions", &unread())),
            v(&[("IAM policies", Unknown)])
        );
    }
}
