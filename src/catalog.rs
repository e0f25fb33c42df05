//! Check metadata: the types of `checks/<id>.toml` and `checks/manual.toml`,
//! and their parsing. The table of checks (`crate::checks`) uses these; this
//! module knows nothing of the checks' code.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::finding::{Area, Severity, Tier};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckMeta {
    pub id: String,
    pub title: String,
    pub service: String,
    pub area: Area,
    pub severity: Severity,
    pub tier: Tier,
    pub guide: Vec<String>,
    pub rationale: String,
    pub remediation: Remediation,
    pub frameworks: Frameworks,
    /// Runs only when asked for (`--inspect-secret-values`): it reads data
    /// posture does not read otherwise. Declining it never blocks a verdict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub opt_in: bool,
    /// The load balancer types a load balancer check judges (the others get
    /// no finding); empty for checks of anything else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<LoadBalancerType>,
}

/// A type of Elastic Load Balancing v2 load balancer, as `applies_to` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadBalancerType {
    Application,
    Network,
    Gateway,
}

impl LoadBalancerType {
    pub const ALL: [LoadBalancerType; 3] = [
        LoadBalancerType::Application,
        LoadBalancerType::Network,
        LoadBalancerType::Gateway,
    ];

    /// As AWS spells the type (`DescribeLoadBalancers` `Type`).
    pub fn as_str(self) -> &'static str {
        match self {
            LoadBalancerType::Application => "application",
            LoadBalancerType::Network => "network",
            LoadBalancerType::Gateway => "gateway",
        }
    }
}

/// One check's metadata from its TOML text.
pub fn parse(toml: &str) -> Result<CheckMeta, toml::de::Error> {
    toml::from_str(toml)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub summary: String,
    pub terraform: String,
    pub cli: String,
}

/// Controls of the frameworks compliance teams are audited against.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    /// AWS Security Hub control ids, e.g. `ELB.6` (the key is `fsbp` for
    /// compatibility, though several ids belong to other Security Hub standards).
    #[serde(default)]
    pub fsbp: Vec<String>,
    /// SOC 2, 2017 Trust Services Criteria, e.g. `CC6.1`.
    #[serde(default)]
    pub soc2: Vec<String>,
    /// ISO/IEC 27001:2022 Annex A, e.g. `A.8.20`.
    #[serde(default)]
    pub iso27001: Vec<String>,
    /// CIS AWS Foundations Benchmark v5.0.0 recommendation numbers, e.g. `5.2`.
    #[serde(default)]
    pub cis: Vec<String>,
    /// Why no control applies, when every list is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none: Option<String>,
    /// Controls of the lists above that the check covers only in part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<Partial>,
}

/// A control a check covers only in part: passing the check does not prove
/// the whole control, so the compliance view says `partial`, not `pass`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partial {
    pub framework: Framework,
    pub control: String,
    /// What the check covers, and what of the control it does not.
    pub covers: String,
}

/// Declared in the alphabetical order of the keys, so that maps keyed by
/// framework list them that way; [`Framework::ALL`] is the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    Cis,
    Fsbp,
    Iso27001,
    Soc2,
}

impl Framework {
    pub const ALL: [Framework; 4] = [
        Framework::Soc2,
        Framework::Iso27001,
        Framework::Cis,
        Framework::Fsbp,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Framework::Soc2 => "soc2",
            Framework::Iso27001 => "iso27001",
            Framework::Cis => "cis",
            Framework::Fsbp => "fsbp",
        }
    }

    /// A short name for tables: `Security Hub ELB.6`.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Soc2 => "SOC 2",
            Framework::Iso27001 => "ISO 27001",
            Framework::Cis => "CIS",
            Framework::Fsbp => "Security Hub",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Framework::Soc2 => "SOC 2 (2017 Trust Services Criteria)",
            Framework::Iso27001 => "ISO/IEC 27001:2022 Annex A",
            Framework::Cis => "CIS AWS Foundations Benchmark v5.0.0",
            Framework::Fsbp => "AWS Security Hub controls",
        }
    }
}

impl Frameworks {
    pub fn controls(&self, framework: Framework) -> &[String] {
        match framework {
            Framework::Soc2 => &self.soc2,
            Framework::Iso27001 => &self.iso27001,
            Framework::Cis => &self.cis,
            Framework::Fsbp => &self.fsbp,
        }
    }

    /// What the check covers of `control`, when it covers only part of it.
    pub fn partial(&self, framework: Framework, control: &str) -> Option<&str> {
        self.partial
            .iter()
            .find(|p| p.framework == framework && p.control == control)
            .map(|p| p.covers.as_str())
    }

    pub fn is_empty(&self) -> bool {
        Framework::ALL.iter().all(|f| self.controls(*f).is_empty())
    }

    /// `framework → control ids`, frameworks without controls left out.
    pub fn as_map(&self) -> std::collections::BTreeMap<Framework, Vec<String>> {
        Framework::ALL
            .iter()
            .filter(|f| !self.controls(**f).is_empty())
            .map(|f| (*f, self.controls(*f).to_vec()))
            .collect()
    }
}

/// A control of the guide that no read-only API call can observe: listed in
/// every report so a compliance export is complete.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualControl {
    pub id: String,
    pub title: String,
    pub guide: Vec<String>,
    pub description: String,
    #[serde(default)]
    pub frameworks: Frameworks,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManualFile {
    control: Vec<ManualControl>,
}

pub const MANUAL_TOML: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/checks/manual.toml"));

/// The manual controls of a `manual.toml` text.
pub fn parse_manual(toml: &str) -> Result<Vec<ManualControl>, toml::de::Error> {
    toml::from_str::<ManualFile>(toml).map(|file| file.control)
}

pub static MANUAL: LazyLock<Vec<ManualControl>> =
    LazyLock::new(|| match parse_manual(MANUAL_TOML) {
        Ok(controls) => controls,
        Err(err) => {
            panic!("checks/manual.toml is invalid (a build defect the test suite catches): {err}")
        }
    });
