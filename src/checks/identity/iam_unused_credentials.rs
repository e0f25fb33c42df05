//! `iam-unused-credentials`: No IAM user's console password or active access
//! key has gone unused for more than 90 days.

use super::*;
use crate::inventory::{CredentialUse, LastUse};

pub fn run(out: &mut Out, inv: &Inventory) {
    let max_idle = out.settings.credential_unused_days;
    let now = out.now;
    out.each::<Users>(inv, |out, at, user| {
        let has_key = user
            .access_keys
            .as_ref()
            .map(|keys| keys.iter().any(|k| k.active));
        let Some(usage) = &user.credential_use else {
            // Read on its own (not in the credential report): no call of that
            // path tells when a credential was last used.
            if user.console_password == Some(false) && has_key == Some(false) {
                return; // no console password, no active key: nothing to judge
            }
            return out.on(at, &user.arn, &user.name).unknown(format!(
                "When the credentials of {} were last used is read from the credential report, which does not hold this user (see gaps).",
                user.name
            ));
        };
        let credentials = credentials(usage);
        if credentials.is_empty() {
            return; // no console password, no active key
        }
        // Days unused of each credential; `None` when that is not known.
        let idle: Vec<(&str, Option<i64>)> = credentials
            .iter()
            .map(|&(name, last_use)| {
                (name, last_use.unused_since().map(|t| (now - t).num_days()))
            })
            .collect();
        let stale: Vec<String> = idle
            .iter()
            .filter_map(|&(name, days)| {
                days.filter(|&d| d > max_idle)
                    .map(|d| format!("{name} ({d} days)"))
            })
            .collect();
        let unknown: Vec<String> = credentials
            .iter()
            .filter(|(_, last_use)| last_use.unused_since().is_none())
            .map(|&(name, last_use)| match last_use {
                LastUse::Unreadable { value } => format!("{name} (last used {value:?})"),
                _ => format!("{name} (never used, and when it was set is not in the report)"),
            })
            .collect();
        let shown: Vec<String> = credentials
            .iter()
            .zip(&idle)
            .map(|(&(name, last_use), &(_, days))| {
                let days = days.map_or("?".to_string(), |d| d.to_string());
                match last_use {
                    LastUse::Used { .. } => format!("{name}={days}"),
                    LastUse::Never { .. } => format!("{name}={days} (never used)"),
                    LastUse::Unreadable { .. } => format!("{name}=?"),
                }
            })
            .collect();
        let finding = out
            .on(at, &user.arn, &user.name)
            .evidence_names("days_unused", &shown);
        if !stale.is_empty() {
            finding.fail(format!(
                "{} has credentials unused for more than {max_idle} days: {}.",
                user.name,
                stale.join(", ")
            ))
        } else if !unknown.is_empty() {
            finding.unknown(format!(
                "When a credential of {} was last used is not known: {}.",
                user.name,
                unknown.join(", ")
            ))
        } else {
            finding.pass(format!(
                "Every credential of {} was used (or set) within {max_idle} days.",
                user.name
            ))
        }
    });
}

/// The console password and the active keys, by name, with their last use.
fn credentials(usage: &CredentialUse) -> Vec<(&str, &LastUse)> {
    usage
        .password
        .iter()
        .map(|p| ("password", p))
        .chain(
            usage
                .access_keys
                .iter()
                .map(|k| (k.slot.as_str(), &k.last_use)),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{iam, key, named, unread, user};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    /// A user whose facts came from the credential report (the fixture's
    /// "now" is 2026-11-23).
    fn reported(name: &str, password: Value, keys: Value) -> Value {
        let console = !password.is_null();
        let mut u = user(name, Some(console), 0, json!([]));
        u["credential_use"] = json!({"password": password, "access_keys": keys});
        u
    }

    fn used(at: &str) -> Value {
        json!({"state": "used", "at": at})
    }

    fn never(set: Option<&str>) -> Value {
        json!({"state": "never", "set": set})
    }

    fn slot(n: u8, last_use: Value) -> Value {
        json!({"slot": format!("access_key_{n}"), "last_use": last_use})
    }

    #[test]
    fn a_credential_unused_past_the_threshold_fails() {
        let inv = iam(
            json!([]),
            json!([
                reported(
                    "recent",
                    used("2026-11-01T00:00:00Z"),
                    json!([slot(1, used("2026-11-20T00:00:00Z"))])
                ),
                reported("old-password", used("2026-05-01T00:00:00Z"), json!([])),
                reported(
                    "old-key",
                    Value::Null,
                    json!([
                        slot(1, used("2026-11-20T00:00:00Z")),
                        slot(2, used("2026-01-01T00:00:00Z"))
                    ])
                ),
                // Never used: counted from when it was set.
                reported(
                    "never-new",
                    never(Some("2026-11-01T00:00:00Z")),
                    json!([slot(1, never(Some("2026-10-01T00:00:00Z")))])
                ),
                reported(
                    "never-old",
                    Value::Null,
                    json!([slot(1, never(Some("2026-05-01T00:00:00Z")))])
                ),
                reported("nothing", Value::Null, json!([])),
            ]),
            json!([]),
        );
        let findings = check("iam-unused-credentials", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("recent", Pass),
                ("old-password", Fail),
                ("old-key", Fail),
                ("never-new", Pass),
                ("never-old", Fail),
            ])
        );
        let old = named(&findings, "old-key");
        assert_eq!(
            old.evidence["days_unused"],
            "access_key_1=3, access_key_2=326"
        );
        assert_eq!(
            old.message,
            "old-key has credentials unused for more than 90 days: access_key_2 (326 days)."
        );
        assert_eq!(
            named(&findings, "never-old").evidence["days_unused"],
            "access_key_1=206 (never used)"
        );
        // The threshold is a setting.
        let settings = crate::checks::settings::Settings {
            credential_unused_days: 10,
            ..Default::default()
        };
        let strict = crate::checks::fixtures::check_with("iam-unused-credentials", &inv, &settings);
        assert_eq!(named(&strict, "never-new").status, Fail);
    }

    #[test]
    fn an_unreadable_date_is_unknown_never_a_pass() {
        let inv = iam(
            json!([]),
            json!([
                reported(
                    "unreadable",
                    json!({"state": "unreadable", "value": "soon"}),
                    json!([])
                ),
                reported("never-undated", Value::Null, json!([slot(1, never(None))])),
                // Another credential's failure still decides.
                reported(
                    "old-and-undated",
                    used("2026-01-01T00:00:00Z"),
                    json!([slot(2, never(None))])
                ),
            ]),
            json!([]),
        );
        let findings = check("iam-unused-credentials", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("unreadable", Unknown),
                ("never-undated", Unknown),
                ("old-and-undated", Fail),
            ])
        );
        assert_eq!(
            named(&findings, "unreadable").message,
            "When a credential of unreadable was last used is not known: password (last used \"soon\")."
        );
    }

    #[test]
    fn a_user_outside_the_report_is_unknown_unless_it_has_no_credentials() {
        let inv = iam(
            json!([]),
            json!([
                user("console", Some(true), 0, json!([])),
                user("keyed", Some(false), 0, json!([key("AKIA1", true, None)])),
                user(
                    "inactive-key",
                    Some(false),
                    0,
                    json!([key("AKIA2", false, None)])
                ),
                user("unread", None, 0, Value::Null),
            ]),
            json!([]),
        );
        assert_eq!(
            verdicts(&check("iam-unused-credentials", &inv)),
            v(&[
                ("console", Unknown),
                ("keyed", Unknown),
                ("unread", Unknown)
            ])
        );
        assert_eq!(
            verdicts(&check("iam-unused-credentials", &unread())),
            v(&[("IAM users", Unknown)])
        );
    }
}
