//! `state-lock-table`: A DynamoDB lock table (hash key LockID) with PITR exists for Terraform.

use super::*;
use crate::inventory::DynamoTable;

/// Tables with hash key `LockID` are lock tables; so are the tables the
/// configuration names, which then must have that key. Each is judged where
/// it is, and the account once more when it lacks a lock table.
pub fn run(out: &mut Out, inv: &Inventory) {
    let named = &out.settings.lock_tables;
    for account in &inv.accounts {
        let mut found = Vec::new();
        let mut unread = Vec::new();
        for region in &account.regions {
            let Some(tables) = &region.dynamodb_tables else {
                unread.push(region.region.as_str());
                continue;
            };
            for table in tables
                .iter()
                .filter(|t| t.keyed_for_locks() || named.contains(&t.name))
            {
                found.push(table.name.as_str());
                judge_table(out, Regional { account, region }, table);
            }
        }
        judge_account(out, account, &found, &unread, named);
    }
}

fn judge_table(out: &mut Out, at: Regional, table: &DynamoTable) {
    let finding = out
        .on(at, &table.arn, &table.name)
        .evidence("hash_key", table.hash_key.as_deref().unwrap_or("unknown"));
    if !table.keyed_for_locks() {
        return finding.fail(format!(
            "Table {} is named as the lock table but its hash key is not LockID.",
            table.name
        ));
    }
    match table.point_in_time_recovery {
        None => finding.unknown(format!(
            "Point-in-time recovery of {} could not be read.",
            table.name
        )),
        Some(pitr) => finding.evidence("point_in_time_recovery", pitr).verdict(
            pitr,
            format!(
                "Lock table {} exists with point-in-time recovery.",
                table.name
            ),
            format!("Lock table {} has no point-in-time recovery.", table.name),
        ),
    }
}

/// The account is judged when no lock table was found, or when a configured
/// one was not found although every region could be read (else it may be in
/// a region that could not).
fn judge_account(
    out: &mut Out,
    account: &AccountInventory,
    found: &[&str],
    unread: &[&str],
    named: &[String],
) {
    let missing: Vec<&str> = named
        .iter()
        .map(String::as_str)
        .filter(|n| !found.contains(n))
        .collect();
    if !found.is_empty() && (missing.is_empty() || !unread.is_empty()) {
        return;
    }
    let finding = out.on(
        Global { account },
        &account.root_arn(),
        "Terraform lock table",
    );
    if !unread.is_empty() {
        finding
            .evidence_names("unlisted_regions", unread)
            .unknown("No lock table found, but DynamoDB could not be listed in every region.")
    } else if !missing.is_empty() {
        finding.fail(format!(
            "Configured lock table {} does not exist in the audited regions.",
            missing.join(", ")
        ))
    } else {
        finding.fail("No DynamoDB table with hash key LockID: concurrent terraform applies can corrupt the state.")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::named;
    use crate::checks::fixtures::{check, check_with, inventory, v, verdicts};
    use crate::checks::settings::Settings;
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn table(name: &str, key: Option<&str>, pitr: Option<bool>) -> Value {
        json!({"arn": format!("arn:aws:dynamodb:us-east-1:123456789012:table/{name}"), "name": name,
               "hash_key": key, "point_in_time_recovery": pitr})
    }

    fn with_tables(tables: Value) -> crate::inventory::Inventory {
        inventory(json!({}), json!({ "dynamodb_tables": tables }))
    }

    fn configured(names: &[&str]) -> Settings {
        Settings {
            lock_tables: names.iter().map(|n| n.to_string()).collect(),
            ..Settings::default()
        }
    }

    #[test]
    fn lock_table_needs_lock_id_and_recovery() {
        let inv = with_tables(json!([
            table("locks", Some("LockID"), Some(false)),
            table("sessions", Some("id"), None)
        ]));
        assert_eq!(
            verdicts(&check("state-lock-table", &inv)),
            v(&[("locks", Fail)])
        );
        let none = with_tables(json!([table("sessions", Some("id"), None)]));
        assert_eq!(
            verdicts(&check("state-lock-table", &none)),
            v(&[("Terraform lock table", Fail)])
        );
        let good = with_tables(json!([table("locks", Some("LockID"), Some(true))]));
        assert_eq!(
            verdicts(&check("state-lock-table", &good)),
            v(&[("locks", Pass)])
        );
        let unread = with_tables(json!([table("locks", Some("LockID"), None)]));
        assert_eq!(
            verdicts(&check("state-lock-table", &unread)),
            v(&[("locks", Unknown)])
        );
    }

    #[test]
    fn a_configured_table_must_exist_and_be_keyed_by_lock_id() {
        let inv = with_tables(json!([
            table("locks", Some("LockID"), Some(true)),
            table("sessions", Some("id"), None)
        ]));
        let findings = check_with(
            "state-lock-table",
            &inv,
            &configured(&["sessions", "absent"]),
        );
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("locks", Pass),
                ("sessions", Fail),
                ("Terraform lock table", Fail)
            ])
        );
        let account = named(&findings, "Terraform lock table");
        assert_eq!(
            account.message,
            "Configured lock table absent does not exist in the audited regions."
        );
        assert_eq!(account.resource, "arn:aws:iam::123456789012:root");
        assert_eq!(account.region, "global");
        let sessions = named(&findings, "sessions");
        assert_eq!(sessions.evidence["hash_key"], "id");
    }

    #[test]
    fn unlisted_regions_leave_a_missing_table_unknown() {
        let mut inv = with_tables(Value::Null);
        let findings = check("state-lock-table", &inv);
        assert_eq!(verdicts(&findings), v(&[("Terraform lock table", Unknown)]));
        assert_eq!(findings[0].evidence["unlisted_regions"], "us-east-1");

        // A configured table missing from the read region may be in the unread one.
        let mut read = inv.accounts[0].regions[0].clone();
        read.region = "eu-west-1".into();
        read.dynamodb_tables = Some(
            serde_json::from_value(json!([table("locks", Some("LockID"), Some(true))])).unwrap(),
        );
        inv.accounts[0].regions.push(read);
        assert_eq!(
            verdicts(&check_with(
                "state-lock-table",
                &inv,
                &configured(&["absent"])
            )),
            v(&[("locks", Pass)])
        );
    }
}
