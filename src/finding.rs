//! The vocabulary shared by checks, scoring and reports.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalog::Framework;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Baseline,
    Enterprise,
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tier::Baseline => "baseline",
            Tier::Enterprise => "enterprise",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
/// Alphabetical, so that maps keyed by area list them in the order of their names.
pub enum Area {
    Containers,
    Data,
    Identity,
    LoadBalancers,
    Monitoring,
    Network,
    Secrets,
    State,
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Area::LoadBalancers => "load-balancers",
            Area::Network => "network",
            Area::Identity => "identity",
            Area::Secrets => "secrets",
            Area::State => "state",
            Area::Monitoring => "monitoring",
            Area::Containers => "containers",
            Area::Data => "data",
        })
    }
}

/// The outcome of one check on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Fail,
    Unknown,
    /// A configured suppression accepts it; the underlying status is kept beside it.
    Suppressed,
    Pass,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Suppressed => "suppressed",
            Status::Pass => "pass",
        })
    }
}

/// Evidence that decided a finding: flat `key → value` pairs, stable order.
pub type Evidence = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable hash of check + account + region + resource.
    pub id: String,
    pub check: String,
    pub status: Status,
    pub severity: Severity,
    pub tier: Tier,
    pub account: String,
    pub region: String,
    pub resource: String,
    /// A human name for the resource (Name tag, load balancer name, bucket name …).
    pub resource_name: String,
    pub message: String,
    pub evidence: Evidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Applied>,
    /// The framework controls the check maps to: `framework → control ids`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub controls: BTreeMap<Framework, Vec<String>>,
    /// With a baseline (`--baseline`, `posture diff`): how it differs from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// With `change: changed`: the status the baseline had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<Status>,
    /// With `--terraform-state`: the Terraform resource that made the
    /// resource, or that none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<crate::terraform::Terraform>,
}

/// How a finding differs from the baseline report's finding of the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// No finding of this id in the baseline.
    New,
    /// The same status as in the baseline.
    Unchanged,
    /// The status moved (`previous_status` says from what).
    Changed,
}

/// The suppression that accepted a finding, and what the finding was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The status before suppression: `fail` or `unknown`.
    pub status: Status,
    pub reason: String,
    pub expires: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl Finding {
    pub fn stable_id(check: &str, account: &str, region: &str, resource: &str) -> String {
        let mut hasher = Sha256::new();
        for part in [check, account, region, resource] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        let digest = hasher.finalize();
        digest[..10].iter().map(|b| format!("{b:02x}")).collect()
    }
}
