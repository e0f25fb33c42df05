//! Network checks (ec2 / vpc).

pub(super) mod ecs_tasks_in_private_subnets;
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
use crate::checks::settings::Destination;
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

fn internet_ingress(g: &SecurityGroup) -> impl Iterator<Item = &SgRule> {
    g.ingress.iter().filter(|r| net::is_internet(&r.peer))
}

fn list(rules: &[String]) -> String {
    if rules.is_empty() {
        "none".into()
    } else {
        rules.join("; ")
    }
}

/// What uses a security group: load balancers and network interfaces.
fn attachments(region: &RegionInventory, group_id: &str) -> Vec<String> {
    let mut out: Vec<String> = region
        .load_balancers
        .iter()
        .flatten()
        .filter(|lb| lb.security_groups.iter().any(|g| g == group_id))
        .map(|lb| format!("load balancer {}", lb.name))
        .collect();
    out.extend(
        region
            .network_interfaces
            .iter()
            .flatten()
            .filter(|n| n.groups.iter().any(|g| g == group_id))
            .map(|n| match &n.description {
                Some(d) => format!("{} ({d})", n.id),
                None => n.id.clone(),
            }),
    );
    out
}

/// Whether an egress rule's destination is on the configured allow-list.
fn approved(rule: &SgRule, approved: &[Destination]) -> bool {
    match &rule.peer {
        Peer::PrefixList(id) => approved
            .iter()
            .any(|a| matches!(a, Destination::PrefixList(p) if p == id)),
        Peer::Group(id) => approved
            .iter()
            .any(|a| matches!(a, Destination::SecurityGroup(g) if g == id)),
        peer => {
            let nets: Vec<ipnet::IpNet> =
                approved.iter().filter_map(Destination::network).collect();
            net::within(peer, &nets)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass};

    fn rule(protocol: &str, from: Option<i32>, to: Option<i32>, peer: Value) -> Value {
        json!({"protocol": protocol, "from_port": from, "to_port": to, "peer": peer})
    }
    fn any4() -> Value {
        json!({"kind": "ipv4", "value": "0.0.0.0/0"})
    }
    fn any6() -> Value {
        json!({"kind": "ipv6", "value": "::/0"})
    }
    fn sg(name: &str, ingress: Value, egress: Value) -> Value {
        json!({"id": format!("sg-{name}"), "arn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/sg-{name}"),
               "name": name, "vpc_id": "vpc-1", "tag_name": null, "ingress": ingress, "egress": egress})
    }

    fn groups() -> crate::inventory::Inventory {
        inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": "10.0.0.0/16", "is_default": false}],
                "security_groups": [
                    sg("ssh-world", json!([rule("tcp", Some(22), Some(22), any4())]), json!([])),
                    sg("range-covers-22", json!([rule("tcp", Some(0), Some(1024), any4())]), json!([])),
                    sg("rdp-v6", json!([rule("tcp", Some(3389), Some(3389), any6())]), json!([])),
                    sg("all-traffic", json!([rule("-1", None, None, any4())]), json!([rule("-1", None, None, any4())])),
                    sg("ssh-private", json!([rule("tcp", Some(22), Some(22), json!({"kind": "ipv4", "value": "10.20.0.0/16"}))]),
                       json!([rule("tcp", Some(5432), Some(5432), json!({"kind": "ipv4", "value": "10.0.0.0/16"}))])),
                    sg("web", json!([rule("tcp", Some(80), Some(80), any4()), rule("tcp", Some(443), Some(443), any6())]), json!([])),
                    sg("https", json!([rule("tcp", Some(443), Some(443), any4())]), json!([rule("tcp", Some(0), Some(65535), any6())])),
                    sg("db-world", json!([rule("tcp", Some(5432), Some(5432), any4())]), json!([])),
                    sg("icmp", json!([rule("icmp", Some(-1), Some(-1), any4())]), json!([])),
                ]
            }),
        )
    }

    #[test]
    fn admin_ports_ranges_protocol_all_and_ipv6() {
        assert_eq!(
            verdicts(&check("sg-admin-ports-from-internet", &groups())),
            v(&[
                ("main/ssh-world", Fail),
                ("main/range-covers-22", Fail),
                ("main/rdp-v6", Fail),
                ("main/all-traffic", Fail),
                ("main/ssh-private", Pass),
                ("main/web", Pass),
                ("main/https", Pass),
                ("main/db-world", Pass),
                ("main/icmp", Pass),
            ])
        );
    }

    #[test]
    fn open_to_internet_beyond_web_ports() {
        assert_eq!(
            verdicts(&check("sg-open-to-internet", &groups())),
            v(&[
                ("main/ssh-world", Fail),
                ("main/range-covers-22", Fail),
                ("main/rdp-v6", Fail),
                ("main/all-traffic", Fail),
                ("main/ssh-private", Pass),
                ("main/web", Pass),
                ("main/https", Pass),
                ("main/db-world", Fail),
                ("main/icmp", Pass),
            ])
        );
    }

    #[test]
    fn web_ingress_https_only_judges_exposed_groups() {
        assert_eq!(
            verdicts(&check("sg-web-ingress-https-only", &groups())),
            v(&[
                ("main/ssh-world", Fail),
                ("main/range-covers-22", Fail),
                ("main/rdp-v6", Fail),
                ("main/all-traffic", Fail),
                ("main/web", Fail),
                ("main/https", Pass),
                ("main/db-world", Fail),
            ])
        );
    }

    #[test]
    fn egress_all_traffic_to_internet() {
        let findings = check("sg-egress-unrestricted", &groups());
        let failing: Vec<_> = verdicts(&findings)
            .into_iter()
            .filter(|(_, s)| *s == Fail)
            .collect();
        assert_eq!(
            failing,
            v(&[("main/all-traffic", Fail), ("main/https", Fail)])
        );
    }

    #[test]
    fn trusted_admin_networks_and_approved_egress() {
        use crate::checks::fixtures::check_with;
        use crate::checks::settings::Settings;
        let inv = inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": null, "is_default": false}],
                "security_groups": [
                    sg("office", json!([rule("tcp", Some(22), Some(22), json!({"kind": "ipv4", "value": "203.0.113.0/24"}))]),
                       json!([rule("tcp", Some(443), Some(443), json!({"kind": "prefix_list", "value": "pl-stripe"}))])),
                    sg("elsewhere", json!([rule("tcp", Some(22), Some(22), json!({"kind": "ipv4", "value": "198.51.100.0/24"}))]),
                       json!([rule("tcp", Some(5432), Some(5432), json!({"kind": "ipv4", "value": "10.0.1.0/24"}))])),
                    sg("vpn", json!([rule("tcp", Some(22), Some(22), json!({"kind": "ipv4", "value": "10.8.0.0/16"}))]),
                       json!([rule("tcp", Some(443), Some(443), any4())])),
                ]
            }),
        );
        // Without configuration only the whole internet counts.
        assert_eq!(
            verdicts(&check("sg-admin-ports-from-internet", &inv)),
            v(&[
                ("main/office", Pass),
                ("main/elsewhere", Pass),
                ("main/vpn", Pass)
            ])
        );
        let settings = Settings {
            trusted_admin_cidrs: vec!["203.0.113.0/24".parse().unwrap()],
            approved_egress: ["pl-stripe", "10.0.0.0/16"]
                .iter()
                .filter_map(|d| crate::checks::settings::Destination::parse(d))
                .collect(),
            ..Settings::default()
        };
        assert_eq!(
            verdicts(&check_with("sg-admin-ports-from-internet", &inv, &settings)),
            v(&[
                ("main/office", Pass),
                ("main/elsewhere", Fail),
                ("main/vpn", Pass)
            ])
        );
        assert_eq!(
            verdicts(&check_with("sg-egress-unrestricted", &inv, &settings)),
            v(&[
                ("main/office", Pass),
                ("main/elsewhere", Pass),
                ("main/vpn", Fail)
            ])
        );
    }

    #[test]
    fn default_groups_flow_logs_and_subnets() {
        let inv = inventory(
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
        );
        assert_eq!(
            verdicts(&check("sg-default-closed", &inv)),
            v(&[("main/default", Pass), ("vpc-2/default", Fail)])
        );
        assert_eq!(
            verdicts(&check("vpc-flow-logs", &inv)),
            v(&[("main", Pass), ("vpc-2", Fail), ("failing-log", Fail)])
        );
        assert_eq!(
            verdicts(&check("subnet-no-auto-public-ip", &inv)),
            v(&[("public-a", Fail), ("subnet-b", Pass)])
        );
    }
}

/// Every ECS service with awsvpc networking, named `cluster/service`.
fn each_service<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut f: impl FnMut(&mut Out, Regional<'i>, String, &'i EcsService),
) {
    out.each::<EcsServices>(inv, |out, at, c| match &c.services {
        Some(services) => services
            .iter()
            .for_each(|s| f(out, at, format!("{}/{}", c.name, s.name), s)),
        None => out.on(at, &c.arn, &c.name).unknown(format!(
            "The services of cluster {} could not be listed.",
            c.name
        )),
    });
}

/// The route table of a subnet: its explicit association, else its VPC's main table.
fn route_table_of<'r>(
    region: &'r RegionInventory,
    subnet: &str,
) -> Option<&'r crate::inventory::RouteTable> {
    let tables = region.route_tables.as_ref()?;
    let vpc = &region
        .subnets
        .as_ref()?
        .iter()
        .find(|s| s.id == subnet)?
        .vpc_id;
    tables
        .iter()
        .find(|t| t.subnet_ids.iter().any(|s| s == subnet))
        .or_else(|| tables.iter().find(|t| t.main && &t.vpc_id == vpc))
}

#[cfg(test)]
mod ecs_tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn service(name: &str, subnets: &[&str], groups: &[&str], public_ip: bool) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:service/c/{name}"), "name": name, "task_definition": "td",
               "network": {"subnets": subnets, "security_groups": groups, "assign_public_ip": public_ip}, "target_groups": []})
    }

    fn account() -> crate::inventory::Inventory {
        let sg = |id: &str, ingress: Value| {
            json!({"id": id, "arn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/{id}"), "name": id,
                   "vpc_id": "vpc-1", "tag_name": null, "ingress": ingress, "egress": []})
        };
        let from = |peer: Value| json!([{"protocol": "tcp", "from_port": 3000, "to_port": 3000, "peer": peer}]);
        inventory(
            json!({}),
            json!({
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
                    sg("sg-open-tasks", from(json!({"kind": "ipv4", "value": "10.0.0.0/16"}))),
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
            }),
        )
    }

    #[test]
    fn services_in_private_subnets() {
        assert_eq!(
            verdicts(&check("ecs-tasks-in-private-subnets", &account())),
            v(&[
                ("c/web", Fail),
                ("c/worker", Pass),
                ("c/batch", Fail),
                ("c/ghost", Unknown)
            ])
        );
    }

    #[test]
    fn task_groups_admit_only_load_balancers() {
        assert_eq!(
            verdicts(&check("sg-tasks-ingress-from-lb-only", &account())),
            v(&[
                ("main/sg-tasks", Pass),
                ("main/sg-open-tasks", Fail),
                ("main/sg-peer", Fail)
            ])
        );
    }
}
