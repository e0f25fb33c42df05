//! `sg-admin-ports-from-internet`: No security group admits SSH (22) or RDP (3389) from the internet.

use super::*;

/// SSH and RDP open to the internet, the group's rules combined (halves of
/// the address space, customer prefix lists holding `0.0.0.0/0`); with
/// trusted admin networks configured, open to any public network outside them
/// too (the guide: "SSH from admin networks only").
pub fn run(out: &mut Out, inv: &Inventory) {
    let trusted = &out.settings.trusted_admin_cidrs;
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let lists = net::Lists::of(at.region);
        let admin = |p: &net::Ports| p.covers_port(22) || p.covers_port(3389);
        let exposure = ingress_exposure(at.region, g);
        let (mut open, mut undecided) = exposure.judge(admin);
        if !trusted.is_empty() {
            // Rule by rule; an opening of the whole internet is named only
            // when none of its rules is named already.
            let mut flagged = Vec::new();
            let mut unsure = Vec::new();
            for (i, rule) in g.ingress.iter().enumerate() {
                if !(net::covers_port(rule, 22) || net::covers_port(rule, 3389)) {
                    continue;
                }
                match lists.untrusted(rule, trusted) {
                    Ok(true) => flagged.push(i),
                    Ok(false) => {}
                    Err(why) => unsure.push(why),
                }
            }
            open = flagged
                .iter()
                .map(|i| lists.describe_rule(&g.ingress[*i]))
                .chain(
                    exposure
                        .open
                        .iter()
                        .filter(|o| admin(&o.ports) && !o.rules.iter().any(|i| flagged.contains(i)))
                        .map(net::Opening::describe),
                )
                .collect();
            for why in unsure {
                if !undecided.contains(&why) {
                    undecided.push(why);
                }
            }
            if !open.is_empty() {
                undecided.clear();
            }
        }
        let name = group_name(at.region, g);
        let fail = format!(
            "{name} admits the internet to SSH/RDP: {}.",
            open.join("; ")
        );
        decide(
            out.on(at, &g.arn, &name),
            Some("admin_ingress_from_internet"),
            &open,
            &undecided,
            &name,
            "admits the internet to SSH or RDP",
            format!("{name} does not admit the internet to SSH or RDP."),
            fail,
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{any4, groups, ipv4, list, listed, offices, rule, sg};
    use crate::checks::fixtures::{check, check_with, inventory, v, verdicts};
    use crate::checks::settings::Settings;
    use crate::finding::Finding;
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn named<'f>(findings: &'f [Finding], name: &str) -> &'f Finding {
        findings.iter().find(|f| f.resource_name == name).unwrap()
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

    /// Halves of the address space open on 22 are the internet on 22; a
    /// customer list holding 0.0.0.0/0 is the internet; one of private
    /// networks and CloudFront's are not; a list not read is unknown.
    /// (The emulator seeds the first three (`ssh-halves`, `ssh-prefix-list`,
    /// `ssh-office-list`); it cannot fail GetManagedPrefixListEntries: its
    /// injected faults answer JSON-protocol calls only, and EC2 speaks the
    /// query protocol. The unknown verdicts are pinned here only.)
    #[test]
    fn halves_and_prefix_lists() {
        let ssh = |peer: Value| rule("tcp", Some(22), Some(22), peer);
        let inv = listed(json!([
            sg(
                "halves",
                json!([ssh(ipv4("0.0.0.0/1")), ssh(ipv4("128.0.0.0/1"))]),
                json!([])
            ),
            sg(
                "halves-apart",
                json!([
                    ssh(ipv4("0.0.0.0/1")),
                    rule("tcp", Some(443), Some(443), ipv4("128.0.0.0/1"))
                ]),
                json!([])
            ),
            sg(
                "rdp-halves-all",
                json!([
                    rule("-1", None, None, ipv4("0.0.0.0/1")),
                    rule("tcp", Some(3389), Some(3389), ipv4("128.0.0.0/1"))
                ]),
                json!([])
            ),
            sg("list-any", json!([ssh(list("pl-any"))]), json!([])),
            sg("list-office", json!([ssh(list("pl-office"))]), json!([])),
            sg("list-cloudfront", json!([ssh(list("pl-cf"))]), json!([])),
            sg("list-unread", json!([ssh(list("pl-unread"))]), json!([])),
            sg(
                "unread-and-open",
                json!([ssh(list("pl-unread")), ssh(any4())]),
                json!([])
            ),
            sg(
                "unread-on-443",
                json!([rule("tcp", Some(443), Some(443), list("pl-unread"))]),
                json!([])
            ),
            sg("list-gone", json!([ssh(list("pl-gone"))]), json!([])),
        ]));
        let findings = check("sg-admin-ports-from-internet", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/halves", Fail),
                ("main/halves-apart", Pass),
                ("main/rdp-halves-all", Fail),
                ("main/list-any", Fail),
                ("main/list-office", Pass),
                ("main/list-cloudfront", Pass),
                ("main/list-unread", Unknown),
                ("main/unread-and-open", Fail),
                ("main/unread-on-443", Pass),
                ("main/list-gone", Unknown),
            ])
        );
        let halves = named(&findings, "main/halves");
        assert_eq!(
            halves.message,
            "main/halves admits the internet to SSH/RDP: tcp/22 0.0.0.0/1 + 128.0.0.0/1."
        );
        assert_eq!(
            named(&findings, "main/rdp-halves-all").evidence["admin_ingress_from_internet"],
            "tcp/3389 0.0.0.0/1 + 128.0.0.0/1"
        );
        assert_eq!(
            named(&findings, "main/list-any").evidence["admin_ingress_from_internet"],
            "tcp/22 pl-any (anywhere)"
        );
        let unread = named(&findings, "main/list-unread");
        assert_eq!(
            unread.message,
            "Whether main/list-unread admits the internet to SSH or RDP cannot be decided: the entries of prefix list pl-unread could not be read."
        );
        assert_eq!(
            unread.evidence["undecided"],
            "the entries of prefix list pl-unread could not be read"
        );
        assert_eq!(unread.evidence["admin_ingress_from_internet"], "none");
        assert!(
            !named(&findings, "main/unread-and-open")
                .evidence
                .contains_key("undecided")
        );

        // With trusted networks, CloudFront's addresses are not among them;
        // the office list is; a list not read still cannot be judged.
        let settings = Settings {
            trusted_admin_cidrs: vec!["10.20.0.0/16".parse().unwrap()],
            ..Settings::default()
        };
        let findings = check_with("sg-admin-ports-from-internet", &inv, &settings);
        let status = |name: &str| named(&findings, name).status;
        assert_eq!(status("main/list-office"), Pass);
        assert_eq!(status("main/list-cloudfront"), Fail);
        assert_eq!(status("main/list-unread"), Unknown);
        assert_eq!(status("main/halves"), Fail);
        assert_eq!(
            named(&findings, "main/halves").evidence["admin_ingress_from_internet"],
            "tcp/22 0.0.0.0/1; tcp/22 128.0.0.0/1"
        );
        assert_eq!(
            named(&findings, "main/list-cloudfront").evidence["admin_ingress_from_internet"],
            "tcp/22 pl-cf (com.amazonaws.global.cloudfront.origin-facing)"
        );
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
