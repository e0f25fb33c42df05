//! VPCs, subnets, routes, gateways, security groups with every rule, network
//! interfaces, managed prefix lists, flow logs and network ACLs.

use aws_config::SdkConfig;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{IpPermission, NetworkAclEntry, Tag};

use super::Scope;
use crate::inventory::{
    AclEntry, FlowLog, InternetGateway, IpProtocol, NetworkAcl, NetworkInterface, Peer, PrefixList,
    RegionInventory, RouteTable, SecurityGroup, SgRule, Subnet, Vpc,
};

fn name_tag(tags: &[Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == Some("Name"))
        .and_then(|t| t.value())
        .map(str::to_string)
}

pub async fn collect(scope: &Scope, config: &SdkConfig, region: &mut RegionInventory) {
    let client: Client = crate::metered!(aws_sdk_ec2, scope.meter(), config);
    let c = &client;
    let vpcs = async {
        let pages = scope
            .pages(
                "DescribeVpcs",
                None,
                c.describe_vpcs().into_paginator().send().try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.vpcs())
                .map(|v| Vpc {
                    id: v.vpc_id().unwrap_or_default().to_string(),
                    name: name_tag(v.tags()),
                    cidr: v.cidr_block().map(str::to_string),
                    is_default: v.is_default().unwrap_or(false),
                })
                .collect::<Vec<_>>(),
        )
    };
    let subnets = async {
        let pages = scope
            .pages(
                "DescribeSubnets",
                None,
                c.describe_subnets().into_paginator().send().try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.subnets())
                .map(|s| Subnet {
                    id: s.subnet_id().unwrap_or_default().to_string(),
                    arn: s.subnet_arn().map(str::to_string),
                    name: name_tag(s.tags()),
                    vpc_id: s.vpc_id().unwrap_or_default().to_string(),
                    availability_zone: s.availability_zone().map(str::to_string),
                    map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
                })
                .collect::<Vec<_>>(),
        )
    };
    let route_tables = async {
        let pages = scope
            .pages(
                "DescribeRouteTables",
                None,
                c.describe_route_tables()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.route_tables())
                .map(|rt| RouteTable {
                    id: rt.route_table_id().unwrap_or_default().to_string(),
                    vpc_id: rt.vpc_id().unwrap_or_default().to_string(),
                    main: rt.associations().iter().any(|a| a.main().unwrap_or(false)),
                    subnet_ids: rt
                        .associations()
                        .iter()
                        .filter_map(|a| a.subnet_id())
                        .map(str::to_string)
                        .collect(),
                    default_route_targets: rt
                        .routes()
                        .iter()
                        .filter(|r| {
                            r.destination_cidr_block() == Some("0.0.0.0/0")
                                || r.destination_ipv6_cidr_block() == Some("::/0")
                        })
                        .filter_map(|r| {
                            r.gateway_id()
                                .or(r.nat_gateway_id())
                                .or(r.transit_gateway_id())
                                .or(r.egress_only_internet_gateway_id())
                                .or(r.network_interface_id())
                                .or(r.instance_id())
                        })
                        .map(str::to_string)
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    };
    let internet_gateways = async {
        let pages = scope
            .pages(
                "DescribeInternetGateways",
                None,
                c.describe_internet_gateways()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.internet_gateways())
                .map(|g| InternetGateway {
                    id: g.internet_gateway_id().unwrap_or_default().to_string(),
                    vpc_ids: g
                        .attachments()
                        .iter()
                        .filter_map(|a| a.vpc_id())
                        .map(str::to_string)
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    };
    let security_groups = async {
        let pages = scope
            .pages(
                "DescribeSecurityGroups",
                None,
                c.describe_security_groups()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.security_groups())
                .map(|g| {
                    let id = g.group_id().unwrap_or_default().to_string();
                    let arn = g
                        .security_group_arn()
                        .map(str::to_string)
                        .unwrap_or_else(|| {
                            format!(
                                "arn:{}:ec2:{}:{}:security-group/{id}",
                                scope.partition,
                                scope.region,
                                g.owner_id().unwrap_or(&scope.account)
                            )
                        });
                    SecurityGroup {
                        arn,
                        name: g.group_name().unwrap_or_default().to_string(),
                        vpc_id: g.vpc_id().map(str::to_string),
                        tag_name: name_tag(g.tags()),
                        ingress: rules(g.ip_permissions()),
                        egress: rules(g.ip_permissions_egress()),
                        id,
                    }
                })
                .collect::<Vec<_>>(),
        )
    };
    let network_interfaces = async {
        let pages = scope
            .pages(
                "DescribeNetworkInterfaces",
                None,
                c.describe_network_interfaces()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.network_interfaces())
                .map(|n| NetworkInterface {
                    id: n.network_interface_id().unwrap_or_default().to_string(),
                    description: n
                        .description()
                        .filter(|d| !d.is_empty())
                        .map(str::to_string),
                    interface_type: n.interface_type().map(|t| t.as_str().to_string()),
                    groups: n
                        .groups()
                        .iter()
                        .filter_map(|g| g.group_id())
                        .map(str::to_string)
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    };
    let prefix_lists = async {
        let pages = scope
            .pages(
                "DescribeManagedPrefixLists",
                None,
                c.describe_managed_prefix_lists()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.prefix_lists())
                .map(|p| PrefixList {
                    id: p.prefix_list_id().unwrap_or_default().to_string(),
                    name: p.prefix_list_name().unwrap_or_default().to_string(),
                    owner: p.owner_id().map(str::to_string),
                    entries: None,
                })
                .collect::<Vec<_>>(),
        )
    };
    let flow_logs = async {
        let pages = scope
            .pages(
                "DescribeFlowLogs",
                None,
                c.describe_flow_logs().into_paginator().send().try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.flow_logs())
                .map(|f| FlowLog {
                    id: f.flow_log_id().unwrap_or_default().to_string(),
                    resource_id: f.resource_id().unwrap_or_default().to_string(),
                    status: f.flow_log_status().map(Into::into),
                    deliver_status: f.deliver_logs_status().map(Into::into),
                    destination: f
                        .log_destination()
                        .or(f.log_group_name())
                        .map(str::to_string),
                })
                .collect::<Vec<_>>(),
        )
    };
    let network_acls = async {
        let pages = scope
            .pages(
                "DescribeNetworkAcls",
                None,
                c.describe_network_acls()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.network_acls())
                .map(|a| NetworkAcl {
                    id: a.network_acl_id().unwrap_or_default().to_string(),
                    vpc_id: a.vpc_id().unwrap_or_default().to_string(),
                    is_default: a.is_default().unwrap_or(false),
                    name: name_tag(a.tags()),
                    subnet_ids: a
                        .associations()
                        .iter()
                        .filter_map(|s| s.subnet_id())
                        .map(str::to_string)
                        .collect(),
                    ingress: a
                        .entries()
                        .iter()
                        .filter(|e| e.egress() == Some(false))
                        .map(acl_entry)
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    };
    let (v, s, rt, igw, sg, eni, mut pl, fl, acls) = tokio::join!(
        vpcs,
        subnets,
        route_tables,
        internet_gateways,
        security_groups,
        network_interfaces,
        prefix_lists,
        flow_logs,
        network_acls
    );
    if let (Some(groups), Some(lists)) = (&sg, &mut pl) {
        read_entries(scope, c, groups, lists).await;
    }
    region.vpcs = v;
    region.subnets = s;
    region.route_tables = rt;
    region.internet_gateways = igw;
    region.security_groups = sg;
    region.network_interfaces = eni;
    region.prefix_lists = pl;
    region.flow_logs = fl;
    region.network_acls = acls;
}

/// One network ACL entry. A protocol EC2 does not report is every protocol,
/// the reading that admits the most (as for security group rules); a CIDR
/// that does not parse is kept as none, which the check cannot judge.
fn acl_entry(e: &NetworkAclEntry) -> AclEntry {
    AclEntry {
        rule_number: e.rule_number().unwrap_or_default(),
        protocol: ip_protocol(e.protocol().unwrap_or("-1")),
        action: e
            .rule_action()
            .map(|a| a.as_str())
            .unwrap_or_default()
            .into(),
        cidr: e
            .cidr_block()
            .or(e.ipv6_cidr_block())
            .and_then(|c| c.parse().ok()),
        from_port: e.port_range().and_then(|p| p.from()),
        to_port: e.port_range().and_then(|p| p.to()),
    }
}

/// The lists whose entries decide a rule: those some rule references, but
/// not the AWS-managed lists judged by their name.
fn lists_to_read(groups: &[SecurityGroup], lists: &[PrefixList]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for rule in groups
        .iter()
        .flat_map(|g| g.ingress.iter().chain(&g.egress))
    {
        if let Peer::PrefixList(id) = &rule.peer {
            let known = lists.iter().find(|l| &l.id == id);
            // A list not listed is judged `unknown`: nothing tells what it is.
            if known.is_some_and(|l| l.aws_managed().is_none()) && !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    ids
}

/// `GetManagedPrefixListEntries`, once per list the rules need, all pages;
/// a list whose entries could not be read keeps `entries: None` (and a gap).
async fn read_entries(
    scope: &Scope,
    c: &Client,
    groups: &[SecurityGroup],
    lists: &mut [PrefixList],
) {
    let ids = lists_to_read(groups, lists);
    let reads = ids.iter().map(|id| async move {
        let pages = scope
            .pages(
                "GetManagedPrefixListEntries",
                Some(id),
                c.get_managed_prefix_list_entries()
                    .prefix_list_id(id)
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        Some(
            pages
                .iter()
                .flat_map(|p| p.entries())
                .map(|e| entry_net(e.cidr()))
                .collect::<Vec<_>>(),
        )
    });
    let entries = scope.each(reads).await;
    for (id, entries) in ids.iter().zip(entries) {
        if let Some(list) = lists.iter_mut().find(|l| &l.id == id) {
            list.entries = entries;
        }
    }
}

/// A prefix list entry's CIDR; one that does not parse is read as the whole
/// internet of its family, the safe reading (as for rules).
fn entry_net(cidr: Option<&str>) -> ipnet::IpNet {
    let cidr = cidr.unwrap_or_default();
    cidr.parse().unwrap_or(if cidr.contains(':') {
        ipnet::IpNet::V6(ipnet::Ipv6Net::default())
    } else {
        ipnet::IpNet::V4(ipnet::Ipv4Net::default())
    })
}

/// EC2 reports a rule's protocol by name, or by number when it was made with
/// one; a number AWS also names is read as that name, so that checks see one
/// spelling of TCP.
fn ip_protocol(reported: &str) -> IpProtocol {
    IpProtocol::from(match reported {
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        "58" => "icmpv6",
        // Network ACL entries may be created with these names too.
        "all" => "-1",
        name => name,
    })
}

/// One [`SgRule`] per peer of each permission. A CIDR that does not parse is
/// kept as an IPv4 `0.0.0.0/0` peer: treating it as open is the safe reading.
fn rules(permissions: &[IpPermission]) -> Vec<SgRule> {
    let mut out = Vec::new();
    for p in permissions {
        let protocol = ip_protocol(p.ip_protocol().unwrap_or("-1"));
        let rule = |peer| SgRule {
            protocol: protocol.clone(),
            from_port: p.from_port(),
            to_port: p.to_port(),
            peer,
        };
        for r in p.ip_ranges() {
            let net = r
                .cidr_ip()
                .and_then(|c| c.parse().ok())
                .unwrap_or_else(|| "0.0.0.0/0".parse().unwrap());
            out.push(rule(Peer::Ipv4(net)));
        }
        for r in p.ipv6_ranges() {
            match r.cidr_ipv6().and_then(|c| c.parse().ok()) {
                Some(net) => out.push(rule(Peer::Ipv6(net))),
                None => out.push(rule(Peer::Ipv6("::/0".parse().unwrap()))),
            }
        }
        for pl in p.prefix_list_ids() {
            out.push(rule(Peer::PrefixList(
                pl.prefix_list_id().unwrap_or_default().to_string(),
            )));
        }
        for g in p.user_id_group_pairs() {
            out.push(rule(Peer::Group(
                g.group_id().unwrap_or_default().to_string(),
            )));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{IpPermission, IpRange};

    use super::*;
    use crate::net;

    fn permission(protocol: &str, from: Option<i32>, to: Option<i32>) -> IpPermission {
        IpPermission::builder()
            .ip_protocol(protocol)
            .set_from_port(from)
            .set_to_port(to)
            .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
            .build()
    }

    #[test]
    fn protocol_numbers_aws_names_are_read_as_names() {
        for (reported, protocol) in [
            ("6", IpProtocol::Tcp),
            ("17", IpProtocol::Udp),
            ("1", IpProtocol::Icmp),
            ("58", IpProtocol::Icmpv6),
            ("tcp", IpProtocol::Tcp),
            ("udp", IpProtocol::Udp),
            ("icmp", IpProtocol::Icmp),
            ("icmpv6", IpProtocol::Icmpv6),
            ("-1", IpProtocol::All),
            ("47", IpProtocol::Other("47".into())),
        ] {
            assert_eq!(ip_protocol(reported), protocol, "{reported}");
        }
    }

    #[test]
    fn a_rule_made_with_protocol_6_is_tcp() {
        let rules = rules(&[permission("6", Some(22), Some(22))]);
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].protocol, IpProtocol::Tcp);
        assert!(net::covers_port(&rules[0], 22));
        assert!(!net::is_internet(&rules[0].peer));
        assert_eq!(net::describe_rule(&rules[0]), "tcp/22 10.0.0.0/8");
    }

    #[test]
    fn entries_are_read_for_referenced_lists_not_known_by_name() {
        let list = |id: &str, name: &str, owner: &str| PrefixList {
            id: id.into(),
            name: name.into(),
            owner: Some(owner.into()),
            entries: None,
        };
        let lists = [
            list("pl-corp", "corp", "111111111111"),
            list("pl-unused", "unused", "111111111111"),
            list(
                "pl-cf",
                "com.amazonaws.global.cloudfront.origin-facing",
                "AWS",
            ),
            list("pl-s3", "com.amazonaws.us-east-1.s3", "AWS"),
            list("pl-lattice", "com.amazonaws.us-east-1.vpc-lattice", "AWS"),
        ];
        let rule = |id: &str| SgRule {
            protocol: IpProtocol::Tcp,
            from_port: Some(443),
            to_port: Some(443),
            peer: Peer::PrefixList(id.into()),
        };
        let group = |ingress: Vec<SgRule>, egress: Vec<SgRule>| SecurityGroup {
            id: "sg-1".into(),
            arn: "arn".into(),
            name: "g".into(),
            vpc_id: None,
            tag_name: None,
            ingress,
            egress,
        };
        let groups = [
            group(vec![rule("pl-corp"), rule("pl-cf")], vec![rule("pl-s3")]),
            group(
                vec![rule("pl-corp"), rule("pl-gone")],
                vec![rule("pl-lattice")],
            ),
        ];
        // Once each; CloudFront's and S3's lists are judged by name; a list
        // not listed cannot be read as a list of the region.
        assert_eq!(lists_to_read(&groups, &lists), ["pl-corp", "pl-lattice"]);
    }

    #[test]
    fn entries_that_do_not_parse_are_the_internet() {
        assert_eq!(entry_net(Some("10.0.0.0/8")).to_string(), "10.0.0.0/8");
        assert_eq!(entry_net(Some("10.0.0.0/33")).to_string(), "0.0.0.0/0");
        assert_eq!(entry_net(Some("fd00::/129")).to_string(), "::/0");
        assert_eq!(entry_net(None).to_string(), "0.0.0.0/0");
    }

    #[test]
    fn a_permission_without_protocol_is_all_traffic() {
        let permission = IpPermission::builder()
            .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .build();
        let rules = rules(&[permission]);
        assert_eq!(rules[0].protocol, IpProtocol::All);
        assert!(net::is_all_traffic(&rules[0]));
    }
}
