use ipnet::{IpNet, Ipv4Net, Ipv6Net};
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

impl RouteTable {
    /// A default route goes to an internet gateway: the subnets of this
    /// table are public.
    pub fn routes_to_internet_gateway(&self) -> bool {
        self.default_route_targets
            .iter()
            .any(|g| g.starts_with("igw-"))
    }
}

impl super::RegionInventory {
    /// The route table of a subnet: its explicit association, else its VPC's
    /// main table. `None` when the subnet or the tables are not known.
    pub fn route_table_of(&self, subnet: &str) -> Option<&RouteTable> {
        let tables = self.route_tables.as_ref()?;
        let vpc = &self
            .subnets
            .as_ref()?
            .iter()
            .find(|s| s.id == subnet)?
            .vpc_id;
        tables
            .iter()
            .find(|t| t.subnet_ids.iter().any(|s| s == subnet))
            .or_else(|| tables.iter().find(|t| t.main && &t.vpc_id == vpc))
    }
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
    /// `AWS` for AWS-managed lists, else the owning account's id.
    pub owner: Option<String>,
    /// The list's CIDRs (`GetManagedPrefixListEntries`), read only for lists
    /// a security group rule references and posture does not know by name;
    /// `None` when not read (the call failed, or it was not needed).
    #[serde(default)]
    pub entries: Option<Vec<IpNet>>,
}

/// An AWS-managed prefix list posture knows by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsPrefixList {
    /// `com.amazonaws.global.cloudfront.origin-facing` (and its IPv6 twin):
    /// CloudFront's servers that reach origins, not the whole internet.
    CloudFront,
    /// `com.amazonaws.<region>.s3`: S3's addresses, for gateway endpoints.
    S3,
    /// `com.amazonaws.<region>.dynamodb`: DynamoDB's addresses, for gateway endpoints.
    DynamoDb,
}

impl AwsPrefixList {
    /// How findings name what the list stands for.
    pub fn describe(self) -> &'static str {
        match self {
            AwsPrefixList::CloudFront => "CloudFront origin-facing servers",
            AwsPrefixList::S3 => "S3 endpoints",
            AwsPrefixList::DynamoDb => "DynamoDB endpoints",
        }
    }
}

impl PrefixList {
    /// The AWS-managed list this is, known by name and owner `AWS`; `None`
    /// for a customer-managed list (or an AWS-managed one judged by its entries).
    pub fn aws_managed(&self) -> Option<AwsPrefixList> {
        if self.owner.as_deref() != Some("AWS") {
            return None;
        }
        let name = self.name.as_str();
        if matches!(
            name,
            "com.amazonaws.global.cloudfront.origin-facing"
                | "com.amazonaws.global.ipv6.cloudfront.origin-facing"
        ) {
            return Some(AwsPrefixList::CloudFront);
        }
        // com.amazonaws.<region>.s3 / .dynamodb: a region has no dot.
        let (region, service) = name.strip_prefix("com.amazonaws.")?.split_once('.')?;
        if region.is_empty() || region == "global" {
            return None;
        }
        match service {
            "s3" => Some(AwsPrefixList::S3),
            "dynamodb" => Some(AwsPrefixList::DynamoDb),
            _ => None,
        }
    }
}

/// A network ACL with its inbound entries (egress is not judged).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
    /// The `Name` tag.
    pub name: Option<String>,
    /// The subnets associated with it.
    pub subnet_ids: Vec<String>,
    /// Its inbound entries (`Egress` false), as EC2 lists them.
    pub ingress: Vec<AclEntry>,
}

/// One entry of a network ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclEntry {
    /// Entries are evaluated lowest number first; the first that matches decides.
    pub rule_number: i32,
    /// EC2 reports numbers (`6`); the collector reads the named ones as names.
    pub protocol: IpProtocol,
    pub action: AclAction,
    /// The entry's IPv4 or IPv6 CIDR; `None` when EC2 gave none that parses.
    pub cidr: Option<IpNet>,
    /// `PortRange` (TCP and UDP entries); `None` when EC2 gave none.
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
}

crate::closed_set! {
    /// What a network ACL entry does with the traffic it matches.
    pub enum AclAction {
        Allow = "allow",
        Deny = "deny",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn list(name: &str, owner: Option<&str>) -> PrefixList {
        PrefixList {
            id: "pl-1".into(),
            name: name.into(),
            owner: owner.map(str::to_string),
            entries: None,
        }
    }

    #[test]
    fn aws_managed_lists_are_known_by_name_and_owner() {
        for (name, kind) in [
            (
                "com.amazonaws.global.cloudfront.origin-facing",
                AwsPrefixList::CloudFront,
            ),
            (
                "com.amazonaws.global.ipv6.cloudfront.origin-facing",
                AwsPrefixList::CloudFront,
            ),
            ("com.amazonaws.us-east-1.s3", AwsPrefixList::S3),
            ("com.amazonaws.eu-west-3.dynamodb", AwsPrefixList::DynamoDb),
        ] {
            assert_eq!(list(name, Some("AWS")).aws_managed(), Some(kind), "{name}");
            // The same name in a customer's account is a customer's list.
            assert_eq!(
                list(name, Some("123456789012")).aws_managed(),
                None,
                "{name}"
            );
            assert_eq!(list(name, None).aws_managed(), None, "{name}");
        }
        for other in [
            "com.amazonaws.global.groundstation",
            "com.amazonaws.us-east-1.vpc-lattice",
            "com.amazonaws.us-east-1.s3express",
            "com.amazonaws.us-east-1.ipv6.vpc-lattice",
            "com.amazonaws.global.s3",
            "com.amazonaws..s3",
            "s3",
        ] {
            assert_eq!(list(other, Some("AWS")).aws_managed(), None, "{other}");
        }
    }

    /// A snapshot recorded before entries were collected reads as "not read".
    #[test]
    fn entries_default_to_not_read() {
        let old: PrefixList =
            serde_json::from_str(r#"{"id": "pl-1", "name": "corp", "owner": "111111111111"}"#)
                .unwrap();
        assert_eq!(old.entries, None);
        let new: PrefixList = serde_json::from_str(
            r#"{"id": "pl-1", "name": "corp", "owner": "111111111111", "entries": ["0.0.0.0/0", "::/0"]}"#,
        )
        .unwrap();
        assert_eq!(new.entries.unwrap().len(), 2);
    }
}
