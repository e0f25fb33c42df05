//! `rds-backups-enabled`: automated backups are kept at least 7 days.

use super::*;

/// The fewest days of automated backups that pass (AWS's RDS.11 default).
const MIN_DAYS: i32 = 7;

/// Each database: a standalone instance, or a cluster (whose retention its
/// members share). Read replicas are not judged, as RDS.11 does not judge
/// them: a PostgreSQL replica cannot keep backups, and a replica's data is
/// its source's, judged there.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Databases>(inv, |out, at, db| {
        if db.read_replica_of.is_some() {
            return;
        }
        let (kind, id) = (db.kind, &db.id);
        let finding = out
            .on(at, &db.arn, id)
            .evidence("kind", kind)
            .evidence("engine", db.engine.as_deref().unwrap_or("?"));
        let Some(days) = db.backup_retention_days else {
            return finding.unknown(format!(
                "RDS {kind} {id}: its backup retention period is not known."
            ));
        };
        let finding = finding.evidence("backup_retention_days", days);
        if days >= MIN_DAYS {
            finding.pass(format!(
                "RDS {kind} {id} keeps automated backups for {days} days."
            ))
        } else if days <= 0 {
            finding.fail(format!("RDS {kind} {id} has automated backups off."))
        } else {
            finding.fail(format!(
                "RDS {kind} {id} keeps automated backups for {} only (at least {MIN_DAYS} days needed).",
                if days == 1 { "1 day".to_string() } else { format!("{days} days") }
            ))
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn db(id: &str, kind: &str, days: Value, replica_of: Value) -> Value {
        json!({"arn": id, "id": id, "kind": kind, "engine": "postgres", "storage_encrypted": true,
            "backup_retention_days": days, "read_replica_of": replica_of})
    }

    #[test]
    fn retention_of_seven_days_or_more_passes() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
                db("week", "instance", json!(7), Value::Null),
                db("day", "instance", json!(1), Value::Null),
                db("off", "instance", json!(0), Value::Null),
                db("cluster", "cluster", json!(35), Value::Null),
                db("replica", "instance", json!(0), json!("week")),
                db("old-snapshot", "instance", Value::Null, Value::Null)
            ]}),
        );
        let findings = check("rds-backups-enabled", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("week", Pass),
                ("day", Fail),
                ("off", Fail),
                ("cluster", Pass),
                ("old-snapshot", Unknown)
            ])
        );
        let named = |n: &str| findings.iter().find(|f| f.resource_name == n).unwrap();
        assert_eq!(
            named("day").message,
            "RDS instance day keeps automated backups for 1 day only (at least 7 days needed)."
        );
        assert_eq!(
            named("off").message,
            "RDS instance off has automated backups off."
        );
        assert_eq!(named("cluster").evidence["backup_retention_days"], "35");
    }

    #[test]
    fn a_snapshot_of_an_earlier_version_is_unknown() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
            {"arn": "a", "id": "app-db", "kind": "instance", "engine": "postgres", "storage_encrypted": true}]}),
        );
        assert_eq!(
            verdicts(&check("rds-backups-enabled", &inv)),
            v(&[("app-db", Unknown)])
        );
        let inv = inventory(json!({}), json!({"databases": null}));
        assert_eq!(
            verdicts(&check("rds-backups-enabled", &inv)),
            v(&[("RDS databases", Unknown)])
        );
    }
}
