//! Data stores: RDS.

pub(super) mod rds_encrypted;

use super::Out;
use super::walk::*;
use crate::inventory::Inventory;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass};

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
