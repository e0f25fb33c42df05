//! `secret-rotation-enabled`: Secrets have automatic rotation enabled.

use super::*;

/// A secret an AWS service owns is not failed: its rotation is the
/// service's (managed rotation, or none), which the customer cannot set.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out
            .on(at, &s.arn, &s.name)
            .evidence("rotation_enabled", s.rotation_enabled)
            .evidence(
                "rotation_days",
                s.rotation_days
                    .map_or_else(|| "none".into(), |d| d.to_string()),
            )
            .evidence("owner", owner(s));
        if s.rotation_enabled {
            return finding.pass(format!("Secret {} rotates automatically.", s.name));
        }
        let Some(finding) = not_the_customers(finding, s, |service| {
            format!(
                "Secret {} is owned by {service}, which alone sets its rotation: not judged on a setting the account cannot change.",
                s.name
            )
        }) else {
            return;
        };
        finding.fail(format!("Secret {} has no automatic rotation.", s.name));
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, owned, secrets, unlisted};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn rotation() {
        let findings = check("secret-rotation-enabled", &secrets());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Fail),
                ("undescribed-key", Fail)
            ])
        );
        assert_eq!(named(&findings, "rotated").evidence["rotation_days"], "30");
        assert_eq!(named(&findings, "old").evidence["rotation_days"], "none");
        assert_eq!(named(&findings, "old").evidence["owner"], "customer");
    }

    #[test]
    fn service_owned_secrets_are_not_failed_and_say_who_owns_them() {
        let findings = check("secret-rotation-enabled", &owned());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("events!connection/hooks/9f8e", Pass),
                ("older-snapshot", Unknown),
                ("rds!db-0a1b2c3d", Pass),
            ])
        );
        let rds = named(&findings, "rds!db-0a1b2c3d");
        assert_eq!(rds.evidence["owner"], "rds (OwningService)");
        assert_eq!(rds.evidence["rotation_enabled"], "false");
        assert!(rds.message.contains("owned by rds"), "{}", rds.message);
        let older = named(&findings, "older-snapshot");
        assert_eq!(older.evidence["owner"], "not recorded");
        assert!(
            older.message.contains("was not recorded"),
            "{}",
            older.message
        );
    }

    #[test]
    fn unlisted_secrets_are_unknown() {
        let findings = check("secret-rotation-enabled", &unlisted());
        assert_eq!(verdicts(&findings), v(&[("secrets", Unknown)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:*"
        );
    }
}
