//! `rds-not-public`: no DB instance is publicly accessible.

use super::*;

/// Every DB instance, cluster members included: `PubliclyAccessible` is an
/// instance's setting (AWS's RDS.2 judges instances).
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<DbInstances>(inv, |out, at, db| {
        let id = &db.id;
        let finding = out
            .on(at, &db.arn, id)
            .evidence("engine", db.engine.as_deref().unwrap_or("?"))
            .evidence("cluster", db.cluster.as_deref().unwrap_or("none"));
        let Some(public) = db.publicly_accessible else {
            return finding.unknown(format!(
                "RDS instance {id}: AWS's answer did not say whether it is publicly accessible."
            ));
        };
        finding.evidence("publicly_accessible", public).verdict(
            !public,
            format!("RDS instance {id} is not publicly accessible."),
            format!(
                "RDS instance {id} is publicly accessible: its endpoint resolves to a public address."
            ),
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn public_instances_fail_cluster_members_included() {
        let inv = inventory(
            json!({}),
            json!({"db_instances": [
                {"arn": "a", "id": "app-db", "engine": "postgres", "cluster": null, "publicly_accessible": true, "subnet_group": null},
                {"arn": "b", "id": "analytics-1", "engine": "aurora-postgresql", "cluster": "analytics", "publicly_accessible": true, "subnet_group": null},
                {"arn": "c", "id": "analytics-2", "engine": "aurora-postgresql", "cluster": "analytics", "publicly_accessible": false, "subnet_group": null},
                {"arn": "d", "id": "odd", "engine": null, "cluster": null, "publicly_accessible": null, "subnet_group": null}
            ]}),
        );
        let findings = check("rds-not-public", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("app-db", Fail),
                ("analytics-1", Fail),
                ("analytics-2", Pass),
                ("odd", Unknown)
            ])
        );
        assert_eq!(findings[1].evidence["cluster"], "analytics");
        assert_eq!(
            findings[0].message,
            "RDS instance app-db is publicly accessible: its endpoint resolves to a public address."
        );
    }

    #[test]
    fn unlisted_instances_are_unknown() {
        // A snapshot recorded before posture listed instances has none.
        let inv = inventory(json!({}), json!({}));
        let findings = check("rds-not-public", &inv);
        assert_eq!(verdicts(&findings), v(&[("RDS DB instances", Unknown)]));
    }
}
