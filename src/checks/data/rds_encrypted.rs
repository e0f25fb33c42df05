//! `rds-encrypted`: RDS instances and clusters encrypt their storage.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Databases>(inv, |out, at, db| {
        let (kind, id) = (db.kind, &db.id);
        out.on(at, &db.arn, id)
            .evidence("kind", kind)
            .evidence("engine", db.engine.as_deref().unwrap_or("?"))
            .evidence("storage_encrypted", db.storage_encrypted)
            .verdict(
                db.storage_encrypted,
                format!("RDS {kind} {id} encrypts its storage."),
                format!("RDS {kind} {id} stores data unencrypted."),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn instances_and_clusters() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
            {"arn": "a", "id": "app-db", "kind": "instance", "engine": "postgres", "storage_encrypted": false},
            {"arn": "b", "id": "analytics", "kind": "cluster", "engine": "aurora-postgresql", "storage_encrypted": true}]}),
        );
        let findings = check("rds-encrypted", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("app-db", Fail), ("analytics", Pass)])
        );
        assert_eq!(
            findings[0].message,
            "RDS instance app-db stores data unencrypted."
        );
        assert_eq!(findings[1].evidence["kind"], "cluster");
        assert_eq!(
            findings[1].message,
            "RDS cluster analytics encrypts its storage."
        );
    }

    #[test]
    fn an_unnamed_engine_is_a_question_mark() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
            {"arn": "a", "id": "app-db", "kind": "instance", "engine": null, "storage_encrypted": true}]}),
        );
        assert_eq!(check("rds-encrypted", &inv)[0].evidence["engine"], "?");
    }

    #[test]
    fn unlisted_databases_are_unknown() {
        let inv = inventory(json!({}), json!({"databases": null}));
        let findings = check("rds-encrypted", &inv);
        assert_eq!(verdicts(&findings), v(&[("RDS databases", Unknown)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws:rds:us-east-1:123456789012:db:*"
        );
    }
}
