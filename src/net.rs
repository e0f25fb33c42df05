//! Security group rule arithmetic: who a rule admits, and which ports.
//!
//! "The internet" is an address space, not a string: a set of rules is open to
//! it on a port when the networks those rules admit on that port cover every
//! IPv4 address or every IPv6 address together (`0.0.0.0/1` and `128.0.0.0/1`
//! are the internet, as is a customer-managed prefix list holding
//! `0.0.0.0/0`). [`exposure`] computes that, port by port and protocol by
//! protocol, and says what stays undecided when a prefix list could not be read.

use std::sync::LazyLock;

use ipnet::IpNet;

use crate::inventory::{AwsPrefixList, IpProtocol, Peer, PrefixList, RegionInventory, SgRule};

/// `0.0.0.0/0` or `::/0`: the whole internet, as one CIDR.
pub fn is_internet(peer: &Peer) -> bool {
    match peer {
        Peer::Ipv4(net) => net.prefix_len() == 0,
        Peer::Ipv6(net) => net.prefix_len() == 0,
        _ => false,
    }
}

/// The peer as an IP network, when it is one.
pub fn peer_net(peer: &Peer) -> Option<IpNet> {
    match peer {
        Peer::Ipv4(net) => Some(IpNet::V4(*net)),
        Peer::Ipv6(net) => Some(IpNet::V6(*net)),
        _ => None,
    }
}

/// Whether `peer` lies inside one of `networks`.
pub fn within(peer: &Peer, networks: &[IpNet]) -> bool {
    peer_net(peer).is_some_and(|p| net_within(&p, networks))
}

fn net_within(net: &IpNet, networks: &[IpNet]) -> bool {
    networks.iter().any(|n| n.contains(net))
}

/// Networks that are not routable on the internet: RFC 1918, shared address
/// space (RFC 6598), loopback, link-local, unique-local.
static NOT_PUBLIC: LazyLock<Vec<IpNet>> = LazyLock::new(|| {
    [
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    ]
    .iter()
    .filter_map(|n| n.parse().ok())
    .collect()
});

/// A network holding some address routable on the internet: one not wholly
/// inside a private, shared, loopback or link-local range. `0.0.0.0/0` is
/// public, and so is `192.168.0.0/15` (it holds 192.169.0.0/16).
pub fn is_public_net(net: &IpNet) -> bool {
    !net_within(net, &NOT_PUBLIC)
}

/// [`is_public_net`] for a rule's peer; security groups and prefix lists are not networks.
pub fn is_public(peer: &Peer) -> bool {
    peer_net(peer).is_some_and(|n| is_public_net(&n))
}

/// The inclusive port range a rule admits for port-based protocols, or `None`
/// for protocols without ports (ICMP, GRE, …). All traffic is every port.
pub fn port_range(rule: &SgRule) -> Option<(i32, i32)> {
    match rule.protocol {
        IpProtocol::All => Some((0, 65535)),
        IpProtocol::Tcp | IpProtocol::Udp => match (rule.from_port, rule.to_port) {
            (Some(from), Some(to)) if from >= 0 && to >= from => Some((from, to.min(65535))),
            // Missing or -1 ports on TCP/UDP: AWS means all ports.
            _ => Some((0, 65535)),
        },
        _ => None,
    }
}

pub fn covers_port(rule: &SgRule, port: i32) -> bool {
    port_range(rule).is_some_and(|(from, to)| from <= port && port <= to)
}

/// Whether `from..=to` holds a port outside `allowed` (which may name a port
/// twice: each port inside the range counts once).
fn range_beyond(from: i32, to: i32, allowed: &[i32]) -> bool {
    let inside: std::collections::BTreeSet<i32> = allowed
        .iter()
        .copied()
        .filter(|p| from <= *p && *p <= to)
        .collect();
    i64::from(to) - i64::from(from) + 1 > inside.len() as i64
}

/// Whether the rule admits any port outside `allowed`.
pub fn covers_other_than(rule: &SgRule, allowed: &[i32]) -> bool {
    port_range(rule).is_some_and(|(from, to)| range_beyond(from, to, allowed))
}

/// All traffic: every protocol, or every port of TCP or UDP.
pub fn is_all_traffic(rule: &SgRule) -> bool {
    port_range(rule) == Some((0, 65535))
}

/// The name of an IP protocol EC2 reports by number only.
fn protocol_name(number: &str) -> Option<&'static str> {
    Some(match number {
        "4" => "IP-in-IP",
        "41" => "IPv6-in-IPv4",
        "47" => "GRE",
        "50" => "ESP",
        "51" => "AH",
        "89" => "OSPF",
        "132" => "SCTP",
        _ => return None,
    })
}

/// `protocol 47 (GRE)` for a protocol without ports; `icmp` for ICMP.
fn describe_protocol(protocol: &IpProtocol) -> String {
    match protocol {
        IpProtocol::Other(number) => match protocol_name(number) {
            Some(name) => format!("protocol {number} ({name})"),
            None => format!("protocol {number}"),
        },
        other => other.as_str().to_string(),
    }
}

pub fn describe_ports(rule: &SgRule) -> String {
    if rule.protocol == IpProtocol::All {
        return "all traffic".to_string();
    }
    let proto = rule.protocol.as_str();
    match port_range(rule) {
        Some((from, to)) if from == to => format!("{proto}/{from}"),
        Some((from, to)) => format!("{proto}/{from}-{to}"),
        None => describe_protocol(&rule.protocol),
    }
}

pub fn describe_peer(peer: &Peer) -> String {
    match peer {
        Peer::Ipv4(net) => net.to_string(),
        Peer::Ipv6(net) => net.to_string(),
        Peer::PrefixList(id) => id.clone(),
        Peer::Group(id) => id.clone(),
    }
}

pub fn describe_rule(rule: &SgRule) -> String {
    format!("{} {}", describe_ports(rule), describe_peer(&rule.peer))
}

/// What a rule's peer stands for, once its prefix list is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Addresses: the rule's CIDR, or the entries of a prefix list.
    Networks(Vec<IpNet>),
    /// The members of a security group.
    Group,
    /// An AWS-managed prefix list posture knows by name.
    Service(AwsPrefixList),
    /// A prefix list whose addresses are not known, and why.
    Unknown(String),
}

/// The region's managed prefix lists, to resolve the peers of its rules.
#[derive(Debug, Clone, Copy)]
pub struct Lists<'a>(Option<&'a [PrefixList]>);

impl<'a> Lists<'a> {
    pub fn of(region: &'a RegionInventory) -> Self {
        Lists(region.prefix_lists.as_deref())
    }

    pub fn new(lists: Option<&'a [PrefixList]>) -> Self {
        Lists(lists)
    }

    fn find(&self, id: &str) -> Option<&'a PrefixList> {
        self.0?.iter().find(|l| l.id == id)
    }

    pub fn reach(&self, peer: &Peer) -> Reach {
        let id = match peer {
            Peer::Group(_) => return Reach::Group,
            Peer::PrefixList(id) => id,
            cidr => return Reach::Networks(peer_net(cidr).into_iter().collect()),
        };
        let Some(lists) = self.0 else {
            return Reach::Unknown(format!(
                "prefix list {id}: the region's prefix lists could not be listed"
            ));
        };
        let Some(list) = lists.iter().find(|l| &l.id == id) else {
            return Reach::Unknown(format!("prefix list {id} was not found"));
        };
        if let Some(kind) = list.aws_managed() {
            return Reach::Service(kind);
        }
        match &list.entries {
            Some(entries) => Reach::Networks(entries.clone()),
            None => Reach::Unknown(format!("the entries of prefix list {id} could not be read")),
        }
    }

    /// A peer as findings name it: a prefix list with its name.
    pub fn describe_peer(&self, peer: &Peer) -> String {
        match peer {
            Peer::PrefixList(id) => match self.find(id) {
                Some(list) if !list.name.is_empty() => format!("{id} ({})", list.name),
                _ => id.clone(),
            },
            other => describe_peer(other),
        }
    }

    /// [`describe_rule`], prefix lists named.
    pub fn describe_rule(&self, rule: &SgRule) -> String {
        format!(
            "{} {}",
            describe_ports(rule),
            self.describe_peer(&rule.peer)
        )
    }

    /// Whether a rule admits a public network outside `trusted`; `Err` (why)
    /// when its prefix list could not be read. AWS-managed lists hold public
    /// AWS addresses, so they are outside any trusted network.
    pub fn untrusted(&self, rule: &SgRule, trusted: &[IpNet]) -> Result<bool, String> {
        match self.reach(&rule.peer) {
            Reach::Networks(nets) => Ok(nets
                .iter()
                .any(|n| is_public_net(n) && !net_within(n, trusted))),
            Reach::Group => Ok(false),
            Reach::Service(_) => Ok(true),
            Reach::Unknown(why) => Err(why),
        }
    }
}

/// A rule, with the label findings name it by (the id of its group when the
/// rules of several groups are judged together, else empty).
#[derive(Debug, Clone, Copy)]
pub struct Labelled<'a> {
    pub label: &'a str,
    pub rule: &'a SgRule,
}

/// The rules of one group, unlabelled.
pub fn unlabelled(rules: &[SgRule]) -> Vec<Labelled<'_>> {
    rules
        .iter()
        .map(|rule| Labelled { label: "", rule })
        .collect()
}

/// What traffic an opening lets through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ports {
    /// Every protocol, every port.
    All,
    /// A port range of TCP or UDP.
    Range(IpProtocol, i32, i32),
    /// A protocol without ports (ICMP, ICMPv6, GRE, ESP, …), all of it.
    Protocol(IpProtocol),
}

impl Ports {
    /// The TCP/UDP ports it opens (all of them for all traffic).
    pub fn range(&self) -> Option<(i32, i32)> {
        match self {
            Ports::All => Some((0, 65535)),
            Ports::Range(_, from, to) => Some((*from, *to)),
            Ports::Protocol(_) => None,
        }
    }

    pub fn covers_port(&self, port: i32) -> bool {
        self.range()
            .is_some_and(|(from, to)| from <= port && port <= to)
    }

    /// Whether it opens a TCP/UDP port outside `allowed` (all traffic does).
    pub fn ports_beyond(&self, allowed: &[i32]) -> bool {
        self.range()
            .is_some_and(|(from, to)| range_beyond(from, to, allowed))
    }

    /// Every protocol, or every port of TCP or UDP.
    pub fn is_all_traffic(&self) -> bool {
        self.range() == Some((0, 65535))
    }

    pub fn describe(&self) -> String {
        match self {
            Ports::All => "all traffic".to_string(),
            Ports::Range(p, from, to) if from == to => format!("{p}/{from}"),
            Ports::Range(p, from, to) => format!("{p}/{from}-{to}"),
            Ports::Protocol(p) => describe_protocol(p),
        }
    }
}

/// Traffic the whole internet can send (ingress) or reach (egress), and the
/// rules that together open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub ports: Ports,
    /// The rules that make it, as indices into the rules judged.
    pub rules: Vec<usize>,
    /// Their peers: (label, peer), each once.
    sources: Vec<(String, String)>,
    /// Each peer alone is the whole address space (else only their union is).
    whole: bool,
}

impl Opening {
    /// `tcp/22 0.0.0.0/0`, `tcp/22 0.0.0.0/1 + 128.0.0.0/1` (a union),
    /// `sg-1 tcp/443 ::/0`, `tcp/22 sg-1 0.0.0.0/1 + sg-2 128.0.0.0/1`,
    /// `tcp/443 sg-1 ::/0, sg-2 ::/0` (each alone the internet).
    pub fn describe(&self) -> String {
        let ports = self.ports.describe();
        let join = if self.whole { ", " } else { " + " };
        let first = self.sources.first().map(|(l, _)| l.as_str()).unwrap_or("");
        if self.sources.iter().all(|(l, _)| l == first) {
            let peers: Vec<&str> = self.sources.iter().map(|(_, p)| p.as_str()).collect();
            let text = format!("{ports} {}", peers.join(join));
            if first.is_empty() {
                text
            } else {
                format!("{first} {text}")
            }
        } else {
            let peers: Vec<String> = self
                .sources
                .iter()
                .map(|(l, p)| {
                    if l.is_empty() {
                        p.clone()
                    } else {
                        format!("{l} {p}")
                    }
                })
                .collect();
            format!("{ports} {}", peers.join(join))
        }
    }
}

/// What a set of rules opens to the whole internet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// Open for certain.
    pub open: Vec<Opening>,
    /// Open if every prefix list that could not be read held the internet;
    /// the same as `open` when every peer is known.
    pub possible: Vec<Opening>,
    /// Why some peers are not known (prefix lists not read), each once.
    pub unknown: Vec<String>,
}

impl Exposure {
    /// The openings `matters` selects: those open for certain (described),
    /// and, when there is none, why one may be open but cannot be decided.
    pub fn judge(&self, matters: impl Fn(&Ports) -> bool) -> (Vec<String>, Vec<String>) {
        let open: Vec<String> = self
            .open
            .iter()
            .filter(|o| matters(&o.ports))
            .map(Opening::describe)
            .collect();
        let undecided = if open.is_empty() && self.possible.iter().any(|o| matters(&o.ports)) {
            self.unknown.clone()
        } else {
            Vec::new()
        };
        (open, undecided)
    }
}

/// What `rules` together open to the whole internet, protocol by protocol and
/// port by port: the networks of every rule that admits a port are
/// aggregated, and the port is open when they cover all of IPv4 or all of IPv6.
/// CIDRs and customer-managed prefix lists are networks; security groups and
/// AWS-managed lists known by name (CloudFront, S3, DynamoDB) are not the
/// internet; a list whose entries were not read leaves the answer open.
pub fn exposure(rules: &[Labelled], lists: Lists) -> Exposure {
    let reaches: Vec<Reach> = rules.iter().map(|r| lists.reach(&r.rule.peer)).collect();
    let mut unknown: Vec<String> = Vec::new();
    for reach in &reaches {
        if let Reach::Unknown(why) = reach
            && !unknown.contains(why)
        {
            unknown.push(why.clone());
        }
    }
    let open = openings(rules, &reaches, lists, false);
    let possible = if unknown.is_empty() {
        open.clone()
    } else {
        openings(rules, &reaches, lists, true)
    };
    Exposure {
        open,
        possible,
        unknown,
    }
}

/// The networks a rule admits; an unknown list counts as the whole internet
/// when `unknown_open`.
fn networks(reach: &Reach, unknown_open: bool) -> Vec<IpNet> {
    match reach {
        Reach::Networks(nets) => nets.clone(),
        Reach::Unknown(_) if unknown_open => vec![
            IpNet::V4(ipnet::Ipv4Net::default()),
            IpNet::V6(ipnet::Ipv6Net::default()),
        ],
        _ => Vec::new(),
    }
}

/// The rules among `candidates` that together cover the whole IPv4 space
/// (`v6`: IPv6), or `None`. Where one rule alone is the whole space, only
/// such rules are named.
fn cover(candidates: &[usize], nets: &[Vec<IpNet>], v6: bool) -> Option<(Vec<usize>, bool)> {
    let family = |n: &&IpNet| matches!(n, IpNet::V6(_)) == v6;
    let with: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|i| nets[*i].iter().any(|n| family(&n)))
        .collect();
    let whole: Vec<usize> = with
        .iter()
        .copied()
        .filter(|i| nets[*i].iter().filter(family).any(|n| n.prefix_len() == 0))
        .collect();
    if !whole.is_empty() {
        return Some((whole, true));
    }
    let all: Vec<IpNet> = with
        .iter()
        .flat_map(|i| nets[*i].iter().filter(family).copied())
        .collect();
    IpNet::aggregate(&all)
        .iter()
        .any(|n| n.prefix_len() == 0)
        .then_some((with, false))
}

/// Every opening of `rules`, IPv4 and IPv6 apart: all traffic first, then
/// TCP and UDP by port, then the protocols without ports.
fn openings(
    rules: &[Labelled],
    reaches: &[Reach],
    lists: Lists,
    unknown_open: bool,
) -> Vec<Opening> {
    let nets: Vec<Vec<IpNet>> = reaches.iter().map(|r| networks(r, unknown_open)).collect();
    // (protocol rank, first port, family) orders the openings.
    let mut found: Vec<((usize, i32, bool), Opening)> = Vec::new();
    for v6 in [false, true] {
        for (key, o) in family_openings(rules, &nets, lists, v6) {
            found.push(((key.0, key.1, v6), o));
        }
    }
    found.sort_by_key(|(key, _)| *key);
    // A prefix list holding both `0.0.0.0/0` and `::/0` opens both families: one opening.
    let mut out: Vec<Opening> = Vec::new();
    for (_, o) in found {
        match out
            .iter_mut()
            .find(|p| p.ports == o.ports && p.sources == o.sources && p.whole == o.whole)
        {
            Some(same) => {
                for i in o.rules {
                    if !same.rules.contains(&i) {
                        same.rules.push(i);
                    }
                }
            }
            None => out.push(o),
        }
    }
    out
}

/// The openings to one address family, each with its protocol rank and first port.
fn family_openings(
    rules: &[Labelled],
    nets: &[Vec<IpNet>],
    lists: Lists,
    v6: bool,
) -> Vec<((usize, i32), Opening)> {
    let opening = |ports: Ports, (rules_open, whole): (Vec<usize>, bool)| {
        let mut sources: Vec<(String, String)> = Vec::new();
        for i in &rules_open {
            let source = (
                rules[*i].label.to_string(),
                lists.describe_peer(&rules[*i].rule.peer),
            );
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        Opening {
            ports,
            rules: rules_open,
            sources,
            whole,
        }
    };
    let is = |i: &usize, p: &IpProtocol| rules[*i].rule.protocol == *p;
    let every: Vec<usize> = (0..rules.len()).collect();

    // All traffic: only rules of every protocol open every protocol.
    let all: Vec<usize> = every
        .iter()
        .copied()
        .filter(|i| is(i, &IpProtocol::All))
        .collect();
    if let Some(open) = cover(&all, nets, v6) {
        return vec![((0, 0), opening(Ports::All, open))];
    }

    let mut out = Vec::new();
    // TCP and UDP, port by port: the ports where the set of rules admitting
    // them changes cut 0-65535 into ranges judged each as a whole.
    for (rank, protocol) in [(1, IpProtocol::Tcp), (2, IpProtocol::Udp)] {
        let ranged: Vec<(usize, i32, i32)> = every
            .iter()
            .filter(|i| is(i, &protocol) || is(i, &IpProtocol::All))
            .filter_map(|i| port_range(rules[*i].rule).map(|(f, t)| (*i, f, t)))
            .collect();
        let mut cuts: Vec<i32> = ranged.iter().flat_map(|(_, f, t)| [*f, t + 1]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut last: Option<Opening> = None;
        let mut done = |o: Option<Opening>| {
            if let Some(o) = o {
                let from = o.ports.range().map_or(0, |(f, _)| f);
                out.push(((rank, from), o));
            }
        };
        for pair in cuts.windows(2) {
            let (from, to) = (pair[0], pair[1] - 1);
            let here: Vec<usize> = ranged
                .iter()
                .filter(|(_, f, t)| *f <= from && to <= *t)
                .map(|(i, _, _)| *i)
                .collect();
            let Some(open) = cover(&here, nets, v6) else {
                done(last.take());
                continue;
            };
            let next = opening(Ports::Range(protocol.clone(), from, to), open);
            match &mut last {
                // The same peers one port on: one range.
                Some(prev)
                    if prev.sources == next.sources
                        && prev.whole == next.whole
                        && matches!(prev.ports, Ports::Range(_, _, t) if t + 1 == from) =>
                {
                    if let Ports::Range(_, _, t) = &mut prev.ports {
                        *t = to;
                    }
                    for i in next.rules {
                        if !prev.rules.contains(&i) {
                            prev.rules.push(i);
                        }
                    }
                    prev.rules.sort_unstable();
                }
                _ => done(last.replace(next)),
            }
        }
        done(last);
    }

    // Protocols without ports, each as a whole, in the order rules name them.
    let mut others: Vec<&IpProtocol> = Vec::new();
    for r in rules {
        let p = &r.rule.protocol;
        if !matches!(p, IpProtocol::All | IpProtocol::Tcp | IpProtocol::Udp) && !others.contains(&p)
        {
            others.push(p);
        }
    }
    for (n, protocol) in others.into_iter().enumerate() {
        let here: Vec<usize> = every
            .iter()
            .copied()
            .filter(|i| is(i, protocol) || is(i, &IpProtocol::All))
            .collect();
        if let Some(open) = cover(&here, nets, v6) {
            out.push(((3 + n, 0), opening(Ports::Protocol(protocol.clone()), open)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, from: Option<i32>, to: Option<i32>, cidr: &str) -> SgRule {
        let peer = if cidr.starts_with("pl-") {
            Peer::PrefixList(cidr.into())
        } else if cidr.starts_with("sg-") {
            Peer::Group(cidr.into())
        } else if cidr.contains(':') {
            Peer::Ipv6(cidr.parse().unwrap())
        } else {
            Peer::Ipv4(cidr.parse().unwrap())
        };
        SgRule {
            protocol: protocol.into(),
            from_port: from,
            to_port: to,
            peer,
        }
    }

    fn tcp(port: i32, cidr: &str) -> SgRule {
        rule("tcp", Some(port), Some(port), cidr)
    }

    fn list(id: &str, name: &str, owner: &str, entries: Option<&[&str]>) -> PrefixList {
        PrefixList {
            id: id.into(),
            name: name.into(),
            owner: Some(owner.into()),
            entries: entries.map(|e| e.iter().map(|c| c.parse().unwrap()).collect()),
        }
    }

    /// A customer list holding the internet, one of private networks, one
    /// not read, CloudFront's and S3's.
    fn lists() -> Vec<PrefixList> {
        vec![
            list(
                "pl-any",
                "anywhere",
                "123456789012",
                Some(&["10.0.0.0/8", "0.0.0.0/0"]),
            ),
            list(
                "pl-office",
                "office",
                "123456789012",
                Some(&["10.20.0.0/16", "203.0.113.0/24"]),
            ),
            list("pl-unread", "unread", "123456789012", None),
            list(
                "pl-cf",
                "com.amazonaws.global.cloudfront.origin-facing",
                "AWS",
                None,
            ),
            list("pl-s3", "com.amazonaws.us-east-1.s3", "AWS", None),
        ]
    }

    fn open(rules: &[SgRule], lists: &[PrefixList]) -> Exposure {
        exposure(&unlabelled(rules), Lists::new(Some(lists)))
    }

    fn described(openings: &[Opening]) -> Vec<String> {
        openings.iter().map(Opening::describe).collect()
    }

    #[test]
    fn ranges_and_protocols() {
        let range = rule("tcp", Some(0), Some(1024), "0.0.0.0/0");
        assert!(covers_port(&range, 22));
        assert!(covers_port(&range, 1024));
        assert!(!covers_port(&range, 3389));
        let all = rule("-1", None, None, "::/0");
        assert!(covers_port(&all, 3389));
        assert!(is_internet(&all.peer));
        assert!(is_all_traffic(&all));
        let icmp = rule("icmp", Some(-1), Some(-1), "0.0.0.0/0");
        assert!(!covers_port(&icmp, 22));
        assert!(!covers_other_than(&icmp, &[80, 443]));
        // Protocol 6 arrives as tcp (the collector's tests); a protocol known
        // only by its number has no ports.
        let gre = rule("47", None, None, "10.0.0.0/8");
        assert!(!covers_port(&gre, 22));
        assert!(!is_all_traffic(&gre));
        assert!(!is_internet(&gre.peer));
    }

    #[test]
    fn other_than_web_ports() {
        assert!(!covers_other_than(&tcp(443, "0.0.0.0/0"), &[80, 443]));
        assert!(!covers_other_than(&tcp(80, "0.0.0.0/0"), &[80, 443]));
        assert!(covers_other_than(
            &rule("tcp", Some(80), Some(443), "0.0.0.0/0"),
            &[80, 443]
        ));
        assert!(covers_other_than(
            &rule("udp", Some(443), Some(443), "0.0.0.0/0"),
            &[80]
        ));
        assert!(covers_other_than(
            &rule("-1", None, None, "0.0.0.0/0"),
            &[80, 443]
        ));
        // Regression: a port allowed twice was counted twice, so 443-444
        // looked covered by [443, 443].
        assert!(covers_other_than(
            &rule("tcp", Some(443), Some(444), "0.0.0.0/0"),
            &[443, 443]
        ));
        assert!(!covers_other_than(
            &rule("tcp", Some(443), Some(443), "0.0.0.0/0"),
            &[443, 443]
        ));
    }

    #[test]
    fn public_and_trusted_networks() {
        let peer = |c: &str| {
            if c.contains(':') {
                Peer::Ipv6(c.parse().unwrap())
            } else {
                Peer::Ipv4(c.parse().unwrap())
            }
        };
        for public in [
            "0.0.0.0/0",
            "0.0.0.0/1",
            "203.0.113.0/24",
            "::/0",
            "2001:db8::/32",
            "8.8.8.8/32",
            // Wider than a private range: it holds public addresses.
            "192.168.0.0/15",
            "172.0.0.0/11",
        ] {
            assert!(is_public(&peer(public)), "{public}");
        }
        for private in [
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.1.0/24",
            "100.64.0.0/10",
            "fd00::/8",
            "fe80::/10",
        ] {
            assert!(!is_public(&peer(private)), "{private}");
        }
        let trusted: Vec<IpNet> = vec!["203.0.113.0/24".parse().unwrap()];
        assert!(within(&peer("203.0.113.7/32"), &trusted));
        assert!(!within(&peer("198.51.100.0/24"), &trusted));
        assert!(!within(&Peer::Group("sg-1".into()), &trusted));
    }

    #[test]
    fn trusted_networks_through_prefix_lists() {
        let lists = lists();
        let lists = Lists::new(Some(&lists));
        let trusted: Vec<IpNet> = vec!["203.0.113.0/24".parse().unwrap()];
        assert_eq!(lists.untrusted(&tcp(22, "pl-office"), &trusted), Ok(false));
        assert_eq!(lists.untrusted(&tcp(22, "pl-any"), &trusted), Ok(true));
        assert_eq!(lists.untrusted(&tcp(22, "pl-cf"), &trusted), Ok(true));
        assert_eq!(lists.untrusted(&tcp(22, "sg-1"), &trusted), Ok(false));
        assert_eq!(
            lists.untrusted(&tcp(22, "pl-unread"), &trusted),
            Err("the entries of prefix list pl-unread could not be read".into())
        );
    }

    #[test]
    fn descriptions() {
        assert_eq!(describe_rule(&tcp(22, "0.0.0.0/0")), "tcp/22 0.0.0.0/0");
        assert_eq!(
            describe_rule(&rule("-1", None, None, "::/0")),
            "all traffic ::/0"
        );
        assert_eq!(
            describe_rule(&rule("tcp", Some(0), Some(65535), "0.0.0.0/0")),
            "tcp/0-65535 0.0.0.0/0"
        );
        assert!(is_all_traffic(&rule(
            "tcp",
            Some(0),
            Some(65535),
            "0.0.0.0/0"
        )));
        assert_eq!(
            describe_rule(&rule("icmp", Some(8), Some(0), "0.0.0.0/0")),
            "icmp 0.0.0.0/0"
        );
        assert_eq!(
            describe_rule(&rule("47", None, None, "10.0.0.0/8")),
            "protocol 47 (GRE) 10.0.0.0/8"
        );
        assert_eq!(
            describe_rule(&rule("253", None, None, "10.0.0.0/8")),
            "protocol 253 10.0.0.0/8"
        );
        let lists = lists();
        assert_eq!(
            Lists::new(Some(&lists)).describe_rule(&tcp(443, "pl-cf")),
            "tcp/443 pl-cf (com.amazonaws.global.cloudfront.origin-facing)"
        );
        assert_eq!(
            Lists::new(None).describe_rule(&tcp(443, "pl-cf")),
            "tcp/443 pl-cf"
        );
    }

    #[test]
    fn one_rule_of_the_whole_internet() {
        let e = open(&[tcp(22, "0.0.0.0/0"), tcp(5432, "10.0.0.0/16")], &[]);
        assert_eq!(described(&e.open), ["tcp/22 0.0.0.0/0"]);
        assert_eq!(e.possible, e.open);
        assert!(e.unknown.is_empty());
        assert_eq!(e.open[0].rules, [0]);
        assert!(open(&[tcp(22, "203.0.113.0/24")], &[]).open.is_empty());
    }

    /// Two halves open on port 22 each make 22 open to the internet; halves
    /// on different ports make nothing open.
    #[test]
    fn halves_of_the_address_space_are_the_internet_on_the_ports_they_share() {
        let e = open(&[tcp(22, "0.0.0.0/1"), tcp(22, "128.0.0.0/1")], &[]);
        assert_eq!(described(&e.open), ["tcp/22 0.0.0.0/1 + 128.0.0.0/1"]);
        assert!(e.open[0].ports.covers_port(22));

        let apart = open(&[tcp(22, "0.0.0.0/1"), tcp(23, "128.0.0.0/1")], &[]);
        assert!(apart.open.is_empty());

        // 0-1024 from one half, 22 from the other: only 22 is open.
        let overlap = open(
            &[
                rule("tcp", Some(0), Some(1024), "0.0.0.0/1"),
                rule("tcp", Some(20), Some(23), "128.0.0.0/1"),
            ],
            &[],
        );
        assert_eq!(
            described(&overlap.open),
            ["tcp/20-23 0.0.0.0/1 + 128.0.0.0/1"]
        );

        // Quarters and IPv6 halves; a private network beside them is named too.
        let quarters = open(
            &[
                tcp(3389, "0.0.0.0/2"),
                tcp(3389, "64.0.0.0/2"),
                tcp(3389, "128.0.0.0/2"),
                tcp(3389, "192.0.0.0/2"),
                tcp(3389, "::/1"),
                tcp(3389, "8000::/1"),
            ],
            &[],
        );
        assert_eq!(
            described(&quarters.open),
            [
                "tcp/3389 0.0.0.0/2 + 64.0.0.0/2 + 128.0.0.0/2 + 192.0.0.0/2",
                "tcp/3389 ::/1 + 8000::/1"
            ]
        );
        assert_eq!(quarters.open[0].rules, [0, 1, 2, 3]);
        // Three quarters are not the internet.
        let three = open(
            &[
                tcp(22, "0.0.0.0/2"),
                tcp(22, "64.0.0.0/2"),
                tcp(22, "128.0.0.0/2"),
            ],
            &[],
        );
        assert!(three.open.is_empty());

        // An IPv4 half and an IPv6 half are neither family whole.
        let mixed = open(&[tcp(22, "0.0.0.0/1"), tcp(22, "::/1")], &[]);
        assert!(mixed.open.is_empty());
    }

    #[test]
    fn all_traffic_rules_combine_with_port_rules() {
        // All traffic from one half, TCP/22 from the other: 22 is open, not everything.
        let e = open(
            &[rule("-1", None, None, "0.0.0.0/1"), tcp(22, "128.0.0.0/1")],
            &[],
        );
        assert_eq!(described(&e.open), ["tcp/22 0.0.0.0/1 + 128.0.0.0/1"]);
        // All traffic from both halves: all traffic, said once.
        let all = open(
            &[
                rule("-1", None, None, "0.0.0.0/1"),
                rule("-1", None, None, "128.0.0.0/1"),
                tcp(22, "0.0.0.0/0"),
            ],
            &[],
        );
        assert_eq!(
            described(&all.open),
            ["all traffic 0.0.0.0/1 + 128.0.0.0/1"]
        );
        assert!(all.open[0].ports.is_all_traffic());
        // Every TCP port in two ranges from the internet is every TCP port.
        let tcp_all = open(
            &[
                rule("tcp", Some(0), Some(1000), "::/0"),
                rule("tcp", Some(1001), Some(65535), "::/0"),
            ],
            &[],
        );
        assert_eq!(described(&tcp_all.open), ["tcp/0-65535 ::/0"]);
        assert!(tcp_all.open[0].ports.is_all_traffic());
    }

    #[test]
    fn adjacent_ranges_of_the_same_rules_are_one() {
        let e = open(
            &[
                rule("tcp", Some(0), Some(1024), "0.0.0.0/0"),
                tcp(22, "0.0.0.0/0"),
                tcp(80, "10.0.0.0/8"),
            ],
            &[],
        );
        assert_eq!(described(&e.open), ["tcp/0-1024 0.0.0.0/0"]);
        assert_eq!(e.open[0].rules, [0, 1]);
        let udp = open(&[rule("udp", None, None, "0.0.0.0/0")], &[]);
        assert_eq!(described(&udp.open), ["udp/0-65535 0.0.0.0/0"]);
    }

    #[test]
    fn protocols_without_ports() {
        let e = open(
            &[
                rule("47", None, None, "0.0.0.0/0"),
                rule("icmp", Some(-1), Some(-1), "0.0.0.0/0"),
                rule("50", None, None, "10.0.0.0/8"),
            ],
            &[],
        );
        assert_eq!(
            described(&e.open),
            ["protocol 47 (GRE) 0.0.0.0/0", "icmp 0.0.0.0/0"]
        );
        assert_eq!(
            e.open[0].ports,
            Ports::Protocol(IpProtocol::Other("47".into()))
        );
        assert!(e.open[0].ports.range().is_none());
        // ESP from half the internet and all traffic from the other half.
        let esp = open(
            &[
                rule("50", None, None, "0.0.0.0/1"),
                rule("-1", None, None, "128.0.0.0/1"),
            ],
            &[],
        );
        assert_eq!(
            described(&esp.open),
            ["protocol 50 (ESP) 0.0.0.0/1 + 128.0.0.0/1"]
        );
    }

    #[test]
    fn prefix_lists_are_expanded_or_known_by_name() {
        let lists = lists();
        let any = open(&[tcp(22, "pl-any")], &lists);
        assert_eq!(described(&any.open), ["tcp/22 pl-any (anywhere)"]);
        let both = vec![list(
            "pl-both",
            "both",
            "123456789012",
            Some(&["0.0.0.0/0", "::/0"]),
        )];
        let both = open(&[tcp(22, "pl-both"), tcp(22, "::/0")], &both);
        assert_eq!(
            described(&both.open),
            ["tcp/22 pl-both (both)", "tcp/22 pl-both (both), ::/0"]
        );
        // A customer list's half and a CIDR half.
        let half = vec![list(
            "pl-half",
            "half",
            "123456789012",
            Some(&["128.0.0.0/1"]),
        )];
        let halves = open(&[tcp(22, "pl-half"), tcp(22, "0.0.0.0/1")], &half);
        assert_eq!(
            described(&halves.open),
            ["tcp/22 pl-half (half) + 0.0.0.0/1"]
        );
        // Private networks, CloudFront, S3, a security group: not the internet.
        for peer in ["pl-office", "pl-cf", "pl-s3", "sg-1"] {
            let e = open(&[rule("-1", None, None, peer)], &lists);
            assert!(
                e.open.is_empty() && e.possible.is_empty() && e.unknown.is_empty(),
                "{peer}"
            );
        }
    }

    #[test]
    fn a_list_not_read_leaves_the_answer_open() {
        let lists = lists();
        let e = open(&[tcp(22, "pl-unread"), tcp(443, "0.0.0.0/0")], &lists);
        assert_eq!(described(&e.open), ["tcp/443 0.0.0.0/0"]);
        assert_eq!(
            described(&e.possible),
            ["tcp/22 pl-unread (unread)", "tcp/443 0.0.0.0/0"]
        );
        assert_eq!(
            e.unknown,
            ["the entries of prefix list pl-unread could not be read"]
        );
        let (open22, why) = e.judge(|p| p.covers_port(22));
        assert!(open22.is_empty());
        assert_eq!(why, e.unknown);
        let (open443, why) = e.judge(|p| p.covers_port(443));
        assert_eq!(open443, ["tcp/443 0.0.0.0/0"]);
        assert!(why.is_empty());

        // A list missing from the region's lists, or lists not listed at all.
        let missing = open(&[tcp(22, "pl-gone")], &lists);
        assert_eq!(missing.unknown, ["prefix list pl-gone was not found"]);
        let unlisted = exposure(&unlabelled(&[tcp(22, "pl-any")]), Lists::new(None));
        assert_eq!(
            unlisted.unknown,
            ["prefix list pl-any: the region's prefix lists could not be listed"]
        );
        assert!(unlisted.open.is_empty());
        assert_eq!(unlisted.possible.len(), 1);
    }

    #[test]
    fn labels_name_the_groups() {
        let (a, b) = (tcp(443, "::/0"), tcp(22, "0.0.0.0/1"));
        let c = tcp(22, "128.0.0.0/1");
        let rules = [
            Labelled {
                label: "sg-a",
                rule: &a,
            },
            Labelled {
                label: "sg-a",
                rule: &b,
            },
            Labelled {
                label: "sg-b",
                rule: &c,
            },
        ];
        let e = exposure(&rules, Lists::new(Some(&[])));
        assert_eq!(
            described(&e.open),
            [
                "tcp/22 sg-a 0.0.0.0/1 + sg-b 128.0.0.0/1",
                "sg-a tcp/443 ::/0"
            ]
        );
    }
}
