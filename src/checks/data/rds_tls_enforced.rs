//! `rds-tls-enforced`: the database's parameter group forces encrypted
//! connections.
//!
//! The parameter is the engine's ([`tls_parameter`]): `rds.force_ssl` = 1 for
//! PostgreSQL, Aurora PostgreSQL and SQL Server, `require_secure_transport`
//! = ON (or 1) for MySQL, MariaDB and Aurora MySQL. An instance is judged by
//! its DB parameter group, a cluster by its DB cluster parameter group.

use super::*;
use crate::inventory::tls_parameter;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Databases>(inv, |out, at, db| {
        let (kind, id) = (db.kind, &db.id);
        let finding = out
            .on(at, &db.arn, id)
            .evidence("kind", kind)
            .evidence("engine", db.engine.as_deref().unwrap_or("?"))
            .evidence("engine_version", db.engine_version.as_deref().unwrap_or("?"));
        let Some(engine) = db.engine.as_deref() else {
            return finding.unknown(format!("RDS {kind} {id}: its engine is not known."));
        };
        let Some(parameter) = tls_parameter(engine) else {
            return finding.unknown(format!(
                "RDS {kind} {id}: posture knows no parameter that forces encrypted connections on engine {engine}; verify how it is enforced by hand."
            ));
        };
        let finding = finding.evidence("parameter", parameter);
        let Some(group) = &db.parameter_group else {
            return finding.unknown(format!(
                "RDS {kind} {id}: its parameter group is not known."
            ));
        };
        let name = &group.name;
        let finding = finding.evidence("parameter_group", name);
        let Some(values) = &group.tls_parameters else {
            return finding.unknown(format!(
                "RDS {kind} {id}: the parameters of its group {name} could not be read."
            ));
        };
        let (value, forced) = match values.get(parameter) {
            Some(value) => (value.clone(), switch(value)),
            None => (
                "engine default".to_string(),
                engine_default(engine, db.engine_version.as_deref()),
            ),
        };
        let finding = finding.evidence("value", &value);
        let setting = format!("{parameter} = {value} in parameter group {name}");
        match forced {
            Some(true) => finding.pass(format!(
                "RDS {kind} {id} forces encrypted connections ({setting})."
            )),
            Some(false) => finding.fail(format!(
                "RDS {kind} {id} accepts unencrypted connections ({setting})."
            )),
            None => finding.unknown(format!(
                "RDS {kind} {id}: whether {setting} forces encrypted connections is not known."
            )),
        }
    });
}

/// A boolean parameter's value as RDS spells it: `1`/`0`, `ON`/`OFF`.
fn switch(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "on" | "true" => Some(true),
        "0" | "off" | "false" => Some(false),
        _ => None,
    }
}

/// Whether the engine forces TLS when its group sets no value, as AWS
/// documents the defaults: on for RDS for PostgreSQL 15 and later and for
/// RDS for MySQL 9.7 and later, off for every other engine with a rule.
/// `None` when that depends on a version that is not known.
fn engine_default(engine: &str, version: Option<&str>) -> Option<bool> {
    let numbers = || -> Option<(u32, u32)> {
        let mut parts = version?.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        Some((major, minor))
    };
    match engine {
        "postgres" => numbers().map(|(major, _)| major >= 15),
        "mysql" => numbers().map(|v| v >= (9, 7)),
        _ => Some(false),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::engine_default;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn db(id: &str, kind: &str, engine: &str, version: &str, group: Value) -> Value {
        json!({"arn": id, "id": id, "kind": kind, "engine": engine, "engine_version": version,
            "storage_encrypted": true, "backup_retention_days": 7, "parameter_group": group})
    }

    fn group(name: &str, values: Value) -> Value {
        json!({"name": name, "tls_parameters": values})
    }

    #[test]
    fn each_engine_is_judged_by_its_own_parameter() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
                db("pg-forced", "instance", "postgres", "14.12", group("pg", json!({"rds.force_ssl": "1"}))),
                db("pg-off", "instance", "postgres", "16.4", group("pg-off", json!({"rds.force_ssl": "0"}))),
                // The engine default: on since PostgreSQL 15, off before.
                db("pg16-default", "instance", "postgres", "16.4", group("default.postgres16", json!({}))),
                db("pg14-default", "instance", "postgres", "14.12", group("default.postgres14", json!({}))),
                db("mysql-on", "instance", "mysql", "8.0.39", group("my", json!({"require_secure_transport": "ON"}))),
                db("mysql-default", "instance", "mysql", "8.0.39", group("default.mysql8.0", json!({}))),
                // The other engine's parameter does not count.
                db("mysql-wrong-parameter", "instance", "mysql", "8.0.39", group("odd", json!({"rds.force_ssl": "1"}))),
                db("mariadb-one", "instance", "mariadb", "10.11.9", group("maria", json!({"require_secure_transport": "1"}))),
                db("sqlserver-off", "instance", "sqlserver-se", "16.00", group("mssql", json!({"rds.force_ssl": "0"}))),
                db("aurora-pg", "cluster", "aurora-postgresql", "16.4", group("apg", json!({"rds.force_ssl": "1"}))),
                db("aurora-pg-default", "cluster", "aurora-postgresql", "16.4", group("default.aurora-postgresql16", json!({}))),
                db("aurora-my", "cluster", "aurora-mysql", "8.0.mysql_aurora.3.05.2", group("amy", json!({"require_secure_transport": "OFF"}))),
                db("oracle", "instance", "oracle-ee", "19.0", group("ora", Value::Null)),
                db("odd-value", "instance", "postgres", "16.4", group("odd-pg", json!({"rds.force_ssl": "maybe"}))),
                db("unread", "instance", "postgres", "16.4", group("pg-unread", Value::Null)),
                db("no-group", "instance", "postgres", "16.4", Value::Null)
            ]}),
        );
        let findings = check("rds-tls-enforced", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("pg-forced", Pass),
                ("pg-off", Fail),
                ("pg16-default", Pass),
                ("pg14-default", Fail),
                ("mysql-on", Pass),
                ("mysql-default", Fail),
                ("mysql-wrong-parameter", Fail),
                ("mariadb-one", Pass),
                ("sqlserver-off", Fail),
                ("aurora-pg", Pass),
                ("aurora-pg-default", Fail),
                ("aurora-my", Fail),
                ("oracle", Unknown),
                ("odd-value", Unknown),
                ("unread", Unknown),
                ("no-group", Unknown)
            ])
        );
        let named = |n: &str| findings.iter().find(|f| f.resource_name == n).unwrap();
        assert_eq!(
            named("pg-off").message,
            "RDS instance pg-off accepts unencrypted connections (rds.force_ssl = 0 in parameter group pg-off)."
        );
        assert_eq!(
            named("pg16-default").message,
            "RDS instance pg16-default forces encrypted connections (rds.force_ssl = engine default in parameter group default.postgres16)."
        );
        assert!(named("oracle").message.contains("oracle-ee"));
        assert_eq!(
            named("aurora-my").evidence["parameter"],
            "require_secure_transport"
        );
    }

    #[test]
    fn defaults_follow_the_documented_versions() {
        assert_eq!(engine_default("postgres", Some("15.2")), Some(true));
        assert_eq!(engine_default("postgres", Some("9.6.24")), Some(false));
        assert_eq!(engine_default("postgres", None), None);
        assert_eq!(engine_default("postgres", Some("garbage")), None);
        assert_eq!(engine_default("mysql", Some("8.4.3")), Some(false));
        assert_eq!(engine_default("mysql", Some("9.7.0")), Some(true));
        assert_eq!(engine_default("mariadb", None), Some(false));
    }

    #[test]
    fn unlisted_databases_or_old_snapshots_are_unknown() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
            {"arn": "a", "id": "app-db", "kind": "instance", "engine": "postgres", "storage_encrypted": true}]}),
        );
        assert_eq!(
            verdicts(&check("rds-tls-enforced", &inv)),
            v(&[("app-db", Unknown)])
        );
        let inv = inventory(json!({}), json!({"databases": null}));
        assert_eq!(
            verdicts(&check("rds-tls-enforced", &inv)),
            v(&[("RDS databases", Unknown)])
        );
    }
}
