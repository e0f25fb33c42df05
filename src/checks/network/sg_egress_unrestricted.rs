//! `sg-egress-unrestricted`: Security groups do not allow all traffic out to the internet.

use super::*;
use crate::checks::settings::Destination;

/// All traffic out to the internet fails. With approved egress destinations
/// configured, every egress rule must lead to one of them.
pub fn run(out: &mut Out, inv: &Inventory) {
    let allow = &out.settings.approved_egress;
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let open: Vec<String> = g
            .egress
            .iter()
            .filter(|r| {
                if allow.is_empty() {
                    net::is_internet(&r.peer) && net::is_all_traffic(r)
                } else {
                    !approved(r, allow)
                }
            })
            .map(net::describe_rule)
            .collect();
        let name = group_name(at.region, g);
        out.on(at, &g.arn, &name)
            .evidence_list("unrestricted_egress", &open)
            .evidence_joined(
                "attached_to",
                &attachments(at.region, &g.id),
                ", ",
                "nothing found",
            )
            .verdict(
                open.is_empty(),
                format!("{name} restricts outbound traffic."),
                if allow.is_empty() {
                    format!(
                        "{name} allows all traffic out to the internet ({}).",
                        open.join("; ")
                    )
                } else {
                    format!(
                        "{name} allows traffic out to unapproved destinations ({}).",
                        open.join("; ")
                    )
                },
            );
    });
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

/// What uses a security group: load balancers and network interfaces.
fn attachments(region: &RegionInventory, group_id: &str) -> Vec<String> {
    let load_balancers = region
        .load_balancers
        .iter()
        .flatten()
        .filter(|lb| lb.security_groups.iter().any(|g| g == group_id))
        .map(|lb| format!("load balancer {}", lb.name));
    let interfaces = region
        .network_interfaces
        .iter()
        .flatten()
        .filter(|n| n.groups.iter().any(|g| g == group_id))
        .map(|n| match &n.description {
            Some(d) => format!("{} ({d})", n.id),
            None => n.id.clone(),
        });
    load_balancers.chain(interfaces).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{any4, groups, offices, rule, sg};
    use crate::checks::fixtures::{check, check_with, inventory, v, verdicts};
    use crate::checks::settings::{Destination, Settings};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
    fn approved_egress() {
        let inv = offices();
        let settings = Settings {
            trusted_admin_cidrs: vec!["203.0.113.0/24".parse().unwrap()],
            approved_egress: ["pl-stripe", "10.0.0.0/16"]
                .iter()
                .filter_map(|d| Destination::parse(d))
                .collect(),
            ..Settings::default()
        };
        assert_eq!(
            verdicts(&check_with("sg-egress-unrestricted", &inv, &settings)),
            v(&[
                ("main/office", Pass),
                ("main/elsewhere", Pass),
                ("main/vpn", Fail)
            ])
        );
        let vpn = check_with("sg-egress-unrestricted", &inv, &settings)
            .into_iter()
            .find(|f| f.resource_name == "main/vpn")
            .unwrap();
        assert_eq!(
            vpn.message,
            "main/vpn allows traffic out to unapproved destinations (tcp/443 0.0.0.0/0)."
        );
    }

    #[test]
    fn approved_security_groups() {
        let inv = inventory(
            json!({}),
            json!({"security_groups": [
                sg("app", json!([]), json!([rule("tcp", Some(5432), Some(5432), json!({"kind": "group", "value": "sg-db"}))])),
                sg("other", json!([]), json!([rule("tcp", Some(5432), Some(5432), json!({"kind": "group", "value": "sg-cache"}))]))
            ]}),
        );
        let settings = Settings {
            approved_egress: Destination::parse("sg-db").into_iter().collect(),
            ..Settings::default()
        };
        assert_eq!(
            verdicts(&check_with("sg-egress-unrestricted", &inv, &settings)),
            v(&[("vpc-1/app", Pass), ("vpc-1/other", Fail)])
        );
    }

    #[test]
    fn what_uses_the_group_is_the_evidence() {
        let inv = inventory(
            json!({}),
            json!({
                "security_groups": [
                    sg("open", json!([]), json!([rule("-1", None, None, any4())])),
                    sg("unused", json!([]), json!([]))
                ],
                "load_balancers": [{"arn": "lb", "name": "lb", "kind": "application", "internet_facing": true, "vpc_id": "vpc-1",
                    "security_groups": ["sg-open"], "attributes": {}, "listeners": [], "web_acl": {"arn": null}, "target_groups": []}],
                "network_interfaces": [
                    {"id": "eni-1", "description": "ELB app/lb", "interface_type": null, "groups": ["sg-open"]},
                    {"id": "eni-2", "description": null, "interface_type": null, "groups": ["sg-open"]}
                ]
            }),
        );
        let findings = check("sg-egress-unrestricted", &inv);
        let open = findings
            .iter()
            .find(|f| f.resource_name == "vpc-1/open")
            .unwrap();
        assert_eq!(
            open.message,
            "vpc-1/open allows all traffic out to the internet (all traffic 0.0.0.0/0)."
        );
        assert_eq!(
            open.evidence["unrestricted_egress"],
            "all traffic 0.0.0.0/0"
        );
        assert_eq!(
            open.evidence["attached_to"],
            "load balancer lb, eni-1 (ELB app/lb), eni-2"
        );
        let unused = findings
            .iter()
            .find(|f| f.resource_name == "vpc-1/unused")
            .unwrap();
        assert_eq!(unused.evidence["unrestricted_egress"], "none");
        assert_eq!(unused.evidence["attached_to"], "nothing found");
    }

    #[test]
    fn groups_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"security_groups": null}));
        assert_eq!(
            verdicts(&check("sg-egress-unrestricted", &inv)),
            v(&[("security groups", Unknown)])
        );
    }
}
