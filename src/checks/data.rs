//! Data stores: RDS.

use super::{Out, regions};
use crate::inventory::Inventory;

pub fn rds_encrypted(out: &mut Out, inv: &Inventory) {
    for (account, region) in regions(inv) {
        let Some(databases) = &region.databases else {
            out.unlisted(account, &region.region, "rds", "db:*", "RDS databases");
            continue;
        };
        for db in databases {
            out.on(account, &region.region, &db.arn, &db.id)
                .evidence("kind", &db.kind)
                .evidence("engine", db.engine.as_deref().unwrap_or("?"))
                .evidence("storage_encrypted", db.storage_encrypted)
                .verdict(
                    db.storage_encrypted,
                    format!("RDS {} {} encrypts its storage.", db.kind, db.id),
                    format!("RDS {} {} stores data unencrypted.", db.kind, db.id),
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::model::Status::{Fail, Pass};

    #[test]
    fn instances_and_clusters() {
        let inv = inventory(
            json!({}),
            json!({"databases": [
            {"arn": "a", "id": "app-db", "kind": "instance", "engine": "postgres", "storage_encrypted": false},
            {"arn": "b", "id": "analytics", "kind": "cluster", "engine": "aurora-postgresql", "storage_encrypted": true}]}),
        );
        assert_eq!(
            verdicts(&check("rds-encrypted", &inv)),
            v(&[("app-db", Fail), ("analytics", Pass)])
        );
    }
}
