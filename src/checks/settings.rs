//! What a check may be tuned by. Defaults follow the guide and CATALOG.md.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Active IAM user access keys older than this fail `iam-access-keys-rotated`.
    pub access_key_max_age_days: i64,
    /// A console password or active access key unused for longer fails `iam-unused-credentials`.
    pub credential_unused_days: i64,
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
    /// How Terraform locks its state, as declared (`[state] lock` in the
    /// config, `--state-lock`): no read-only call can tell whether a backend
    /// locks with an S3 lock file. `None`: not declared.
    #[serde(default)]
    pub state_lock: Option<StateLock>,
    /// Networks SSH and RDP may come from (`sg-admin-ports-from-internet`).
    pub trusted_admin_cidrs: Vec<ipnet::IpNet>,
    /// Egress destinations that count as restricted.
    pub approved_egress: Vec<Destination>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            access_key_max_age_days: 90,
            credential_unused_days: 90,
            secret_rotation_max_age_days: 90,
            secret_unused_days: 90,
            certificate_min_days_left: 30,
            role_max_session_seconds: 3600,
            state_buckets: Vec::new(),
            lock_tables: Vec::new(),
            state_lock: None,
            trusted_admin_cidrs: Vec::new(),
            approved_egress: Vec::new(),
        }
    }
}

/// How Terraform's S3 backend locks the state (`state-lock-table`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StateLock {
    /// A DynamoDB table with hash key `LockID` (`dynamodb_table`, deprecated
    /// since Terraform 1.10).
    Dynamodb,
    /// A lock file next to the state in the bucket (`use_lockfile = true`,
    /// Terraform 1.10+).
    S3,
}

impl StateLock {
    /// The spellings `[state] lock` and `--state-lock` accept.
    pub const NAMES: [&'static str; 2] = ["s3", "dynamodb"];

    pub fn parse(text: &str) -> Option<StateLock> {
        match text {
            "s3" => Some(StateLock::S3),
            "dynamodb" => Some(StateLock::Dynamodb),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            StateLock::S3 => "s3",
            StateLock::Dynamodb => "dynamodb",
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
