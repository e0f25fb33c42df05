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
            Err(err) => panic!(
                "checks/{}.toml is invalid (a build defect the test suite catches): {err}",
                check.id
            ),
        })
        .collect()
});

pub fn meta(id: &str) -> Option<&'static CheckMeta> {
    CATALOG.iter().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_registered_check_has_valid_metadata() {
        let mut ids = BTreeSet::new();
        for check in REGISTRY {
            let meta: CheckMeta = toml::from_str(check.toml)
                .unwrap_or_else(|e| panic!("checks/{}.toml does not parse: {e}", check.id));
            assert_eq!(
                meta.id, check.id,
                "checks/{}.toml names another id",
                check.id
            );
            assert!(ids.insert(meta.id.clone()), "{} registered twice", meta.id);
            assert!(
                !meta.title.trim().is_empty() && meta.title.len() < 90,
                "{}: title",
                meta.id
            );
            assert!(!meta.rationale.trim().is_empty(), "{}: rationale", meta.id);
            assert!(
                !meta.remediation.summary.trim().is_empty(),
                "{}: remediation summary",
                meta.id
            );
            assert!(
                !meta.remediation.terraform.trim().is_empty(),
                "{}: terraform",
                meta.id
            );
            assert!(
                meta.remediation.cli.contains("aws "),
                "{}: the CLI fix names no aws command",
                meta.id
            );
            assert!(!meta.guide.is_empty(), "{}: guide reference", meta.id);
            for g in &meta.guide {
                let doc = &g[..3.min(g.len())];
                assert!(
                    ["000", "001", "002", "003", "004"].contains(&doc),
                    "{}: guide {g}",
                    meta.id
                );
            }
            for control in &meta.frameworks.fsbp {
                let (service, number) = control.split_once('.').unwrap_or_default();
                assert!(
                    !service.is_empty() && number.parse::<u32>().is_ok(),
                    "{}: FSBP control {control:?} is not like ELB.6",
                    meta.id
                );
            }
        }
    }

    #[test]
    fn every_metadata_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checks");
        for entry in std::fs::read_dir(&dir).expect("checks/ exists") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(
                    REGISTRY.iter().any(|c| c.id == id),
                    "checks/{id}.toml has no check function in the registry"
                );
            }
        }
    }

    #[test]
    fn catalog_matches_registry_order() {
        let ids: Vec<&str> = CATALOG.iter().map(|m| m.id.as_str()).collect();
        let registered: Vec<&str> = REGISTRY.iter().map(|c| c.id).collect();
        assert_eq!(ids, registered);
    }
}
