//! `secret-rotated-recently`: Secrets were rotated (or created) within the last 90 days.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let max_age = out.settings.secret_rotation_max_age_days;
    let now = out.now;
    out.each::<Secrets>(inv, |out, at, s| {
        let finding = out
            .on(at, &s.arn, &s.name)
            .evidence("last_rotated", day(s.last_rotated))
            .evidence("created", day(s.created));
        let Some(changed) = s.last_rotated.or(s.created) else {
            return finding.unknown(format!(
                "Neither rotation nor creation date of {} is known.",
                s.name
            ));
        };
        let age = (now - changed).num_days();
        finding.evidence("age_days", age).verdict(
            age <= max_age,
            format!("Secret {} changed {age} days ago.", s.name),
            format!(
                "Secret {} has not been rotated for {age} days (limit {max_age}).",
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
    }

    #[test]
    fn unlisted_secrets_are_unknown() {
        assert_eq!(
            verdicts(&check("secret-rotated-recently", &unlisted())),
            v(&[("secrets", Unknown)])
        );
    }
}
