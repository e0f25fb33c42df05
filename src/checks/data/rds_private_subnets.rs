//! `rds-private-subnets`: the DB subnet groups databases run in have no
//! subnet with a route to an internet gateway.

use std::collections::BTreeMap;

use super::*;
use crate::inventory::DbSubnetGroup;

/// One finding for each DB subnet group an instance (cluster members
/// included) runs in, named by the databases in it. A subnet is public as
/// for `ecs-tasks-in-private-subnets`: its route table (explicit, else the
/// VPC's main one) sends a default route to an internet gateway.
pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let Some(instances) = at.region.db_instances.as_deref() else {
            out.unlisted::<DbInstances>(at);
            continue;
        };
        let mut groups: BTreeMap<&str, (&DbSubnetGroup, Vec<&str>)> = BTreeMap::new();
        for db in instances {
            match &db.subnet_group {
                Some(g) => groups
                    .entry(&g.name)
                    .or_insert((g, Vec::new()))
                    .1
                    .push(&db.id),
                None => out.on(at, &db.arn, &db.id).unknown(format!(
                    "RDS instance {}: AWS's answer names no DB subnet group.",
                    db.id
                )),
            }
        }
        for (name, (group, databases)) in groups {
            judge(out, at, name, group, &databases);
        }
    }
}

fn judge(out: &mut Out, at: Regional, name: &str, group: &DbSubnetGroup, databases: &[&str]) {
    let account = at.account;
    let arn = format!(
        "arn:{}:rds:{}:{}:subgrp:{name}",
        account.partition, at.region.region, account.account_id
    );
    let mut public = Vec::new();
    let mut unknown = Vec::new();
    for subnet in &group.subnet_ids {
        match at.region.route_table_of(subnet) {
            None => unknown.push(subnet.as_str()),
            Some(table) if table.routes_to_internet_gateway() => public.push(format!(
                "{subnet} (routes to the internet via {})",
                table.default_route_targets.join(",")
            )),
            Some(_) => {}
        }
    }
    let finding = out
        .on(at, &arn, name)
        .evidence_names("databases", databases)
        .evidence_names("subnets", &group.subnet_ids)
        .evidence_list("public_subnets", &public);
    let dbs = databases.join(", ");
    if !public.is_empty() {
        return finding.fail(format!(
            "DB subnet group {name} (of {dbs}) has public subnets: {}.",
            public.join(", ")
        ));
    }
    if group.subnet_ids.is_empty() {
        return finding.unknown(format!(
            "DB subnet group {name} (of {dbs}): AWS's answer lists none of its subnets."
        ));
    }
    if !unknown.is_empty() {
        return finding.unknown(format!(
            "DB subnet group {name} (of {dbs}): the route tables of {} are not known (a subnet posture did not collect, or could not read).",
            unknown.join(", ")
        ));
    }
    finding.pass(format!(
        "DB subnet group {name} (of {dbs}) has only private subnets."
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn db(id: &str, group: Value) -> Value {
        json!({"arn": id, "id": id, "engine": "postgres", "cluster": null, "publicly_accessible": false, "subnet_group": group})
    }

    fn group(name: &str, subnets: &[&str]) -> Value {
        json!({"name": name, "vpc_id": "vpc-1", "subnet_ids": subnets})
    }

    fn network(patch: Value) -> Value {
        let mut region = json!({
            "subnets": [
                {"id": "subnet-pub", "vpc_id": "vpc-1", "map_public_ip_on_launch": false},
                {"id": "subnet-priv", "vpc_id": "vpc-1", "map_public_ip_on_launch": false},
                {"id": "subnet-main", "vpc_id": "vpc-1", "map_public_ip_on_launch": false},
                {"id": "subnet-nat", "vpc_id": "vpc-2", "map_public_ip_on_launch": false}
            ],
            "route_tables": [
                {"id": "rtb-pub", "vpc_id": "vpc-1", "main": false, "subnet_ids": ["subnet-pub"], "default_route_targets": ["igw-1"]},
                {"id": "rtb-priv", "vpc_id": "vpc-1", "main": false, "subnet_ids": ["subnet-priv"], "default_route_targets": ["nat-1"]},
                {"id": "rtb-main", "vpc_id": "vpc-1", "main": true, "subnet_ids": [], "default_route_targets": ["igw-1"]},
                {"id": "rtb-main-2", "vpc_id": "vpc-2", "main": true, "subnet_ids": [], "default_route_targets": []}
            ]
        });
        for (k, val) in patch.as_object().unwrap() {
            region[k] = val.clone();
        }
        region
    }

    #[test]
    fn subnet_groups_with_a_route_to_an_internet_gateway_fail() {
        let inv = inventory(
            json!({}),
            network(json!({"db_instances": [
                db("app-db", group("private", &["subnet-priv", "subnet-nat"])),
                db("app-db-2", group("private", &["subnet-priv", "subnet-nat"])),
                db("web-db", group("mixed", &["subnet-priv", "subnet-pub"])),
                // No explicit association: the VPC's main table routes to the internet.
                db("main-db", group("by-main-table", &["subnet-main"])),
                db("far-db", group("elsewhere", &["subnet-priv", "subnet-gone"])),
                db("far-public-db", group("elsewhere-public", &["subnet-gone", "subnet-pub"])),
                db("empty-db", group("empty", &[])),
                db("classic", Value::Null)
            ]})),
        );
        let findings = check("rds-private-subnets", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("private", Pass),
                ("mixed", Fail),
                ("by-main-table", Fail),
                ("elsewhere", Unknown),
                ("elsewhere-public", Fail),
                ("empty", Unknown),
                ("classic", Unknown)
            ])
        );
        let named = |n: &str| findings.iter().find(|f| f.resource_name == n).unwrap();
        assert_eq!(named("private").evidence["databases"], "app-db, app-db-2");
        assert_eq!(
            named("private").resource,
            "arn:aws:rds:us-east-1:123456789012:subgrp:private"
        );
        assert_eq!(
            named("mixed").message,
            "DB subnet group mixed (of web-db) has public subnets: subnet-pub (routes to the internet via igw-1)."
        );
        assert!(named("elsewhere").message.contains("subnet-gone"));
    }

    #[test]
    fn uncollected_instances_or_route_tables_are_unknown() {
        let inv = inventory(json!({}), network(json!({"db_instances": null})));
        assert_eq!(
            verdicts(&check("rds-private-subnets", &inv)),
            v(&[("RDS DB instances", Unknown)])
        );
        let inv = inventory(
            json!({}),
            network(
                json!({"route_tables": null, "db_instances": [db("app-db", group("private", &["subnet-priv"]))]}),
            ),
        );
        assert_eq!(
            verdicts(&check("rds-private-subnets", &inv)),
            v(&[("private", Unknown)])
        );
    }
}
