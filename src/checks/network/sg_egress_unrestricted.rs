//! `sg-egress-unrestricted`: Security groups do not allow all traffic out to the internet.

use super::*;
use crate::checks::settings::Destination;
use crate::inventory::AwsPrefixList;

/// All traffic out to the internet fails, the group's rules combined (every
/// TCP port in two ranges is every TCP port; a customer prefix list holding
/// `0.0.0.0/0` is the internet; S3's, DynamoDB's and CloudFront's lists are
/// not). With approved egress destinations configured, every egress rule must
/// lead to one of them.
pub fn run(out: &mut Out, inv: &Inventory) {
    let allow = &out.settings.approved_egress;
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let lists = net::Lists::of(at.region);
        let (open, undecided) = if allow.is_empty() {
            net::exposure(&net::unlabelled(&g.egress), lists).judge(net::Ports::is_all_traffic)
        } else {
            let mut open = Vec::new();
            let mut undecided = Vec::new();
            for rule in &g.egress {
                match approved(rule, lists, allow) {
                    Ok(true) => {}
                    Ok(false) => open.push(lists.describe_rule(rule)),
                    Err(why) => undecided.push(why),
                }
            }
            if !open.is_empty() {
                undecided.clear();
            }
            (open, undecided)
        };
        let name = group_name(at.region, g);
        let fail = if allow.is_empty() {
            format!(
                "{name} allows all traffic out to the internet ({}).",
                open.join("; ")
            )
        } else {
            format!(
                "{name} allows traffic out to unapproved destinations ({}).",
                open.join("; ")
            )
        };
        let finding = out
            .on(at, &g.arn, &name)
            .evidence_list("unrestricted_egress", &open)
            .evidence_joined(
                "attached_to",
                &attachments(at.region, &g.id),
                ", ",
                "nothing found",
            );
        decide(
            finding,
            None,
            &open,
            &undecided,
            &name,
            if allow.is_empty() {
                "allows all traffic out to the internet"
            } else {
                "sends traffic only to approved destinations"
            },
            format!("{name} restricts outbound traffic."),
            fail,
        );
    });
}

/// Whether an egress rule's destination is on the configured allow-list: a
/// listed security group or prefix list, a network inside an approved one, a
/// customer prefix list whose every entry is, or S3's or DynamoDB's list (AWS
/// service endpoints, not the internet). `Err` (why) for a list not read.
fn approved(rule: &SgRule, lists: net::Lists, approved: &[Destination]) -> Result<bool, String> {
    match &rule.peer {
        Peer::PrefixList(id)
            if approved
                .iter()
                .any(|a| matches!(a, Destination::PrefixList(p) if p == id)) =>
        {
            return Ok(true);
        }
        Peer::Group(id) => {
            return Ok(approved
                .iter()
                .any(|a| matches!(a, Destination::SecurityGroup(g) if g == id)));
        }
        _ => {}
    }
    let nets: Vec<ipnet::IpNet> = approved.iter().filter_map(Destination::network).collect();
    match lists.reach(&rule.peer) {
        net::Reach::Networks(entries) => {
            Ok(entries.iter().all(|e| nets.iter().any(|n| n.contains(e))))
        }
        net::Reach::Service(AwsPrefixList::S3 | AwsPrefixList::DynamoDb) => Ok(true),
        net::Reach::Service(AwsPrefixList::CloudFront) | net::Reach::Group => Ok(false),
        net::Reach::Unknown(why) => Err(why),
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
    use serde_json::{Value, json};

    use super::super::fixture::{any4, groups, ipv4, list, listed, offices, rule, sg};
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

    /// All traffic to a customer list holding the internet, or every TCP
    /// port in two ranges, is unrestricted; S3's, DynamoDB's and
    /// CloudFront's lists are not the internet; a list not read is unknown.
    #[test]
    fn prefix_lists_and_ranges_combined() {
        let all = |peer: Value| rule("-1", None, None, peer);
        let inv = listed(json!([
            sg("all-to-list", json!([]), json!([all(list("pl-any"))])),
            sg(
                "all-to-s3",
                json!([]),
                json!([all(list("pl-s3")), all(list("pl-ddb"))])
            ),
            sg("all-to-cloudfront", json!([]), json!([all(list("pl-cf"))])),
            sg("all-to-office", json!([]), json!([all(list("pl-office"))])),
            sg(
                "tcp-in-two",
                json!([]),
                json!([
                    rule("tcp", Some(0), Some(1000), any4()),
                    rule("tcp", Some(1001), Some(65535), any4())
                ])
            ),
            sg(
                "all-halves",
                json!([]),
                json!([all(ipv4("0.0.0.0/1")), all(ipv4("128.0.0.0/1"))])
            ),
            sg(
                "https-out",
                json!([]),
                json!([rule("tcp", Some(443), Some(443), any4())])
            ),
            sg("all-to-unread", json!([]), json!([all(list("pl-unread"))])),
            sg(
                "https-to-unread",
                json!([]),
                json!([rule("tcp", Some(443), Some(443), list("pl-unread"))])
            ),
        ]));
        let findings = check("sg-egress-unrestricted", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/all-to-list", Fail),
                ("main/all-to-s3", Pass),
                ("main/all-to-cloudfront", Pass),
                ("main/all-to-office", Pass),
                ("main/tcp-in-two", Fail),
                ("main/all-halves", Fail),
                ("main/https-out", Pass),
                ("main/all-to-unread", Unknown),
                ("main/https-to-unread", Pass),
            ])
        );
        let evidence = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name == name)
                .unwrap()
                .evidence["unrestricted_egress"]
                .clone()
        };
        assert_eq!(
            evidence("main/all-to-list"),
            "all traffic pl-any (anywhere)"
        );
        assert_eq!(evidence("main/tcp-in-two"), "tcp/0-65535 0.0.0.0/0");
        assert_eq!(
            evidence("main/all-halves"),
            "all traffic 0.0.0.0/1 + 128.0.0.0/1"
        );
    }

    /// With an allow-list: S3's and DynamoDB's lists are approved (AWS
    /// service endpoints), a customer list is when its id is listed or every
    /// entry lies in an approved network, CloudFront's is not; a list not read
    /// is unknown unless its id is approved.
    #[test]
    fn approved_egress_through_prefix_lists() {
        let https = |peer: Value| rule("tcp", Some(443), Some(443), peer);
        let inv = listed(json!([
            sg(
                "to-s3",
                json!([]),
                json!([https(list("pl-s3")), https(list("pl-ddb"))])
            ),
            sg("to-office", json!([]), json!([https(list("pl-office"))])),
            sg("to-any", json!([]), json!([https(list("pl-any"))])),
            sg("to-cloudfront", json!([]), json!([https(list("pl-cf"))])),
            sg("to-unread", json!([]), json!([https(list("pl-unread"))])),
            sg(
                "to-unread-and-any",
                json!([]),
                json!([https(list("pl-unread")), https(list("pl-any"))])
            ),
        ]));
        let settings = |approved: &[&str]| Settings {
            approved_egress: approved
                .iter()
                .filter_map(|d| Destination::parse(d))
                .collect(),
            ..Settings::default()
        };
        let findings = check_with("sg-egress-unrestricted", &inv, &settings(&["10.0.0.0/8"]));
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/to-s3", Pass),
                ("main/to-office", Pass),
                ("main/to-any", Fail),
                ("main/to-cloudfront", Fail),
                ("main/to-unread", Unknown),
                ("main/to-unread-and-any", Fail),
            ])
        );
        let unread = findings
            .iter()
            .find(|f| f.resource_name == "main/to-unread")
            .unwrap();
        assert_eq!(
            unread.message,
            "Whether main/to-unread sends traffic only to approved destinations cannot be decided: the entries of prefix list pl-unread could not be read."
        );
        let named = check_with(
            "sg-egress-unrestricted",
            &inv,
            &settings(&["pl-unread", "pl-any"]),
        );
        let status = |name: &str| {
            named
                .iter()
                .find(|f| f.resource_name == name)
                .unwrap()
                .status
        };
        assert_eq!(status("main/to-unread"), Pass);
        assert_eq!(status("main/to-any"), Pass);
        assert_eq!(status("main/to-office"), Fail);
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
