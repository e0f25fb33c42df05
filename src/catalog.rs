//! Check metadata: `checks/<id>.toml`, compiled into the binary.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::checks::REGISTRY;
use crate::model::{Area, Severity, Tier};

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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub summary: String,
    pub terraform: String,
    pub cli: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    #[serde(default)]
    pub fsbp: Vec<String>,
}

/// Every registered check's metadata, in registry order. The files are part of
/// the binary; a test proves each parses, so parsing here cannot fail at run time
/// for a built binary.
pub static CATALOG: LazyLock<Vec<CheckMeta>> = LazyLock::new(|| {
    REGISTRY
        .iter()
        .map(|check| match toml::from_str::<CheckMeta>(check.toml) {
            Ok(meta) => meta,
            Err(err) => panic!("checks/{}.toml is invalid (a build defect the test suite catches): {err}", check.id),
        })
        .collect()
});

pub fn meta(id: &str) -> Option<&'static CheckMeta> {
    CATALOG.iter().find(|m| m.id == id)
}
