//! `sg-admin-ports-from-internet`: No security group admits SSH (22) or RDP (3389) from the internet.

use super::*;

/// SSH and RDP open to the internet; with trusted admin networks configured,
/// open to any public network outside them too (the guide: "SSH from admin networks only").
pub fn run(out: &mut Out, inv: &Inventory) {
    let trusted = &out.settings.trusted_admin_cidrs;
    let untrusted = |r: &&SgRule| {
        if trusted.is_empty() {
            net::is_internet(&r.peer)
        } else {
            net::is_public(&r.peer) && !net::within(&r.peer, trusted)
        }
    };
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let open: Vec<String> = g
            .ingress
            .iter()
            .filter(untrusted)
            .filter(|r| net::covers_port(r, 22) || net::covers_port(r, 3389))
            .map(net::describe_rule)
            .collect();
        let name = group_name(at.region, g);
        out.on(at, &g.arn, &name)
            .evidence_list("admin_ingress_from_internet", &open)
            .verdict(
                open.is_empty(),
                format!("{name} does not admit the internet to SSH or RDP."),
                format!(
                    "{name} admits the internet to SSH/RDP: {}.",
                    open.join("; ")
                ),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{groups, offices};
    use crate::checks::fixtures::{check, check_with, inventory, v, verdicts};
    use crate::checks::settings::Settings;
    use crate::finding::Status::{Fail, Pass, Unknown};

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
    fn trusted_admin_networks() {
        let inv = offices();
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
    }

    #[test]
    fn open_rules_are_the_evidence() {
        let findings = check("sg-admin-ports-from-internet", &groups());
        let all = findings
            .iter()
            .find(|f| f.resource_name == "main/all-traffic")
            .unwrap();
        assert_eq!(
            all.message,
            "main/all-traffic admits the internet to SSH/RDP: all traffic 0.0.0.0/0."
        );
        assert_eq!(
            all.evidence["admin_ingress_from_internet"],
            "all traffic 0.0.0.0/0"
        );
        let private = findings
            .iter()
            .find(|f| f.resource_name == "main/ssh-private")
            .unwrap();
        assert_eq!(private.evidence["admin_ingress_from_internet"], "none");
    }

    #[test]
    fn groups_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"security_groups": null}));
        let findings = check("sg-admin-ports-from-internet", &inv);
        assert_eq!(verdicts(&findings), v(&[("security groups", Unknown)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws:ec2:us-east-1:123456789012:security-group/*"
        );
    }
}
