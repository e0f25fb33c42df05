//! `iam-no-user-access-keys`: No IAM user has an active access key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Users>(inv, |out, at, user| {
        let account = at.account;
        let finding = out.on(Global { account }, &user.arn, &user.name);
        let Some(keys) = &user.access_keys else {
            return finding.unknown(format!("Access keys of {} could not be listed.", user.name));
        };
        let active: Vec<&str> = keys
            .iter()
            .filter(|k| k.active)
            .map(|k| k.id.as_str())
            .collect();
        finding
            .evidence(
                "active_access_keys",
                if active.is_empty() {
                    "none".into()
                } else {
                    active.join(", ")
                },
            )
            .verdict(
                active.is_empty(),
                format!("{} has no active access key.", user.name),
                format!(
                    "{} has active long-lived access keys: {}.",
                    user.name,
                    active.join(", ")
                ),
            );
    });
}
