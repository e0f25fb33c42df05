//! `iam-access-keys-rotated`: No active IAM user access key is older than 90 days.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let max_age = out.settings.access_key_max_age_days;
    let now = out.now;
    out.each::<Users>(inv, |out, at, user| {
        let account = at.account;
        let Some(keys) = &user.access_keys else {
            return out
                .on(Global { account }, &user.arn, &user.name)
                .unknown(format!("Access keys of {} could not be listed.", user.name));
        };
        let active: Vec<_> = keys.iter().filter(|k| k.active).collect();
        if active.is_empty() {
            return;
        }
        let ages: Vec<(String, Option<i64>)> = active
            .iter()
            .map(|k| (k.id.clone(), k.created.map(|c| (now - c).num_days())))
            .collect();
        let old: Vec<String> = ages
            .iter()
            .filter(|(_, age)| age.is_some_and(|a| a > max_age))
            .map(|(id, age)| format!("{id} ({} days)", age.unwrap_or_default()))
            .collect();
        let finding = out.on(Global { account }, &user.arn, &user.name).evidence(
            "active_key_ages_days",
            ages.iter()
                .map(|(id, age)| {
                    format!(
                        "{id}={}",
                        age.map(|a| a.to_string()).unwrap_or_else(|| "?".into())
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        );
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
