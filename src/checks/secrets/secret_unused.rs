//! `secret-unused`: Secrets have been read within the last 90 days.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let max_idle = out.settings.secret_unused_days;
    let now = out.now;
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out
            .on(at, &s.arn, &s.name)
            .evidence("last_accessed", day(s.last_accessed))
            .evidence("created", day(s.created));
        // A secret never read counts from its creation: a new one is not "unused" yet.
        let Some(since) = s.last_accessed.or(s.created) else {
            return finding.unknown(format!(
                "Neither last access nor creation date of {} is known.",
                s.name
            ));
        };
        let idle = (now - since).num_days();
        finding.evidence("idle_days", idle).verdict(
            idle <= max_idle,
            format!("Secret {} was used within {max_idle} days.", s.name),
            format!(
                "Secret {} has not been read for {idle} days: delete it or find its owner.",
                s.name
            ),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, secrets, unlisted};
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
    fn unlisted_secrets_are_unknown() {
        assert_eq!(
            verdicts(&check("secret-unused", &unlisted())),
            v(&[("secrets", Unknown)])
        );
    }
}
