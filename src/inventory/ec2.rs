use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub name: Option<String>,
    pub cidr: Option<String>,
    pub is_default: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    pub arn: Option<String>,
    pub name: Option<String>,
    pub vpc_id: String,
    pub availability_zone: Option<String>,
    pub map_public_ip_on_launch: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    pub main: bool,
    pub subnet_ids: Vec<String>,
    /// Gateway ids of routes to 0.0.0.0/0 or ::/0 (`igw-…`, `nat-…`, …).
    pub default_route_targets: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InternetGateway {
    pub id: String,
    pub vpc_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub vpc_id: Option<String>,
    pub tag_name: Option<String>,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
}

impl SecurityGroup {
    pub fn is_default(&self) -> bool {
        self.name == "default"
    }
}

/// One permission of a security group towards one peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SgRule {
    pub protocol: IpProtocol,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub peer: Peer,
}

crate::closed_set! {
    /// The IP protocol of a security group rule, as EC2 names it. A protocol
    /// without a name (`47`, GRE) is kept as its number; the collector reads the
    /// numbers of the named ones (`6` for TCP) as their names.
    pub enum IpProtocol {
        /// Every protocol, every port.
        All = "-1",
        Tcp = "tcp",
        Udp = "udp",
        Icmp = "icmp",
        Icmpv6 = "icmpv6",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Peer {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
    PrefixList(String),
    Group(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetworkInterface {
    pub id: String,
    pub description: Option<String>,
    pub interface_type: Option<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrefixList {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlowLog {
    pub id: String,
    pub resource_id: String,
    pub status: Option<FlowLogStatus>,
    pub deliver_status: Option<DeliverStatus>,
    pub destination: Option<String>,
}

crate::closed_set! {
    /// The state of a flow log.
    pub enum FlowLogStatus {
        /// The flow log exists and captures traffic.
        Active = "ACTIVE",
    }
}

crate::closed_set! {
    /// Whether a flow log's records reach their destination.
    pub enum DeliverStatus {
        Success = "SUCCESS",
        /// Delivery fails (a missing bucket, a role without permission): nothing is logged.
        Failed = "FAILED",
    }
}
