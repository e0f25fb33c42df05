//! `rds-snapshots-private-encrypted`: no manual DB or cluster snapshot is
//! public, and each is encrypted.

use super::*;
use crate::inventory::DbSnapshot;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<DbSnapshots>(inv, |out, at, s| judge(out, at, s));
    out.each::<DbClusterSnapshots>(inv, |out, at, s| judge(out, at, s));
}

/// Unencrypted fails whatever the sharing; encrypted with unread sharing is unknown.
fn judge(out: &mut Out, at: Regional, s: &DbSnapshot) {
    let what = match s.kind {
        crate::inventory::DatabaseKind::Instance => "DB snapshot",
        crate::inventory::DatabaseKind::Cluster => "DB cluster snapshot",
    };
    let id = &s.id;
    let public = s.public();
    let finding = out
        .on(at, &s.arn, id)
        .evidence("kind", s.kind)
        .evidence("encrypted", s.encrypted)
        .evidence(
            "restore",
            s.restore.as_ref().map_or("?".to_string(), |r| {
                if r.is_empty() {
                    "none".to_string()
                } else {
                    r.join(", ")
                }
            }),
        );
    let mut why = Vec::new();
    if public == Some(true) {
        why.push("shared with every AWS account");
    }
    if !s.encrypted {
        why.push("unencrypted");
    }
    if !why.is_empty() {
        return finding.fail(format!("{what} {id} is {}.", why.join(" and ")));
    }
    if public.is_none() {
        return finding.unknown(format!(
            "{what} {id} is encrypted, but who may restore it could not be read."
        ));
    }
    finding.pass(format!("{what} {id} is encrypted and not public."))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn snap(id: &str, kind: &str, encrypted: bool, restore: Value) -> Value {
        json!({"arn": id, "id": id, "kind": kind, "encrypted": encrypted, "restore": restore})
    }

    #[test]
    fn public_or_unencrypted_snapshots_fail() {
        let inv = inventory(
            json!({}),
            json!({
                "db_snapshots": [
                    snap("private", "instance", true, json!([])),
                    snap("shared-with-one", "instance", true, json!(["111122223333"])),
                    snap("public", "instance", true, json!(["all"])),
                    snap("plain", "instance", false, json!([])),
                    snap("plain-unread", "instance", false, Value::Null),
                    snap("unread", "instance", true, Value::Null)
                ],
                "db_cluster_snapshots": [
                    snap("cluster-public-plain", "cluster", false, json!(["all", "111122223333"])),
                    snap("cluster-private", "cluster", true, json!([]))
                ]
            }),
        );
        let findings = check("rds-snapshots-private-encrypted", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("private", Pass),
                ("shared-with-one", Pass),
                ("public", Fail),
                ("plain", Fail),
                ("plain-unread", Fail),
                ("unread", Unknown),
                ("cluster-public-plain", Fail),
                ("cluster-private", Pass)
            ])
        );
        let named = |n: &str| findings.iter().find(|f| f.resource_name == n).unwrap();
        assert_eq!(
            named("cluster-public-plain").message,
            "DB cluster snapshot cluster-public-plain is shared with every AWS account and unencrypted."
        );
        assert_eq!(
            named("cluster-public-plain").evidence["restore"],
            "all, 111122223333"
        );
        assert_eq!(named("private").evidence["restore"], "none");
        assert_eq!(named("unread").evidence["restore"], "?");
    }

    #[test]
    fn unlisted_snapshots_are_unknown() {
        let inv = inventory(
            json!({}),
            json!({"db_snapshots": null, "db_cluster_snapshots": []}),
        );
        assert_eq!(
            verdicts(&check("rds-snapshots-private-encrypted", &inv)),
            v(&[("RDS DB snapshots", Unknown)])
        );
    }
}
