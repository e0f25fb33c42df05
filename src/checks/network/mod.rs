//! Network checks: security groups, network ACLs, VPCs and subnets, and where
//! ECS services sit in them.

pub(super) mod ecs_tasks_in_private_subnets;
pub(super) mod nacl_admin_ports_from_internet;
pub(super) mod sg_admin_ports_from_internet;
pub(super) mod sg_default_closed;
pub(super) mod sg_egress_unrestricted;
pub(super) mod sg_open_to_internet;
pub(super) mod sg_tasks_ingress_from_lb_only;
pub(super) mod sg_web_ingress_https_only;
pub(super) mod subnet_no_auto_public_ip;
pub(super) mod vpc_flow_logs;

use super::Out;
use super::walk::*;
use crate::inventory::{EcsService, Inventory, Peer, RegionInventory, SecurityGroup, SgRule};
use crate::net;

/// "vpc-name/group-name": group names repeat across VPCs (every VPC has a `default`).
fn group_name(region: &RegionInventory, g: &SecurityGroup) -> String {
    let vpc = g
        .vpc_id
        .as_deref()
        .map(|v| region.vpc_name(v))
        .unwrap_or_else(|| "ec2-classic".into());
    format!("{vpc}/{}", g.name)
}

/// What a group's ingress opens to the internet, its rules combined.
fn ingress_exposure(region: &RegionInventory, g: &SecurityGroup) -> net::Exposure {
    net::exposure(&net::unlabelled(&g.ingress), net::Lists::of(region))
}

/// Fail on what is open for certain (the evidence `key` lists it); else
/// `unknown` when a prefix list left `what` undecided (the evidence
/// `undecided` says why); else pass.
#[allow(clippy::too_many_arguments)]
fn decide(
    finding: super::Pending,
    key: Option<&str>,
    failing: &[String],
    undecided: &[String],
    name: &str,
    what: &str,
    pass: String,
    fail: String,
) {
    let finding = match key {
        Some(key) => finding.evidence_list(key, failing),
        None => finding,
    };
    if !failing.is_empty() {
        finding.fail(fail)
    } else if !undecided.is_empty() {
        finding
            .evidence_list("undecided", undecided)
            .unknown(format!(
                "Whether {name} {what} cannot be decided: {}.",
                undecided.join("; ")
            ))
    } else {
        finding.pass(pass)
    }
}

/// The ARN of an EC2 resource of the region, for resources listed without one.
fn ec2_arn(at: Regional, kind: &str, id: &str) -> String {
    format!(
        "arn:{}:ec2:{}:{}:{kind}/{id}",
        at.account.partition, at.region.region, at.account.account_id
    )
}

/// Every ECS service, named `cluster/service`. A cluster whose services could
/// not be listed gets one `unknown` finding of its own.
fn each_service<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut visit: impl FnMut(&mut Out, Regional<'i>, &str, &'i EcsService),
) {
    out.each::<EcsServices>(inv, |out, at, cluster| {
        let Some(services) = &cluster.services else {
            return out.on(at, &cluster.arn, &cluster.name).unknown(format!(
                "The services of cluster {} could not be listed.",
                cluster.name
            ));
        };
        for service in services {
            visit(
                out,
                at,
                &format!("{}/{}", cluster.name, service.name),
                service,
            );
        }
    });
}

/// JSON builders of the network checks' inventories.
#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::inventory;
    use crate::inventory::Inventory;

    pub fn rule(protocol: &str, from: Option<i32>, to: Option<i32>, peer: Value) -> Value {
        json!({"protocol": protocol, "from_port": from, "to_port": to, "peer": peer})
    }

    pub fn any4() -> Value {
        json!({"kind": "ipv4", "value": "0.0.0.0/0"})
    }

    pub fn any6() -> Value {
        json!({"kind": "ipv6", "value": "::/0"})
    }

    pub fn ipv4(cidr: &str) -> Value {
        json!({"kind": "ipv4", "value": cidr})
    }

    /// Security group `sg-<name>` in VPC `vpc-1`.
    pub fn sg(name: &str, ingress: Value, egress: Value) -> Value {
        json!({"id": format!("sg-{name}"), "arn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/sg-{name}"),
               "name": name, "vpc_id": "vpc-1", "tag_name": null, "ingress": ingress, "egress": egress})
    }

    /// Groups open to the internet in many ways, in VPC `main`.
    pub fn groups() -> Inventory {
        inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": "10.0.0.0/16", "is_default": false}],
                "security_groups": [
                    sg("ssh-world", json!([rule("tcp", Some(22), Some(22), any4())]), json!([])),
                    sg("range-covers-22", json!([rule("tcp", Some(0), Some(1024), any4())]), json!([])),
                    sg("rdp-v6", json!([rule("tcp", Some(3389), Some(3389), any6())]), json!([])),
                    sg("all-traffic", json!([rule("-1", None, None, any4())]), json!([rule("-1", None, None, any4())])),
                    sg("ssh-private", json!([rule("tcp", Some(22), Some(22), ipv4("10.20.0.0/16"))]),
                       json!([rule("tcp", Some(5432), Some(5432), ipv4("10.0.0.0/16"))])),
                    sg("web", json!([rule("tcp", Some(80), Some(80), any4()), rule("tcp", Some(443), Some(443), any6())]), json!([])),
                    sg("https", json!([rule("tcp", Some(443), Some(443), any4())]), json!([rule("tcp", Some(0), Some(65535), any6())])),
                    sg("db-world", json!([rule("tcp", Some(5432), Some(5432), any4())]), json!([])),
                    sg("icmp", json!([rule("icmp", Some(-1), Some(-1), any4())]), json!([])),
                ]
            }),
        )
    }

    pub fn list(id: &str) -> Value {
        json!({"kind": "prefix_list", "value": id})
    }

    /// `groups` in VPC `main` beside the region's prefix lists: customer
    /// lists holding the internet (`pl-any`), an office network
    /// (`pl-office`), one whose entries were not read (`pl-unread`), and
    /// AWS's lists of CloudFront (`pl-cf`), S3 (`pl-s3`) and DynamoDB (`pl-ddb`).
    pub fn listed(groups: Value) -> Inventory {
        inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": "10.0.0.0/16", "is_default": false}],
                "prefix_lists": [
                    {"id": "pl-any", "name": "anywhere", "owner": "123456789012", "entries": ["10.0.0.0/8", "0.0.0.0/0"]},
                    {"id": "pl-office", "name": "office", "owner": "123456789012", "entries": ["10.20.0.0/16"]},
                    {"id": "pl-unread", "name": "unread", "owner": "123456789012", "entries": null},
                    {"id": "pl-cf", "name": "com.amazonaws.global.cloudfront.origin-facing", "owner": "AWS", "entries": null},
                    {"id": "pl-s3", "name": "com.amazonaws.us-east-1.s3", "owner": "AWS", "entries": null},
                    {"id": "pl-ddb", "name": "com.amazonaws.us-east-1.dynamodb", "owner": "AWS", "entries": null}
                ],
                "security_groups": groups
            }),
        )
    }

    /// Groups admitting SSH from an office, elsewhere and a VPN, with egress to
    /// a prefix list, a private network and the internet.
    pub fn offices() -> Inventory {
        inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": null, "is_default": false}],
                "security_groups": [
                    sg("office", json!([rule("tcp", Some(22), Some(22), ipv4("203.0.113.0/24"))]),
                       json!([rule("tcp", Some(443), Some(443), json!({"kind": "prefix_list", "value": "pl-stripe"}))])),
                    sg("elsewhere", json!([rule("tcp", Some(22), Some(22), ipv4("198.51.100.0/24"))]),
                       json!([rule("tcp", Some(5432), Some(5432), ipv4("10.0.1.0/24"))])),
                    sg("vpn", json!([rule("tcp", Some(22), Some(22), ipv4("10.8.0.0/16"))]),
                       json!([rule("tcp", Some(443), Some(443), any4())])),
                ]
            }),
        )
    }

    /// Three VPCs (one default, one whose flow log fails), their default
    /// groups, flow logs and two subnets.
    pub fn vpcs() -> Inventory {
        inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": null, "is_default": false},
                         {"id": "vpc-2", "name": null, "cidr": null, "is_default": true},
                         {"id": "vpc-3", "name": "failing-log", "cidr": null, "is_default": false}],
                "security_groups": [
                    {"id": "sg-d1", "arn": "sg-d1", "name": "default", "vpc_id": "vpc-1", "tag_name": null, "ingress": [], "egress": []},
                    {"id": "sg-d2", "arn": "sg-d2", "name": "default", "vpc_id": "vpc-2", "tag_name": null, "ingress": [],
                     "egress": [rule("-1", None, None, any4())]}
                ],
                "flow_logs": [
                    {"id": "fl-1", "resource_id": "vpc-1", "status": "ACTIVE", "deliver_status": "SUCCESS", "destination": "x"},
                    {"id": "fl-3", "resource_id": "vpc-3", "status": "ACTIVE", "deliver_status": "FAILED", "destination": "x"}
                ],
                "subnets": [
                    {"id": "subnet-a", "arn": null, "name": "public-a", "vpc_id": "vpc-1", "availability_zone": null, "map_public_ip_on_launch": true},
                    {"id": "subnet-b", "arn": null, "name": null, "vpc_id": "vpc-1", "availability_zone": null, "map_public_ip_on_launch": false}
                ]
            }),
        )
    }

    pub fn service(name: &str, subnets: &[&str], groups: &[&str], public_ip: bool) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:service/c/{name}"), "name": name, "task_definition": "td",
               "network": {"subnets": subnets, "security_groups": groups, "assign_public_ip": public_ip}, "target_groups": []})
    }

    /// ECS services of cluster `c` in a public, a private and a main-table
    /// subnet, behind task groups that admit the load balancer, a network or
    /// another group; `patch` replaces parts of the region.
    pub fn services(patch: Value) -> Inventory {
        let sg = |id: &str, ingress: Value| {
            json!({"id": id, "arn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/{id}"), "name": id,
                   "vpc_id": "vpc-1", "tag_name": null, "ingress": ingress, "egress": []})
        };
        let from = |peer: Value| json!([{"protocol": "tcp", "from_port": 3000, "to_port": 3000, "peer": peer}]);
        let mut region = json!({
            "vpcs": [{"id": "vpc-1", "name": "main", "cidr": null, "is_default": false}],
            "subnets": [
                {"id": "subnet-pub", "arn": null, "name": "public", "vpc_id": "vpc-1", "availability_zone": null, "map_public_ip_on_launch": false},
                {"id": "subnet-priv", "arn": null, "name": "private", "vpc_id": "vpc-1", "availability_zone": null, "map_public_ip_on_launch": false},
                {"id": "subnet-main", "arn": null, "name": "main-table", "vpc_id": "vpc-1", "availability_zone": null, "map_public_ip_on_launch": false}
            ],
            "route_tables": [
                {"id": "rtb-pub", "vpc_id": "vpc-1", "main": false, "subnet_ids": ["subnet-pub"], "default_route_targets": ["igw-1"]},
                {"id": "rtb-priv", "vpc_id": "vpc-1", "main": false, "subnet_ids": ["subnet-priv"], "default_route_targets": ["nat-1"]},
                {"id": "rtb-main", "vpc_id": "vpc-1", "main": true, "subnet_ids": [], "default_route_targets": ["igw-1"]}
            ],
            "security_groups": [
                sg("sg-alb", json!([])),
                sg("sg-tasks", from(json!({"kind": "group", "value": "sg-alb"}))),
                sg("sg-open-tasks", from(ipv4("10.0.0.0/16"))),
                sg("sg-peer", from(json!({"kind": "group", "value": "sg-tasks"})))
            ],
            "load_balancers": [{"arn": "lb", "name": "lb", "kind": "application", "internet_facing": true, "vpc_id": "vpc-1",
                "security_groups": ["sg-alb"], "attributes": {}, "listeners": [], "web_acl": {"arn": null}, "target_groups": []}],
            "ecs_clusters": [{"arn": "c", "name": "c", "container_insights": "enabled", "services": [
                service("web", &["subnet-pub"], &["sg-tasks"], true),
                service("worker", &["subnet-priv"], &["sg-tasks", "sg-open-tasks"], false),
                service("batch", &["subnet-main"], &["sg-peer"], false),
                service("ghost", &["subnet-gone"], &["sg-tasks"], false)
            ]}]
        });
        if let (Value::Object(region), Value::Object(patch)) = (&mut region, patch) {
            region.extend(patch);
        }
        inventory(json!({}), region)
    }
}
