//! `nacl-admin-ports-from-internet`: No network ACL allows ingress from
//! 0.0.0.0/0 or ::/0 to 22 or 3389.
//!
//! A network ACL is read as AWS evaluates it: its inbound entries lowest rule
//! number first, the first entry that matches a packet decides, and the
//! final `*` entry (32767) denies. An entry matches TCP (or UDP) traffic to a
//! port when its protocol is all (`-1`) or that protocol and its port range
//! holds the port. As Security Hub's EC2.21 judges, an ALLOW entry whose
//! CIDR is the whole internet (`0.0.0.0/0` or `::/0`) on 22 or 3389 fails
//! the ACL, unless lower-numbered DENY entries already turn away every
//! address of that family on that port (`0.0.0.0/0`, or `0.0.0.0/1` and
//! `128.0.0.0/1` together): then no packet reaches it.

use ipnet::IpNet;

use super::*;
use crate::inventory::{AclAction, AclEntry, IpProtocol, NetworkAcl};

/// SSH and RDP.
const ADMIN_PORTS: [i32; 2] = [22, 3389];

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<NetworkAcls>(inv, |out, at, acl| {
        let name = acl_name(at.region, acl);
        let judged = judge(&acl.ingress);
        let allowing: Vec<String> = judged.allowing.iter().map(Reaching::describe).collect();
        let rules: Vec<String> = judged
            .allowing
            .iter()
            .map(|r| r.entry.rule_number.to_string())
            .collect();
        let finding = out
            .on(at, &ec2_arn(at, "network-acl", &acl.id), &name)
            .evidence("default", acl.is_default)
            .evidence_names("allowing_rules", &rules)
            .evidence_list("allowing", &allowing);
        let finding = if judged.shadowed.is_empty() {
            finding
        } else {
            let shadowed: Vec<String> = judged.shadowed.iter().map(Reaching::describe).collect();
            finding.evidence_list("denied_first", &shadowed)
        };
        decide(
            finding,
            None,
            &allowing,
            &judged.undecided,
            &name,
            "admits the internet to SSH/RDP",
            format!("{name} admits no SSH or RDP traffic from the internet."),
            format!(
                "{name} admits the internet to SSH/RDP: {}.",
                allowing.join("; ")
            ),
        );
    });
}

/// `vpc-name/acl-name`: the `Name` tag, `default` for a VPC's default ACL, else its id.
fn acl_name(region: &RegionInventory, acl: &NetworkAcl) -> String {
    let own = match (&acl.name, acl.is_default) {
        (Some(tag), _) => tag.clone(),
        (None, true) => "default".to_string(),
        (None, false) => acl.id.clone(),
    };
    format!("{}/{own}", region.vpc_name(&acl.vpc_id))
}

/// An entry open to the whole internet on admin ports, and the ports
/// (`tcp/22`, …) it lets through (or would, were it not denied first).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reaching<'a> {
    entry: &'a AclEntry,
    ports: Vec<String>,
}

impl Reaching<'_> {
    /// `rule 100 allows all traffic from 0.0.0.0/0 (tcp/22, tcp/3389, …)`.
    fn describe(&self) -> String {
        format!(
            "rule {} allows {} ({})",
            self.entry.rule_number,
            describe_entry(self.entry),
            self.ports.join(", ")
        )
    }
}

/// What the inbound entries let the internet reach on the admin ports.
#[derive(Debug, Default)]
struct Judged<'a> {
    /// ALLOW entries of the whole internet that packets reach, by rule number.
    allowing: Vec<Reaching<'a>>,
    /// ALLOW entries of the whole internet that lower DENY entries shadow.
    shadowed: Vec<Reaching<'a>>,
    /// Why an entry could not be read where it might decide.
    undecided: Vec<String>,
}

fn judge(entries: &[AclEntry]) -> Judged<'_> {
    let mut ordered: Vec<&AclEntry> = entries.iter().collect();
    ordered.sort_by_key(|e| e.rule_number);
    let mut judged = Judged::default();
    for protocol in [IpProtocol::Tcp, IpProtocol::Udp] {
        for port in ADMIN_PORTS {
            for v6 in [false, true] {
                walk(&ordered, &protocol, port, v6, &mut judged);
            }
        }
    }
    judged.allowing.sort_by_key(|r| r.entry.rule_number);
    judged.shadowed.sort_by_key(|r| r.entry.rule_number);
    judged
}

/// One protocol, port and address family: the entries in order until the
/// first that allows the whole internet; it is reached unless the denials
/// before it cover every address of the family (then it is only noted as
/// shadowed, and nothing after the denials can decide).
fn walk<'a>(
    ordered: &[&'a AclEntry],
    protocol: &IpProtocol,
    port: i32,
    v6: bool,
    judged: &mut Judged<'a>,
) {
    let label = format!("{protocol}/{port}");
    let mut denied: Vec<IpNet> = Vec::new();
    for entry in ordered {
        let allow = entry.action == AclAction::Allow;
        if !matches(entry, protocol, port, allow) {
            continue;
        }
        let blocked = covers_family(&denied);
        let Some(net) = entry.cidr else {
            if entry.action != AclAction::Deny && !blocked {
                note(
                    &mut judged.undecided,
                    format!("rule {}: its CIDR could not be read", entry.rule_number),
                );
            }
            continue;
        };
        if matches!(net, IpNet::V6(_)) != v6 {
            continue;
        }
        match &entry.action {
            AclAction::Deny => denied.push(net),
            AclAction::Allow if net.prefix_len() == 0 => {
                let list = if blocked {
                    &mut judged.shadowed
                } else {
                    &mut judged.allowing
                };
                add(list, entry, &label);
                return;
            }
            // A narrower network is not the internet (EC2.21 judges `/0` only).
            AclAction::Allow => {}
            AclAction::Other(action) if net.prefix_len() == 0 && !blocked => note(
                &mut judged.undecided,
                format!(
                    "rule {}: action {action:?} is not one posture knows",
                    entry.rule_number
                ),
            ),
            AclAction::Other(_) => {}
        }
    }
}

/// Whether an entry matches `protocol` traffic to `port`. All protocols match
/// whatever ports they name (AWS ignores them). A TCP/UDP entry without a
/// port range is read the safe way: all ports when it allows, none when it denies.
fn matches(entry: &AclEntry, protocol: &IpProtocol, port: i32, allow: bool) -> bool {
    match &entry.protocol {
        IpProtocol::All => true,
        p if p == protocol => match (entry.from_port, entry.to_port) {
            (Some(from), Some(to)) => from <= port && port <= to,
            _ => allow,
        },
        _ => false,
    }
}

/// Whether the networks together hold every address of their family.
fn covers_family(nets: &[IpNet]) -> bool {
    IpNet::aggregate(&nets.to_vec())
        .iter()
        .any(|n| n.prefix_len() == 0)
}

fn note(list: &mut Vec<String>, why: String) {
    if !list.contains(&why) {
        list.push(why);
    }
}

fn add<'a>(list: &mut Vec<Reaching<'a>>, entry: &'a AclEntry, ports: &str) {
    match list.iter_mut().find(|r| std::ptr::eq(r.entry, entry)) {
        Some(r) => {
            if !r.ports.iter().any(|p| p == ports) {
                r.ports.push(ports.to_string());
            }
        }
        None => list.push(Reaching {
            entry,
            ports: vec![ports.to_string()],
        }),
    }
}

/// `all traffic from 0.0.0.0/0`, `tcp/0-1024 from ::/0`.
fn describe_entry(entry: &AclEntry) -> String {
    let cidr = entry
        .cidr
        .map_or_else(|| "an unreadable CIDR".to_string(), |c| c.to_string());
    let ports = match (&entry.protocol, entry.from_port, entry.to_port) {
        (IpProtocol::All, _, _) => "all traffic".to_string(),
        (p, Some(from), Some(to)) if from == to => format!("{p}/{from}"),
        (p, Some(from), Some(to)) => format!("{p}/{from}-{to}"),
        (p, _, _) => format!("{p} (all ports)"),
    };
    format!("{ports} from {cidr}")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn entry(
        rule: i32,
        protocol: &str,
        action: &str,
        cidr: &str,
        ports: Option<(i32, i32)>,
    ) -> Value {
        json!({"rule_number": rule, "protocol": protocol, "action": action,
               "cidr": if cidr.is_empty() { Value::Null } else { json!(cidr) },
               "from_port": ports.map(|p| p.0), "to_port": ports.map(|p| p.1)})
    }

    fn entries(list: Vec<Value>) -> Vec<AclEntry> {
        serde_json::from_value(Value::Array(list)).unwrap()
    }

    fn allowing(list: Vec<Value>) -> Vec<String> {
        let entries = entries(list);
        judge(&entries)
            .allowing
            .iter()
            .map(Reaching::describe)
            .collect()
    }

    fn acl(id: &str, default: bool, name: Option<&str>, ingress: Vec<Value>) -> Value {
        json!({"id": id, "vpc_id": "vpc-1", "is_default": default, "name": name,
               "subnet_ids": [], "ingress": ingress})
    }

    /// EC2's default ACL: everything allowed (rule 100), then `*` deny.
    fn default_entries() -> Vec<Value> {
        vec![
            entry(100, "-1", "allow", "0.0.0.0/0", None),
            entry(101, "-1", "allow", "::/0", None),
            entry(32767, "-1", "deny", "0.0.0.0/0", None),
            entry(32767, "-1", "deny", "::/0", None),
        ]
    }

    #[test]
    fn an_allow_all_entry_reaches_ssh_and_rdp() {
        assert_eq!(
            allowing(default_entries()),
            [
                "rule 100 allows all traffic from 0.0.0.0/0 (tcp/22, tcp/3389, udp/22, udp/3389)",
                "rule 101 allows all traffic from ::/0 (tcp/22, tcp/3389, udp/22, udp/3389)"
            ]
        );
    }

    #[test]
    fn port_ranges_decide_which_ports_an_entry_reaches() {
        assert_eq!(
            allowing(vec![
                entry(100, "tcp", "allow", "0.0.0.0/0", Some((443, 443))),
                entry(110, "tcp", "allow", "0.0.0.0/0", Some((1024, 65535))),
                entry(120, "udp", "allow", "::/0", Some((0, 1023))),
                entry(130, "icmp", "allow", "0.0.0.0/0", None),
                entry(140, "47", "allow", "0.0.0.0/0", None),
            ]),
            [
                "rule 110 allows tcp/1024-65535 from 0.0.0.0/0 (tcp/3389)",
                "rule 120 allows udp/0-1023 from ::/0 (udp/22)"
            ]
        );
        // TCP without a port range: every port, when it allows.
        assert_eq!(
            allowing(vec![entry(100, "tcp", "allow", "0.0.0.0/0", None)]),
            ["rule 100 allows tcp (all ports) from 0.0.0.0/0 (tcp/22, tcp/3389)"]
        );
    }

    #[test]
    fn a_lower_deny_shadows_the_allow_for_its_ports_only() {
        let list = vec![
            entry(10, "tcp", "deny", "0.0.0.0/0", Some((22, 22))),
            entry(20, "-1", "deny", "::/0", None),
            entry(100, "-1", "allow", "0.0.0.0/0", None),
            entry(101, "-1", "allow", "::/0", None),
        ];
        let entries = entries(list);
        let judged = judge(&entries);
        let described = |r: &[Reaching]| r.iter().map(Reaching::describe).collect::<Vec<_>>();
        // tcp/22 is denied first; tcp/3389 and UDP still reach rule 100.
        assert_eq!(
            described(&judged.allowing),
            ["rule 100 allows all traffic from 0.0.0.0/0 (tcp/3389, udp/22, udp/3389)"]
        );
        // The IPv6 deny-all comes first: rule 101 is reached by nothing.
        assert_eq!(
            described(&judged.shadowed),
            [
                "rule 100 allows all traffic from 0.0.0.0/0 (tcp/22)",
                "rule 101 allows all traffic from ::/0 (tcp/22, tcp/3389, udp/22, udp/3389)"
            ]
        );
        assert!(judged.undecided.is_empty());
    }

    #[test]
    fn denials_shadow_only_when_they_cover_the_whole_family_on_the_port() {
        let ssh_allow = entry(100, "tcp", "allow", "0.0.0.0/0", Some((22, 22)));
        // A deny of one network leaves the rest of the internet in.
        assert_eq!(
            allowing(vec![
                entry(10, "tcp", "deny", "203.0.113.0/24", Some((22, 22))),
                ssh_allow.clone()
            ]),
            ["rule 100 allows tcp/22 from 0.0.0.0/0 (tcp/22)"]
        );
        // Two halves denied first are all of IPv4.
        assert!(
            allowing(vec![
                entry(10, "-1", "deny", "0.0.0.0/1", None),
                entry(11, "tcp", "deny", "128.0.0.0/1", Some((0, 1024))),
                ssh_allow.clone()
            ])
            .is_empty()
        );
        // A deny of another protocol, other ports or the other family shadows nothing.
        for deny in [
            entry(10, "udp", "deny", "0.0.0.0/0", Some((22, 22))),
            entry(10, "tcp", "deny", "0.0.0.0/0", Some((23, 3389))),
            entry(10, "-1", "deny", "::/0", None),
            // A deny without a port range is not read as every port.
            entry(10, "tcp", "deny", "0.0.0.0/0", None),
        ] {
            assert_eq!(
                allowing(vec![deny.clone(), ssh_allow.clone()]),
                ["rule 100 allows tcp/22 from 0.0.0.0/0 (tcp/22)"],
                "{deny}"
            );
        }
        // A deny numbered after the allow comes too late.
        assert_eq!(
            allowing(vec![
                entry(200, "tcp", "deny", "0.0.0.0/0", Some((22, 22))),
                ssh_allow
            ]),
            ["rule 100 allows tcp/22 from 0.0.0.0/0 (tcp/22)"]
        );
    }

    #[test]
    fn narrower_allows_are_not_the_internet() {
        assert!(
            allowing(vec![
                entry(100, "tcp", "allow", "10.0.0.0/8", Some((22, 22))),
                entry(110, "-1", "allow", "2001:db8::/32", None),
                entry(120, "tcp", "allow", "0.0.0.0/1", Some((3389, 3389))),
                entry(32767, "-1", "deny", "0.0.0.0/0", None),
            ])
            .is_empty()
        );
    }

    #[test]
    fn findings_name_the_acl_its_rules_and_what_is_denied_first() {
        let inv = inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": "10.0.0.0/16", "is_default": false}],
                "network_acls": [
                    acl("acl-1", true, None, default_entries()),
                    acl("acl-2", false, Some("private"), vec![
                        entry(10, "tcp", "deny", "0.0.0.0/0", Some((22, 22))),
                        entry(11, "tcp", "deny", "0.0.0.0/0", Some((3389, 3389))),
                        entry(12, "udp", "deny", "0.0.0.0/0", Some((22, 22))),
                        entry(13, "udp", "deny", "0.0.0.0/0", Some((3389, 3389))),
                        entry(20, "-1", "deny", "::/0", None),
                        entry(100, "-1", "allow", "0.0.0.0/0", None),
                    ]),
                    acl("acl-3", false, None, vec![entry(100, "tcp", "allow", "10.0.0.0/16", Some((22, 22)))]),
                ]
            }),
        );
        let findings = check("nacl-admin-ports-from-internet", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/default", Fail),
                ("main/private", Pass),
                ("main/acl-3", Pass)
            ])
        );
        let default = &findings[0];
        assert_eq!(
            default.resource,
            "arn:aws:ec2:us-east-1:123456789012:network-acl/acl-1"
        );
        assert_eq!(
            default.message,
            "main/default admits the internet to SSH/RDP: \
             rule 100 allows all traffic from 0.0.0.0/0 (tcp/22, tcp/3389, udp/22, udp/3389); \
             rule 101 allows all traffic from ::/0 (tcp/22, tcp/3389, udp/22, udp/3389)."
        );
        assert_eq!(default.evidence["allowing_rules"], "100, 101");
        assert_eq!(default.evidence["default"], "true");
        let private = &findings[1];
        assert_eq!(private.evidence["allowing"], "none");
        assert_eq!(
            private.evidence["denied_first"],
            "rule 100 allows all traffic from 0.0.0.0/0 (tcp/22, tcp/3389, udp/22, udp/3389)"
        );
        assert_eq!(
            private.message,
            "main/private admits no SSH or RDP traffic from the internet."
        );
        assert!(!findings[2].evidence.contains_key("denied_first"));
    }

    #[test]
    fn an_entry_that_cannot_be_read_leaves_the_verdict_open() {
        let inv = inventory(
            json!({}),
            json!({"network_acls": [
                acl("acl-1", false, None, vec![entry(100, "tcp", "allow", "", Some((22, 22)))]),
                acl("acl-2", false, None, vec![entry(100, "-1", "reject", "0.0.0.0/0", None)]),
                // An unreadable entry beside a certain failure: the failure decides.
                acl("acl-3", false, None, vec![entry(90, "tcp", "allow", "", Some((22, 22))),
                                               entry(100, "-1", "allow", "::/0", None)]),
            ]}),
        );
        let findings = check("nacl-admin-ports-from-internet", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("vpc-1/acl-1", Unknown),
                ("vpc-1/acl-2", Unknown),
                ("vpc-1/acl-3", Fail)
            ])
        );
        assert_eq!(
            findings[0].message,
            "Whether vpc-1/acl-1 admits the internet to SSH/RDP cannot be decided: rule 100: its CIDR could not be read."
        );
        assert_eq!(
            findings[1].evidence["undecided"],
            "rule 100: action \"reject\" is not one posture knows"
        );
    }

    #[test]
    fn acls_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"network_acls": null}));
        let findings = check("nacl-admin-ports-from-internet", &inv);
        assert_eq!(verdicts(&findings), v(&[("network ACLs", Unknown)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws:ec2:us-east-1:123456789012:network-acl/*"
        );
    }
}
