//! IAM's credential report: console password, MFA and access-key facts of
//! every user in two calls (GenerateCredentialReport, GetCredentialReport)
//! instead of three calls per user.
//!
//! The report is IAM's own snapshot: when one less than four hours old
//! exists, GenerateCredentialReport keeps it rather than making a new one.
//! A user created after the report's generation is not in it, and is read
//! one call at a time like every user when the report cannot be had.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_iam::Client;
use aws_sdk_iam::types::ReportStateType;
use chrono::{DateTime, Utc};

use super::{Scope, time};
use crate::inventory::{CredentialUse, KeyUse, LastUse};

/// One user's line of the report, as far as the checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub arn: String,
    pub created: Option<DateTime<Utc>>,
    /// `password_enabled`: the user can sign in to the console.
    pub password_enabled: bool,
    /// `mfa_active`: an MFA device is assigned.
    pub mfa_active: bool,
    /// `access_key_1_active` or `access_key_2_active`. The keys' ids and
    /// creation dates are then read with ListAccessKeys: the report has no
    /// ids, and its `access_key_N_last_rotated` is documented as when the key
    /// was "created or last changed", not as its age. Inactive keys matter
    /// to no check, so a user without an active key costs no call.
    pub has_active_key: bool,
    /// When the console password and the active keys were last used.
    pub usage: CredentialUse,
}

/// The report, and when IAM generated it.
pub struct Report {
    pub generated: Option<DateTime<Utc>>,
    /// The lines by user ARN (the first, should one repeat): every user of
    /// the account is looked up, so not a scan of every line for each.
    rows: HashMap<String, Row>,
}

impl Report {
    pub fn new(generated: Option<DateTime<Utc>>, lines: Vec<Row>) -> Report {
        let mut rows = HashMap::with_capacity(lines.len());
        for row in lines {
            rows.entry(row.arn.clone()).or_insert(row);
        }
        Report { generated, rows }
    }

    /// The line of the user with this ARN, created at this time: a user
    /// deleted and created again under the same name since the report was
    /// made is not the user of the old line.
    pub fn row(&self, arn: &str, created: Option<DateTime<Utc>>) -> Option<&Row> {
        let same_second = |a: DateTime<Utc>, b: DateTime<Utc>| a.timestamp() == b.timestamp();
        self.rows.get(arn).filter(|r| match (r.created, created) {
            (Some(a), Some(b)) => same_second(a, b),
            _ => true,
        })
    }
}

/// The longest wait for IAM to generate a report (it takes seconds).
const WAIT: Duration = Duration::from_secs(30);

/// The report, or `None` (and a gap) when it cannot be had in time (denied,
/// still in progress, unreadable): the caller then reads each user on its
/// own, which answers every check but `iam-unused-credentials` (only the
/// report holds when a credential was last used), so the gap says why those
/// findings are unknown.
pub async fn read(scope: &Scope, client: &Client) -> Option<Report> {
    let unusable = |operation: &str, why: String| {
        scope.gap(
            operation,
            None,
            format!("{why}; each user was read on its own, and when their credentials were last used is not known"),
        );
    };
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut pause = Duration::from_millis(500);
    loop {
        let generated = match scope
            .attempt(client.generate_credential_report().send())
            .await
        {
            Ok(generated) => generated,
            Err(err) => {
                unusable("GenerateCredentialReport", err.text);
                return None;
            }
        };
        if generated.state() == Some(&ReportStateType::Complete) {
            break;
        }
        if tokio::time::Instant::now() + pause > deadline {
            unusable(
                "GenerateCredentialReport",
                format!("the report was not ready within {} s", WAIT.as_secs()),
            );
            return None;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(4));
    }
    let got = match scope.attempt(client.get_credential_report().send()).await {
        Ok(got) => got,
        Err(err) => {
            unusable("GetCredentialReport", err.text);
            return None;
        }
    };
    let parsed = got
        .content()
        .ok_or_else(|| "the answer holds no report".to_string())
        .and_then(|content| parse(content.as_ref()));
    match parsed {
        Ok(rows) => Some(Report::new(time(got.generated_time()), rows)),
        Err(why) => {
            unusable("GetCredentialReport", why);
            None
        }
    }
}

/// The report's CSV, by its header's column names. The root user's line
/// (`<root_account>`) is left out: the account summary covers the root user.
pub fn parse(csv: &[u8]) -> Result<Vec<Row>, String> {
    let mut reader = csv::Reader::from_reader(csv);
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("the credential report has no column {name}"))
    };
    let (user, arn, created) = (
        column("user")?,
        column("arn")?,
        column("user_creation_time")?,
    );
    let (password, mfa) = (column("password_enabled")?, column("mfa_active")?);
    let active = [
        column("access_key_1_active")?,
        column("access_key_2_active")?,
    ];
    // The last-use columns only feed iam-unused-credentials: one missing
    // makes those facts unreadable, not the whole report.
    let optional = |name: &str| header.iter().position(|h| h == name);
    let password_use = (
        optional("password_last_used"),
        optional("password_last_changed"),
    );
    let key_use = [1, 2].map(|n| {
        (
            optional(&format!("access_key_{n}_last_used_date")),
            optional(&format!("access_key_{n}_last_rotated")),
        )
    });
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        if field(user) == "<root_account>" {
            continue;
        }
        let yes = |i: usize| match field(i) {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!(
                "{other:?} in a true/false column of the credential report"
            )),
        };
        let last_use =
            |(used, set): (Option<usize>, Option<usize>)| last_use(used.map(field), set.map(field));
        let password_enabled = yes(password)?;
        let key_active = [yes(active[0])?, yes(active[1])?];
        let usage = CredentialUse {
            password: password_enabled.then(|| last_use(password_use)),
            access_keys: (0..2)
                .filter(|&i| key_active[i])
                .map(|i| KeyUse {
                    slot: format!("access_key_{}", i + 1),
                    last_use: last_use(key_use[i]),
                })
                .collect(),
        };
        rows.push(Row {
            arn: field(arn).to_string(),
            created: date(field(created)),
            password_enabled,
            mfa_active: yes(mfa)?,
            has_active_key: key_active[0] || key_active[1],
            usage,
        });
    }
    Ok(rows)
}

fn date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A credential's last use from its `…_last_used…` cell and, for one never
/// used, the cell of when it was set (`password_last_changed`,
/// `access_key_N_last_rotated`); `None`: the report has no such column.
///
/// IAM writes `no_information` for a password never used (or not since it
/// began tracking sign-ins in October 2014) and `N/A` for a key never used
/// (or not since April 2015): either way the credential has not been used
/// since it was set, which is how CIS's audit of unused credentials reads
/// them too.
fn last_use(used: Option<&str>, set: Option<&str>) -> LastUse {
    let Some(used) = used else {
        return LastUse::Unreadable {
            value: "(no last-used column)".to_string(),
        };
    };
    if let Some(at) = date(used) {
        return LastUse::Used { at };
    }
    match used {
        "no_information" | "N/A" => LastUse::Never {
            set: set.and_then(date),
        },
        other => LastUse::Unreadable {
            value: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    fn report(lines: &[&str]) -> Vec<u8> {
        std::iter::once(HEADER)
            .chain(lines.iter().copied())
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    }

    #[test]
    fn reads_each_users_facts_and_leaves_root_out() {
        let csv = report(&[
            "<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            "alice,arn:aws:iam::111111111111:user/alice,2024-05-01T10:00:00+00:00,true,no_information,2024-05-01T10:00:00+00:00,N/A,false,true,2024-05-01T10:00:05+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            "ci,arn:aws:iam::111111111111:user/ci,2024-05-02T10:00:00+00:00,false,not_supported,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,2024-06-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A",
            "bob,arn:aws:iam::111111111111:user/team/bob,2024-05-03T10:00:00+00:00,false,not_supported,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ]);
        let rows = parse(&csv).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].arn, "arn:aws:iam::111111111111:user/alice");
        assert!(rows[0].password_enabled && !rows[0].mfa_active && rows[0].has_active_key);
        // An inactive second key is not an active one.
        assert!(!rows[1].password_enabled && rows[1].mfa_active && !rows[1].has_active_key);
        assert!(!rows[2].has_active_key);
        assert_eq!(
            rows[2].created,
            Some(
                DateTime::parse_from_rfc3339("2024-05-03T10:00:00Z")
                    .unwrap()
                    .into()
            )
        );
    }

    #[test]
    fn reads_when_each_credential_was_last_used() {
        let csv = report(&[
            // Password used; key 1 active and used; key 2 inactive (not judged).
            "alice,arn:aws:iam::1:user/alice,2024-05-01T10:00:00+00:00,true,2026-10-01T08:00:00+00:00,2024-05-01T10:00:00+00:00,N/A,true,true,2024-05-01T10:00:05+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3,false,2024-05-01T10:00:05+00:00,N/A,N/A,N/A,false,N/A,false,N/A",
            // Password never used; key 2 active, never used; no key 1.
            "bob,arn:aws:iam::1:user/bob,2024-05-01T10:00:00+00:00,true,no_information,2024-06-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,true,2024-07-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A",
            // No password; an active key whose dates cannot be read.
            "ci,arn:aws:iam::1:user/ci,2024-05-01T10:00:00+00:00,false,not_supported,N/A,N/A,false,true,N/A,soon,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ]);
        let rows = parse(&csv).unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            rows[0].usage,
            CredentialUse {
                password: Some(LastUse::Used {
                    at: at("2026-10-01T08:00:00Z")
                }),
                access_keys: vec![KeyUse {
                    slot: "access_key_1".into(),
                    last_use: LastUse::Used {
                        at: at("2026-11-20T00:00:00Z")
                    }
                }],
            }
        );
        assert_eq!(
            rows[1].usage,
            CredentialUse {
                password: Some(LastUse::Never {
                    set: Some(at("2024-06-01T00:00:00Z"))
                }),
                access_keys: vec![KeyUse {
                    slot: "access_key_2".into(),
                    last_use: LastUse::Never {
                        set: Some(at("2024-07-01T00:00:00Z"))
                    }
                }],
            }
        );
        assert_eq!(rows[2].usage.password, None);
        assert_eq!(
            rows[2].usage.access_keys[0].last_use,
            LastUse::Unreadable {
                value: "soon".into()
            }
        );
        // Never used, and when it was set cannot be read: not known.
        assert_eq!(
            last_use(Some("N/A"), Some("N/A")),
            LastUse::Never { set: None }
        );
        assert_eq!(last_use(Some("N/A"), Some("N/A")).unused_since(), None);
    }

    #[test]
    fn a_report_without_last_use_columns_still_reads() {
        let csv = b"user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active,access_key_2_active\nalice,arn:aws:iam::1:user/alice,2024-05-01T10:00:00+00:00,true,false,true,false";
        let rows = parse(csv).unwrap();
        assert!(matches!(
            rows[0].usage.password,
            Some(LastUse::Unreadable { .. })
        ));
        assert!(matches!(
            rows[0].usage.access_keys[0].last_use,
            LastUse::Unreadable { .. }
        ));
    }

    #[test]
    fn a_recreated_user_is_not_the_old_line() {
        let csv = report(&[
            "alice,arn:aws:iam::1:user/alice,2024-05-01T10:00:00+00:00,true,no_information,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ]);
        let report = Report::new(None, parse(&csv).unwrap());
        let at = |s: &str| Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
        assert!(
            report
                .row("arn:aws:iam::1:user/alice", at("2024-05-01T10:00:00.250Z"))
                .is_some()
        );
        assert!(
            report
                .row("arn:aws:iam::1:user/alice", at("2024-07-01T00:00:00Z"))
                .is_none()
        );
        assert!(report.row("arn:aws:iam::1:user/alice", None).is_some());
        assert!(report.row("arn:aws:iam::1:user/bob", None).is_none());
    }

    #[test]
    fn a_report_it_cannot_read_is_refused() {
        assert!(parse(b"user,arn\nalice,arn:aws:iam::1:user/alice").is_err());
        let odd = report(&[
            "alice,arn:aws:iam::1:user/alice,x,maybe,,,,false,false,N/A,,,,false,N/A,,,,,,,",
        ]);
        assert!(parse(&odd).is_err());
        assert!(parse(b"").is_err());
        // Ragged lines are refused by the reader, never a panic.
        let ragged = report(&["alice,arn:aws:iam::1:user/alice"]);
        assert!(parse(&ragged).is_err());
    }
}
