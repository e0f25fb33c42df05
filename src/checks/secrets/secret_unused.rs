//! `secret-unused`: Secrets have been read within the last 90 days.

use super::*;

/// A secret an AWS service owns is not failed: it lives as long as the
/// resource that created it, and only that service deletes it (an RDS
/// master password no application reads is good practice, not waste).
pub fn run(out: &mut Out, inv: &Inventory) {
    let max_idle = out.settings.secret_unused_days;
    let now = out.now;
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out
            .on(at, &s.arn, &s.name)
            .evidence("last_accessed", day(s.last_accessed))
            .evidence("created", day(s.created))
            .evidence("owner", owner(s));
        // A secret never read counts from its creation: a new one is not "unused" yet.
        let Some(since) = s.last_accessed.or(s.created) else {
            return finding.unknown(format!(
                "Neither last access nor creation date of {} is known.",
                s.name
            ));
        };
        let idle = (now - since).num_days();
        let finding = finding.evidence("idle_days", idle);
        if idle <= max_idle {
            return finding.pass(format!(
                "Secret {} was used within {max_idle} days.",
                s.name
            ));
        }
        let Some(finding) = not_the_customers(finding, s, |service| {
            format!(
                "Secret {} is owned by {service}: it lives as long as the {service} resource that created it, which alone can delete it.",
                s.name
            )
        }) else {
            return;
        };
        finding.fail(format!(
            "Secret {} has not been read for {idle} days: delete it or find its owner.",
            s.name
        ));
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, owned, secrets, unlisted};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn read_or_created_within_the_limit() {
        let findings = check("secret-unused", &secrets());
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Pass),
                ("undescribed-key", Unknown)
            ])
        );
        let rotated = &named(&findings, "rotated").evidence;
        assert_eq!(rotated["last_accessed"], "2026-11-22");
        assert_eq!(rotated["idle_days"], "1");
    }

    #[test]
    fn service_owned_secrets_are_not_failed_and_say_who_owns_them() {
        let findings = check("secret-unused", &owned());
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
        assert_eq!(rds.evidence["idle_days"], "326");
    }

    #[test]
    fn unlisted_secrets_are_unknown() {
        assert_eq!(
            verdicts(&check("secret-unused", &unlisted())),
            v(&[("secrets", Unknown)])
        );
    }
}
