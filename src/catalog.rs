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

/// Controls of the frameworks compliance teams are audited against.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    /// AWS Security Hub control ids (Foundational Security Best Practices), e.g. `ELB.6`.
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    Soc2,
    Iso27001,
    Cis,
    Fsbp,
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

    pub fn title(self) -> &'static str {
        match self {
            Framework::Soc2 => "SOC 2 (2017 Trust Services Criteria)",
            Framework::Iso27001 => "ISO/IEC 27001:2022 Annex A",
            Framework::Cis => "CIS AWS Foundations Benchmark v5.0.0",
            Framework::Fsbp => "AWS Foundational Security Best Practices",
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

    pub fn is_empty(&self) -> bool {
        Framework::ALL.iter().all(|f| self.controls(*f).is_empty())
    }

    /// `framework → control ids`, frameworks without controls left out.
    pub fn as_map(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        Framework::ALL
            .iter()
            .filter(|f| !self.controls(**f).is_empty())
            .map(|f| (f.key().to_string(), self.controls(*f).to_vec()))
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

pub static MANUAL: LazyLock<Vec<ManualControl>> =
    LazyLock::new(|| match toml::from_str::<ManualFile>(MANUAL_TOML) {
        Ok(file) => file.control,
        Err(err) => {
            panic!("checks/manual.toml is invalid (a build defect the test suite catches): {err}")
        }
    });

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
            assert_frameworks(&meta.id, &meta.frameworks);
            assert!(
                !meta.frameworks.is_empty()
                    || meta
                        .frameworks
                        .none
                        .as_deref()
                        .is_some_and(|n| !n.trim().is_empty()),
                "{}: maps to no framework control and does not say why (frameworks.none)",
                meta.id
            );
        }
    }

    /// Control ids well-formed for their framework, none twice.
    fn assert_frameworks(owner: &str, f: &Frameworks) {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        for framework in Framework::ALL {
            let controls = f.controls(framework);
            let unique: BTreeSet<&String> = controls.iter().collect();
            assert_eq!(
                unique.len(),
                controls.len(),
                "{owner}: a {} control is listed twice",
                framework.key()
            );
            for id in controls {
                let ok = match framework {
                    // ELB.6, CloudTrail.1, SecretsManager.4
                    Framework::Fsbp => id.split_once('.').is_some_and(|(s, n)| {
                        s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                            && s.chars().all(|c| c.is_ascii_alphanumeric())
                            && digits(n)
                    }),
                    // CC1.1–CC9.2, A1.1–A1.3, C1.1–C1.2, PI1.1–PI1.5, P1.1–P8.1
                    Framework::Soc2 => ["CC", "A", "C", "PI", "P"].iter().any(|p| {
                        id.strip_prefix(p)
                            .and_then(|r| r.split_once('.'))
                            .is_some_and(|(a, b)| digits(a) && digits(b))
                    }),
                    // A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34 (2022 Annex A)
                    Framework::Iso27001 => id
                        .strip_prefix("A.")
                        .and_then(|r| r.split_once('.'))
                        .is_some_and(|(t, n)| {
                            let max = match t {
                                "5" => 37,
                                "6" => 8,
                                "7" => 14,
                                "8" => 34,
                                _ => 0,
                            };
                            n.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
                        }),
                    // 1.4, 2.1.1, 5.5
                    Framework::Cis => {
                        let parts: Vec<&str> = id.split('.').collect();
                        (2..=3).contains(&parts.len())
                            && parts.iter().all(|p| digits(p))
                            && ["1", "2", "3", "4", "5"].contains(&parts[0])
                    }
                };
                assert!(
                    ok,
                    "{owner}: {} control {id:?} is not well-formed",
                    framework.key()
                );
            }
        }
    }

    #[test]
    fn manual_controls_are_valid() {
        let manual: Vec<ManualControl> = toml::from_str::<ManualFile>(MANUAL_TOML)
            .expect("checks/manual.toml parses")
            .control;
        assert!(!manual.is_empty());
        let mut ids = BTreeSet::new();
        for m in &manual {
            assert!(m.id.starts_with("manual-"), "{}", m.id);
            assert!(ids.insert(m.id.clone()), "{} twice", m.id);
            assert!(
                REGISTRY.iter().all(|c| c.id != m.id),
                "{} is also a check id",
                m.id
            );
            assert!(
                !m.title.trim().is_empty() && !m.description.trim().is_empty(),
                "{}",
                m.id
            );
            assert!(!m.guide.is_empty(), "{}: guide reference", m.id);
            assert_frameworks(&m.id, &m.frameworks);
            assert!(
                !m.frameworks.soc2.is_empty() || !m.frameworks.iso27001.is_empty(),
                "{}: maps to no SOC 2 or ISO 27001 control",
                m.id
            );
        }
    }

    #[test]
    fn every_metadata_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checks");
        for entry in std::fs::read_dir(&dir).expect("checks/ exists") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml")
                && path.file_name().is_some_and(|n| n != "manual.toml")
            {
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
