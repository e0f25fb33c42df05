//! `state-lock-table`: Terraform state is locked: a LockID table with PITR, or declared S3 locking.

use std::collections::BTreeSet;

use super::*;
use crate::checks::settings::StateLock;
use crate::inventory::DynamoTable;

/// The name of the account-level finding.
const ACCOUNT_NOUN: &str = "Terraform state lock";

/// What one account's search for lock tables found, and what it could not
/// look at.
#[derive(Default)]
struct Search<'i> {
    /// Lock tables found, by name.
    found: Vec<&'i str>,
    /// Regions whose tables could not be listed (or were not searched).
    unlisted: Vec<&'i str>,
    /// State buckets whose region could not be read.
    unlocated: Vec<&'i str>,
    /// Tables that could not be described: any may be a lock table.
    undescribed: Vec<&'i str>,
    /// The account's buckets could not be listed: the state buckets' regions
    /// are not known.
    buckets_unlisted: bool,
}

impl Search<'_> {
    fn complete(&self) -> bool {
        self.unlisted.is_empty()
            && self.unlocated.is_empty()
            && self.undescribed.is_empty()
            && !self.buckets_unlisted
    }
}

/// Tables with hash key `LockID` are lock tables; so are the tables the
/// configuration names, which then must have that key. They are looked for
/// in every audited region and in every state bucket's region (Terraform's
/// S3 backend keeps its lock table in the bucket's region), each judged
/// where it is. The account is judged once more when it lacks a lock table,
/// and always when S3-native locking is declared.
pub fn run(out: &mut Out, inv: &Inventory) {
    for account in &inv.accounts {
        let mut search = Search::default();
        let mut searched: BTreeSet<&str> = BTreeSet::new();
        for region in &account.regions {
            searched.insert(&region.region);
            let at = In {
                account,
                region: &region.region,
            };
            look(out, &mut search, at, region.dynamodb_tables.as_deref());
        }
        match &account.s3 {
            None => search.buckets_unlisted = true,
            Some(s3) => {
                let settings = out.settings;
                for bucket in s3.buckets.iter().filter(|b| is_state_bucket(b, settings)) {
                    let Some(region) = bucket.region.as_deref() else {
                        search.unlocated.push(&bucket.name);
                        continue;
                    };
                    if !searched.insert(region) {
                        continue;
                    }
                    // Not there: a snapshot of a posture that did not search it.
                    let tables = s3
                        .state_region_tables
                        .iter()
                        .find(|t| t.region == region)
                        .and_then(|t| t.tables.as_deref());
                    look(out, &mut search, In { account, region }, tables);
                }
            }
        }
        judge_account(out, account, &search);
    }
}

/// Judge the lock tables of one region; `None`: they could not be listed.
fn look<'i>(out: &mut Out, search: &mut Search<'i>, at: In<'i>, tables: Option<&'i [DynamoTable]>) {
    let Some(tables) = tables else {
        search.unlisted.push(at.region);
        return;
    };
    let settings = out.settings;
    let named = &settings.lock_tables;
    for table in tables.iter().filter(|t| t.hash_key.is_none()) {
        search.undescribed.push(&table.name);
    }
    for table in tables
        .iter()
        .filter(|t| t.keyed_for_locks() || named.contains(&t.name))
    {
        search.found.push(&table.name);
        judge_table(out, at, table);
    }
}

fn judge_table(out: &mut Out, at: In, table: &DynamoTable) {
    let s3_declared = out.settings.state_lock == Some(StateLock::S3);
    let finding = out
        .on(at, &table.arn, &table.name)
        .evidence("hash_key", table.hash_key.as_deref().unwrap_or("unknown"));
    if table.hash_key.is_none() {
        return finding.unknown(format!(
            "Table {} is named as the lock table but could not be described (its key is not known).",
            table.name
        ));
    }
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
            if s3_declared {
                format!(
                    "Lock table {} has no point-in-time recovery (S3-native locking is declared: delete the table if no backend names it any more).",
                    table.name
                )
            } else {
                format!("Lock table {} has no point-in-time recovery.", table.name)
            },
        ),
    }
}

/// The two ways to lock the state, for a failure message.
fn how_to_lock(declared: Option<StateLock>) -> &'static str {
    match declared {
        Some(StateLock::Dynamodb) => {
            "create a DynamoDB table with hash key LockID and point-in-time recovery, and name it in the backend's dynamodb_table"
        }
        _ => {
            "either create a DynamoDB table with hash key LockID and point-in-time recovery and name it in the backend's dynamodb_table, or (Terraform 1.10+) set use_lockfile = true in the backend and declare it with [state] lock = \"s3\" in posture.toml (or --state-lock s3)"
        }
    }
}

/// The account is judged when S3-native locking is declared (that passes: no
/// read-only call can see the lock file, so the declaration is the evidence);
/// else when no lock table was found, or when a configured one was not found
/// although every place could be searched (else it may be in one that could
/// not).
fn judge_account(out: &mut Out, account: &AccountInventory, search: &Search) {
    let declared = out.settings.state_lock;
    let missing: Vec<&str> = out
        .settings
        .lock_tables
        .iter()
        .map(String::as_str)
        .filter(|n| !search.found.contains(n))
        .collect();
    let root = account.root_arn();
    if declared == Some(StateLock::S3) {
        return out
            .on(Global { account }, &root, ACCOUNT_NOUN)
            .evidence("lock", "s3")
            .evidence("declared", "use_lockfile = true ([state] lock or --state-lock)")
            .evidence_names("lock_tables", &search.found)
            .pass("S3-native state locking (use_lockfile = true, Terraform 1.10+) is declared in the configuration; no read-only call can confirm that the backend uses it.");
    }
    if !search.found.is_empty() && (missing.is_empty() || !search.complete()) {
        return;
    }
    let finding = out
        .on(Global { account }, &root, ACCOUNT_NOUN)
        .evidence("lock", declared.map_or("not declared", StateLock::name));
    if !search.complete() {
        let mut finding = finding;
        let mut missed = Vec::new();
        if !search.unlisted.is_empty() {
            finding = finding.evidence_names("unlisted_regions", &search.unlisted);
            missed.push("DynamoDB could not be listed in every region searched");
        }
        if !search.unlocated.is_empty() {
            finding = finding.evidence_names("unlocated_state_buckets", &search.unlocated);
            missed.push("the region of a state bucket could not be read");
        }
        if !search.undescribed.is_empty() {
            finding = finding.evidence_names("undescribed_tables", &search.undescribed);
            missed.push("a table that could not be described may be one");
        }
        if search.buckets_unlisted {
            finding = finding.evidence("state_buckets", "S3 buckets could not be listed");
            missed.push("the state buckets (and so their regions) could not be listed");
        }
        return finding.unknown(format!(
            "No lock table found, but {}.",
            missed.join(", and ")
        ));
    }
    let finding = finding.evidence_names("lock_tables", &search.found);
    if !missing.is_empty() {
        finding.fail(format!(
            "Configured lock table {} does not exist in the audited regions nor in the state buckets' regions: {}.",
            missing.join(", "),
            how_to_lock(declared)
        ))
    } else {
        finding.fail(format!(
            "No DynamoDB table with hash key LockID in the audited regions nor in the state buckets' regions, so concurrent terraform applies can corrupt the state: {}.",
            how_to_lock(declared)
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{bucket, named};
    use crate::checks::fixtures::{check, check_with, inventory, v, verdicts};
    use crate::checks::settings::{Settings, StateLock};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn table_in(region: &str, name: &str, key: Option<&str>, pitr: Option<bool>) -> Value {
        json!({"arn": format!("arn:aws:dynamodb:{region}:123456789012:table/{name}"), "name": name,
               "hash_key": key, "point_in_time_recovery": pitr})
    }

    fn table(name: &str, key: Option<&str>, pitr: Option<bool>) -> Value {
        table_in("us-east-1", name, key, pitr)
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

    fn declared(lock: StateLock) -> Settings {
        Settings {
            state_lock: Some(lock),
            ..Settings::default()
        }
    }

    /// us-east-1 audited with `tables`; state buckets in eu-west-1, whose
    /// tables were listed as `eu` (absent: that region was not searched).
    fn state_bucket_abroad(tables: Value, eu: Option<Value>) -> crate::inventory::Inventory {
        let mut s3 = json!({"buckets": [bucket("eu-tfstate", json!({"region": "eu-west-1"}))]});
        if let Some(eu) = eu {
            s3["state_region_tables"] = json!([{"region": "eu-west-1", "tables": eu}]);
        }
        inventory(json!({ "s3": s3 }), json!({ "dynamodb_tables": tables }))
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
        let findings = check("state-lock-table", &none);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Fail)]));
        assert_eq!(findings[0].evidence["lock"], "not declared");
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
    fn without_a_table_the_failure_names_both_ways_to_lock() {
        let none = with_tables(json!([]));
        let message = &check("state-lock-table", &none)[0].message;
        assert!(
            message.contains("hash key LockID and point-in-time recovery"),
            "{message}"
        );
        assert!(message.contains("use_lockfile = true"), "{message}");
        assert!(message.contains("[state] lock = \"s3\""), "{message}");
        assert!(message.contains("--state-lock s3"), "{message}");

        // Declared as DynamoDB locking: only the table is the way.
        let findings = check_with("state-lock-table", &none, &declared(StateLock::Dynamodb));
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Fail)]));
        assert_eq!(findings[0].evidence["lock"], "dynamodb");
        assert!(
            !findings[0].message.contains("use_lockfile"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn declared_s3_locking_passes_with_that_evidence() {
        let none = with_tables(json!([]));
        let findings = check_with("state-lock-table", &none, &declared(StateLock::S3));
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Pass)]));
        let account = &findings[0];
        assert_eq!(account.evidence["lock"], "s3");
        assert!(account.evidence["declared"].contains("use_lockfile"));
        assert_eq!(account.evidence["lock_tables"], "none");
        assert_eq!(account.region, "global");

        // Even where nothing could be listed: the declaration is the evidence.
        let unlisted = with_tables(Value::Null);
        assert_eq!(
            verdicts(&check_with(
                "state-lock-table",
                &unlisted,
                &declared(StateLock::S3)
            )),
            v(&[("Terraform state lock", Pass)])
        );

        // A table left from before still exists, and is still judged.
        let leftover = with_tables(json!([table("locks", Some("LockID"), Some(false))]));
        let findings = check_with("state-lock-table", &leftover, &declared(StateLock::S3));
        assert_eq!(
            verdicts(&findings),
            v(&[("Terraform state lock", Pass), ("locks", Fail)])
        );
        assert!(
            named(&findings, "locks")
                .message
                .contains("delete the table")
        );
        assert_eq!(
            named(&findings, "Terraform state lock").evidence["lock_tables"],
            "locks"
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
                ("Terraform state lock", Fail)
            ])
        );
        let account = named(&findings, "Terraform state lock");
        assert!(
            account
                .message
                .starts_with("Configured lock table absent does not exist in the audited regions nor in the state buckets' regions"),
            "{}",
            account.message
        );
        assert_eq!(account.resource, "arn:aws:iam::123456789012:root");
        assert_eq!(account.region, "global");
        let sessions = named(&findings, "sessions");
        assert_eq!(sessions.evidence["hash_key"], "id");
    }

    /// Regression: with DescribeTable denied, every table's key is unknown
    /// and the account failed for having no lock table.
    #[test]
    fn undescribed_tables_leave_a_missing_lock_table_unknown() {
        let inv = with_tables(json!([
            table("app", Some("id"), None),
            table("locks", None, None)
        ]));
        let findings = check("state-lock-table", &inv);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Unknown)]));
        assert_eq!(findings[0].evidence["undescribed_tables"], "locks");
        assert!(
            findings[0].message.contains("could not be described"),
            "{}",
            findings[0].message
        );
        // A configured table that could not be described: its key is unknown.
        let findings = check_with("state-lock-table", &inv, &configured(&["locks"]));
        assert_eq!(verdicts(&findings), v(&[("locks", Unknown)]));
    }

    #[test]
    fn unlisted_regions_leave_a_missing_table_unknown() {
        let mut inv = with_tables(Value::Null);
        let findings = check("state-lock-table", &inv);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Unknown)]));
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

    #[test]
    fn lock_tables_are_searched_in_a_state_buckets_region_outside_the_audit() {
        // The only lock table is next to the state bucket, in eu-west-1,
        // which the audit (us-east-1) does not cover.
        let eu = json!([
            table_in("eu-west-1", "eu-locks", Some("LockID"), Some(true)),
            table_in("eu-west-1", "eu-sessions", Some("id"), None)
        ]);
        let inv = state_bucket_abroad(json!([]), Some(eu));
        let findings = check("state-lock-table", &inv);
        assert_eq!(verdicts(&findings), v(&[("eu-locks", Pass)]));
        assert_eq!(findings[0].region, "eu-west-1");
        assert_eq!(
            findings[0].resource,
            "arn:aws:dynamodb:eu-west-1:123456789012:table/eu-locks"
        );

        let bad = json!([table_in(
            "eu-west-1",
            "eu-locks",
            Some("LockID"),
            Some(false)
        )]);
        assert_eq!(
            verdicts(&check(
                "state-lock-table",
                &state_bucket_abroad(json!([]), Some(bad))
            )),
            v(&[("eu-locks", Fail)])
        );

        // Listed there, and empty: no lock table anywhere.
        let none = state_bucket_abroad(json!([]), Some(json!([])));
        assert_eq!(
            verdicts(&check("state-lock-table", &none)),
            v(&[("Terraform state lock", Fail)])
        );
    }

    #[test]
    fn a_state_buckets_region_that_was_not_searched_leaves_a_missing_table_unknown() {
        // ListTables failed in eu-west-1.
        let failed = state_bucket_abroad(json!([]), Some(Value::Null));
        let findings = check("state-lock-table", &failed);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Unknown)]));
        assert_eq!(findings[0].evidence["unlisted_regions"], "eu-west-1");

        // A snapshot of an older posture, which did not search there.
        let older = state_bucket_abroad(json!([]), None);
        let findings = check("state-lock-table", &older);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Unknown)]));
        assert_eq!(findings[0].evidence["unlisted_regions"], "eu-west-1");

        // A lock table found elsewhere is judged, and the account is not.
        let found = state_bucket_abroad(json!([table("locks", Some("LockID"), Some(true))]), None);
        assert_eq!(
            verdicts(&check("state-lock-table", &found)),
            v(&[("locks", Pass)])
        );

        // A state bucket in an audited region is searched with that region.
        let home = inventory(
            json!({"s3": {"buckets": [bucket("home-tfstate", json!({}))]}}),
            json!({"dynamodb_tables": []}),
        );
        assert_eq!(
            verdicts(&check("state-lock-table", &home)),
            v(&[("Terraform state lock", Fail)])
        );
    }

    #[test]
    fn unknown_bucket_regions_and_unlisted_buckets_leave_a_missing_table_unknown() {
        let unlocated = inventory(
            json!({"s3": {"buckets": [bucket("lost-tfstate", json!({"region": null}))]}}),
            json!({"dynamodb_tables": []}),
        );
        let findings = check("state-lock-table", &unlocated);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Unknown)]));
        assert_eq!(
            findings[0].evidence["unlocated_state_buckets"],
            "lost-tfstate"
        );

        let unlisted = inventory(json!({"s3": null}), json!({"dynamodb_tables": []}));
        let findings = check("state-lock-table", &unlisted);
        assert_eq!(verdicts(&findings), v(&[("Terraform state lock", Unknown)]));
        assert!(
            findings[0].message.contains("could not be listed"),
            "{}",
            findings[0].message
        );

        // Buckets that are not state buckets are not searched around.
        let other = inventory(
            json!({"s3": {"buckets": [bucket("assets", json!({"region": null}))]}}),
            json!({"dynamodb_tables": []}),
        );
        assert_eq!(
            verdicts(&check("state-lock-table", &other)),
            v(&[("Terraform state lock", Fail)])
        );
    }
}
