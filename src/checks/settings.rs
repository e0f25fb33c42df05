//! What a check may be tuned by. Defaults follow the guide and CATALOG.md.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Active IAM user access keys older than this fail `iam-access-keys-rotated`.
    pub access_key_max_age_days: i64,
    /// Secrets not rotated (or created) within this many days fail `secret-rotated-recently`.
    pub secret_rotation_max_age_days: i64,
    /// Secrets not read within this many days fail `secret-unused`.
    pub secret_unused_days: i64,
    /// Certificates expiring within this many days fail `alb-acm-certificate`.
    pub certificate_min_days_left: i64,
    /// Roles assumable by people with a longer maximum session fail `iam-role-session-duration`.
    pub role_max_session_seconds: i32,
    /// Buckets named on the command line (`--state-bucket`) or in the config as Terraform state buckets.
    pub state_buckets: Vec<String>,
    /// DynamoDB tables named in the config as Terraform lock tables.
    pub lock_tables: Vec<String>,
    /// Networks SSH and RDP may come from (`sg-admin-ports-from-internet`).
    pub trusted_admin_cidrs: Vec<ipnet::IpNet>,
    /// Egress destinations that count as restricted.
    pub approved_egress: Vec<Destination>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            access_key_max_age_days: 90,
            secret_rotation_max_age_days: 90,
            secret_unused_days: 90,
            certificate_min_days_left: 30,
            role_max_session_seconds: 3600,
            state_buckets: Vec::new(),
            lock_tables: Vec::new(),
            trusted_admin_cidrs: Vec::new(),
            approved_egress: Vec::new(),
        }
    }
}

/// An approved egress destination of `[network] approved_egress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// A network, `10.0.0.0/16`: a rule to it or to a network inside it is approved.
    Network(ipnet::IpNet),
    /// A managed prefix list, `pl-…`.
    PrefixList(String),
    /// A security group, `sg-…`.
    SecurityGroup(String),
}

impl Destination {
    /// `10.0.0.0/16`, `pl-…` or `sg-…`; anything else is `None`.
    pub fn parse(text: &str) -> Option<Destination> {
        if let Ok(net) = text.parse() {
            Some(Destination::Network(net))
        } else if text.starts_with("pl-") && text.len() > 3 {
            Some(Destination::PrefixList(text.to_string()))
        } else if text.starts_with("sg-") && text.len() > 3 {
            Some(Destination::SecurityGroup(text.to_string()))
        } else {
            None
        }
    }

    pub fn network(&self) -> Option<ipnet::IpNet> {
        match self {
            Destination::Network(net) => Some(*net),
            _ => None,
        }
    }
}
