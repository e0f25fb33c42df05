//! `secret-rotation-enabled`: Secrets have automatic rotation enabled.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        out.on(at, &s.arn, &s.name)
            .evidence("rotation_enabled", s.rotation_enabled)
            .evidence(
                "rotation_days",
                s.rotation_days
                    .map_or_else(|| "none".into(), |d| d.to_string()),
            )
            .verdict(
                s.rotation_enabled,
                format!("Secret {} rotates automatically.", s.name),
                format!("Secret {} has no automatic rotation.", s.name),
            );
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, secrets, unlisted};
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
