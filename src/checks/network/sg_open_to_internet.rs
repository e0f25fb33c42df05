//! `sg-open-to-internet`: Security groups admit the internet on ports 80 and 443 only.

use super::*;
use crate::inventory::IpProtocol;

/// Whatever the internet reaches beyond TCP/UDP 80 and 443, the group's rules
/// combined: other ports, all traffic, and protocols without ports (GRE,
/// ESP, …) but ICMP, which path-MTU discovery needs.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let (open, undecided) = ingress_exposure(at.region, g).judge(beyond_web);
        let name = group_name(at.region, g);
        let fail = format!(
            "{name} admits the internet to more than web ports: {}.",
            open.join("; ")
        );
        decide(
            out.on(at, &g.arn, &name),
            Some("non_web_ingress_from_internet"),
            &open,
            &undecided,
            &name,
            "admits the internet beyond ports 80/443",
            format!("{name} admits the internet to ports 80/443 at most."),
            fail,
        );
    });
}

fn beyond_web(ports: &net::Ports) -> bool {
    match ports {
        net::Ports::Protocol(p) => !matches!(p, IpProtocol::Icmp | IpProtocol::Icmpv6),
        ports => ports.ports_beyond(&[80, 443]),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{any4, any6, groups, ipv4, list, listed, rule, sg};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
    fn every_rule_beyond_web_ports_is_named() {
        let inv = inventory(
            json!({}),
            json!({"security_groups": [sg("mixed", json!([
                rule("tcp", Some(80), Some(80), any4()),
                rule("tcp", Some(22), Some(22), any4()),
                rule("udp", None, None, any4()),
            ]), json!([]))]}),
        );
        let findings = check("sg-open-to-internet", &inv);
        // No VPC of that id is listed: the group is named by the VPC id.
        assert_eq!(
            findings[0].message,
            "vpc-1/mixed admits the internet to more than web ports: tcp/22 0.0.0.0/0; udp/0-65535 0.0.0.0/0."
        );
        assert_eq!(
            findings[0].evidence["non_web_ingress_from_internet"],
            "tcp/22 0.0.0.0/0; udp/0-65535 0.0.0.0/0"
        );
    }

    /// Protocols without ports open to the internet fail, but ICMP and
    /// ICMPv6 (path-MTU discovery needs them); halves and customer lists
    /// are the internet; a list not read on a non-web port is unknown.
    #[test]
    fn protocols_without_ports_halves_and_prefix_lists() {
        let inv = listed(json!([
            sg("gre", json!([rule("47", None, None, any4())]), json!([])),
            sg("esp-v6", json!([rule("50", None, None, any6())]), json!([])),
            sg(
                "gre-private",
                json!([rule("47", None, None, ipv4("10.0.0.0/8"))]),
                json!([])
            ),
            sg(
                "icmp",
                json!([
                    rule("icmp", Some(-1), Some(-1), any4()),
                    rule("icmpv6", Some(-1), Some(-1), any6())
                ]),
                json!([])
            ),
            sg(
                "gre-halves",
                json!([
                    rule("47", None, None, ipv4("0.0.0.0/1")),
                    rule("-1", None, None, ipv4("128.0.0.0/1"))
                ]),
                json!([])
            ),
            sg(
                "db-halves",
                json!([
                    rule("tcp", Some(5432), Some(5432), ipv4("0.0.0.0/1")),
                    rule("tcp", Some(5432), Some(5432), ipv4("128.0.0.0/1"))
                ]),
                json!([])
            ),
            sg(
                "web-halves",
                json!([
                    rule("tcp", Some(80), Some(80), ipv4("0.0.0.0/1")),
                    rule("tcp", Some(80), Some(443), ipv4("128.0.0.0/1"))
                ]),
                json!([])
            ),
            sg(
                "db-list",
                json!([rule("tcp", Some(5432), Some(5432), list("pl-any"))]),
                json!([])
            ),
            sg(
                "db-cloudfront",
                json!([rule("tcp", Some(8080), Some(8080), list("pl-cf"))]),
                json!([])
            ),
            sg(
                "db-unread",
                json!([rule("tcp", Some(5432), Some(5432), list("pl-unread"))]),
                json!([])
            ),
            sg(
                "web-unread",
                json!([rule("tcp", Some(443), Some(443), list("pl-unread"))]),
                json!([])
            ),
        ]));
        let findings = check("sg-open-to-internet", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/gre", Fail),
                ("main/esp-v6", Fail),
                ("main/gre-private", Pass),
                ("main/icmp", Pass),
                ("main/gre-halves", Fail),
                ("main/db-halves", Fail),
                ("main/web-halves", Pass),
                ("main/db-list", Fail),
                ("main/db-cloudfront", Pass),
                ("main/db-unread", Unknown),
                ("main/web-unread", Pass),
            ])
        );
        let message = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name == name)
                .unwrap()
                .message
                .clone()
        };
        assert_eq!(
            message("main/gre"),
            "main/gre admits the internet to more than web ports: protocol 47 (GRE) 0.0.0.0/0."
        );
        assert_eq!(
            message("main/gre-halves"),
            "main/gre-halves admits the internet to more than web ports: protocol 47 (GRE) 0.0.0.0/1 + 128.0.0.0/1."
        );
        assert_eq!(
            message("main/db-unread"),
            "Whether main/db-unread admits the internet beyond ports 80/443 cannot be decided: the entries of prefix list pl-unread could not be read."
        );
    }

    #[test]
    fn groups_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"security_groups": null}));
        assert_eq!(
            verdicts(&check("sg-open-to-internet", &inv)),
            v(&[("security groups", Unknown)])
        );
    }
}
