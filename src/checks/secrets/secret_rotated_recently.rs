//! `secret-rotated-recently`: Secrets were rotated (or created) within the last 90 days.

use super::*;

/// A secret an AWS service owns is not failed: the service rotates it on
/// its own schedule (or never), which the customer cannot change.
pub fn run(out: &mut Out, inv: &Inventory) {
    let max_age = out.settings.secret_rotation_max_age_days;
    let now = out.now;
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out
            .on(at, &s.arn, &s.name)
            .evidence("last_rotated", day(s.last_rotated))
            .evidence("created", day(s.created))
            .evidence("owner", owner(s));
        let Some(changed) = s.last_rotated.or(s.created) else {
            return finding.unknown(format!(
                "Neither rotation nor creation date of {} is known.",
                s.name
            ));
        };
        let age = (now - changed).num_days();
        let finding = finding.evidence("age_days", age);
        if age <= max_age {
            return finding.pass(format!("Secret {} changed {age} days ago.", s.name));
        }
        let Some(finding) = not_the_customers(finding, s, |service| {
            format!(
                "Secret {} is owned by {service}, which rotates it on its own schedule: not judged on a setting the account cannot change.",
                s.name
            )
        }) else {
            return;
        };
        finding.fail(format!(
            "Secret {} has not been rotated for {age} days (limit {max_age}).",
            s.name
        ));
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{named, owned, secret, secrets, unlisted};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn rotation_or_creation_within_the_limit() {
        let findings = check("secret-rotated-recently", &secrets());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Pass),
                ("undescribed-key", Unknown)
            ])
        );
        let old = &named(&findings, "old").evidence;
        assert_eq!(old["last_rotated"], "never");
        assert_eq!(old["created"], "2026-01-01");
        assert_eq!(old["age_days"], "326");
        assert_eq!(old["owner"], "customer");
    }

    #[test]
    fn service_owned_secrets_are_not_failed_and_say_who_owns_them() {
        let findings = check("secret-rotated-recently", &owned());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("events!connection/hooks/9f8e", Pass),
                ("older-snapshot", Unknown),
                ("rds!db-0a1b2c3d", Pass),
            ])
        );
        let events = named(&findings, "events!connection/hooks/9f8e");
        assert_eq!(events.evidence["owner"], "events (OwningService)");
        assert_eq!(events.evidence["age_days"], "326");
        assert!(
            events.message.contains("owned by events"),
            "{}",
            events.message
        );

        // A recent change passes whoever owns the secret, recorded or not.
        let mut recent = secret("recent", json!({"created": "2026-11-01T00:00:00Z"}));
        recent.as_object_mut().unwrap().remove("owner");
        let inv = inventory(json!({}), json!({ "secrets": [recent] }));
        assert_eq!(
            verdicts(&check("secret-rotated-recently", &inv)),
            v(&[("recent", Pass)])
        );
    }

    #[test]
    fn unlisted_secrets_are_unknown() {
        assert_eq!(
            verdicts(&check("secret-rotated-recently", &unlisted())),
            v(&[("secrets", Unknown)])
        );
    }
}
