//! Security group rule arithmetic: who a rule admits, and which ports.

use crate::inventory::{IpProtocol, Peer, SgRule};

/// `0.0.0.0/0` or `::/0`: the whole internet.
pub fn is_internet(peer: &Peer) -> bool {
    match peer {
        Peer::Ipv4(net) => net.prefix_len() == 0,
        Peer::Ipv6(net) => net.prefix_len() == 0,
        _ => false,
    }
}

/// The peer as an IP network, when it is one.
pub fn peer_net(peer: &Peer) -> Option<ipnet::IpNet> {
    match peer {
        Peer::Ipv4(net) => Some(ipnet::IpNet::V4(*net)),
        Peer::Ipv6(net) => Some(ipnet::IpNet::V6(*net)),
        _ => None,
    }
}

/// Whether `peer` lies inside one of `networks`.
pub fn within(peer: &Peer, networks: &[ipnet::IpNet]) -> bool {
    peer_net(peer).is_some_and(|p| networks.iter().any(|n| n.contains(&p)))
}

/// A CIDR routable on the internet: not private (RFC 1918, unique-local),
/// loopback or link-local. `0.0.0.0/0` is public.
pub fn is_public(peer: &Peer) -> bool {
    match peer {
        Peer::Ipv4(net) => {
            let a = net.network();
            net.prefix_len() < 8
                || !(a.is_private()
                    || a.is_loopback()
                    || a.is_link_local()
                    || a.octets()[0] == 100 && (a.octets()[1] & 0xc0) == 64)
        }
        Peer::Ipv6(net) => {
            let a = net.network();
            let first = a.segments()[0];
            net.prefix_len() < 7
                || !((first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 || a.is_loopback())
        }
        _ => false,
    }
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

/// Whether the rule admits any port outside `allowed`.
pub fn covers_other_than(rule: &SgRule, allowed: &[i32]) -> bool {
    match port_range(rule) {
        None => false,
        Some((from, to)) => {
            let inside = allowed.iter().filter(|p| from <= **p && **p <= to).count() as i64;
            i64::from(to - from + 1) > inside
        }
    }
}

/// All traffic: every protocol, or every port of TCP or UDP.
pub fn is_all_traffic(rule: &SgRule) -> bool {
    port_range(rule) == Some((0, 65535))
}

pub fn describe_ports(rule: &SgRule) -> String {
    if rule.protocol == IpProtocol::All {
        return "all traffic".to_string();
    }
    let proto = rule.protocol.as_str();
    match port_range(rule) {
        Some((from, to)) if from == to => format!("{proto}/{from}"),
        Some((from, to)) => format!("{proto}/{from}-{to}"),
        None => proto.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, from: Option<i32>, to: Option<i32>, cidr: &str) -> SgRule {
        let peer = if cidr.contains(':') {
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
        assert!(!covers_other_than(
            &rule("tcp", Some(443), Some(443), "0.0.0.0/0"),
            &[80, 443]
        ));
        assert!(!covers_other_than(
            &rule("tcp", Some(80), Some(80), "0.0.0.0/0"),
            &[80, 443]
        ));
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
            "203.0.113.0/24",
            "::/0",
            "2001:db8::/32",
            "8.8.8.8/32",
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
        let trusted: Vec<ipnet::IpNet> = vec!["203.0.113.0/24".parse().unwrap()];
        assert!(within(&peer("203.0.113.7/32"), &trusted));
        assert!(!within(&peer("198.51.100.0/24"), &trusted));
        assert!(!within(&Peer::Group("sg-1".into()), &trusted));
    }

    #[test]
    fn descriptions() {
        assert_eq!(
            describe_rule(&rule("tcp", Some(22), Some(22), "0.0.0.0/0")),
            "tcp/22 0.0.0.0/0"
        );
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
            "47 10.0.0.0/8"
        );
    }
}
