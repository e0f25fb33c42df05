//! `iam-access-keys-rotated`: No active IAM user access key is older than 90 days.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let max_age = out.settings.access_key_max_age_days;
    let now = out.now;
    out.each::<Users>(inv, |out, at, user| {
        let Some(keys) = &user.access_keys else {
            return out
                .on(at, &user.arn, &user.name)
                .unknown(format!("Access keys of {} could not be listed.", user.name));
        };
        // Age in days of each active key; `None` when its creation date is unknown.
        let ages: Vec<(&str, Option<i64>)> = keys
            .iter()
            .filter(|k| k.active)
            .map(|k| (k.id.as_str(), k.created.map(|c| (now - c).num_days())))
            .collect();
        if ages.is_empty() {
            return;
        }
        let old: Vec<String> = ages
            .iter()
            .filter_map(|&(id, age)| {
                age.filter(|&a| a > max_age)
                    .map(|a| format!("{id} ({a} days)"))
            })
            .collect();
        let shown: Vec<String> = ages
            .iter()
            .map(|(id, age)| format!("{id}={}", age.map_or("?".into(), |a| a.to_string())))
            .collect();
        let finding = out
            .on(at, &user.arn, &user.name)
            .evidence_names("active_key_ages_days", &shown);
        if !old.is_empty() {
            finding.fail(format!(
                "{} has active keys older than {max_age} days: {}.",
                user.name,
                old.join(", ")
            ))
        } else if ages.iter().any(|(_, age)| age.is_none()) {
            finding.unknown(format!(
                "The age of an access key of {} is not known.",
                user.name
            ))
        } else {
            finding.pass(format!(
                "Every active key of {} is younger than {max_age} days.",
                user.name
            ))
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{iam, key, named, unread, user, users};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn only_active_keys_count() {
        let findings = check("iam-access-keys-rotated", &users());
        assert_eq!(
            verdicts(&findings),
            v(&[("api-old", Fail), ("api-new", Pass), ("unread", Unknown)])
        );
        let old = named(&findings, "api-old");
        assert_eq!(old.evidence["active_key_ages_days"], "AKIAOLD=206");
        assert_eq!(
            old.message,
            "api-old has active keys older than 90 days: AKIAOLD (206 days)."
        );
    }

    #[test]
    fn a_key_of_unknown_age_is_unknown_unless_another_is_old() {
        let undated = key("AKIAUNDATED", true, None);
        let inv = iam(
            json!([]),
            json!([
                user(
                    "undated",
                    Some(false),
                    0,
                    json!([key("AKIANEW", true, Some("2026-11-01T00:00:00Z")), undated])
                ),
                user(
                    "old-and-undated",
                    Some(false),
                    0,
                    json!([key("AKIAOLD", true, Some("2026-05-01T00:00:00Z")), undated])
                ),
            ]),
            json!([]),
        );
        let findings = check("iam-access-keys-rotated", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("undated", Unknown), ("old-and-undated", Fail)])
        );
        assert_eq!(
            named(&findings, "undated").evidence["active_key_ages_days"],
            "AKIANEW=22, AKIAUNDATED=?"
        );
        assert_eq!(
            verdicts(&check("iam-access-keys-rotated", &unread())),
            v(&[("IAM users", Unknown)])
        );
    }
}
