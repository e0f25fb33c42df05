//! Results grouped by the controls of one framework (`--compliance`).

use serde::{Deserialize, Serialize};

use crate::catalog::{self, CheckMeta, Framework};
use crate::finding::{Finding, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlState {
    /// Some finding of its checks fails.
    Fail,
    /// Nothing fails, but some finding is unknown.
    Unknown,
    /// Every finding of its checks passes (or is suppressed).
    Pass,
    /// Every finding passes, but a check behind it covers only part of the
    /// control (`partial` says what): the rest needs evidence of its own.
    Partial,
    /// Its checks found no resource to judge.
    NoResources,
    /// No API can observe it: evidence is gathered by hand.
    Manual,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ControlResult {
    pub id: String,
    pub status: ControlState,
    /// Automated checks (catalog ids) or manual controls (`manual-…`) behind it.
    pub checks: Vec<String>,
    pub failing: usize,
    pub passing: usize,
    pub unknown: usize,
    /// `check: what it covers` for each check that covers the control only in part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Compliance {
    pub framework: Framework,
    pub title: String,
    pub controls: Vec<ControlResult>,
}

/// Sort control ids naturally: `CC6.10` after `CC6.2`, `A.8.9` before `A.8.20`.
fn natural_key(id: &str) -> Vec<(String, u64)> {
    id.split('.')
        .map(|part| {
            let digits: String = part.chars().filter(|c| c.is_ascii_digit()).collect();
            let letters: String = part.chars().filter(|c| !c.is_ascii_digit()).collect();
            (letters, digits.parse().unwrap_or(0))
        })
        .collect()
}

pub fn group(framework: Framework, findings: &[Finding], ran: &[&str]) -> Compliance {
    let metas: Vec<&CheckMeta> = crate::checks::metas()
        .filter(|m| ran.contains(&m.id.as_str()))
        .collect();
    group_checks(framework, findings, &metas)
}

/// The results of the checks `metas` (those that ran), by control.
fn group_checks(framework: Framework, findings: &[Finding], metas: &[&CheckMeta]) -> Compliance {
    let mut controls: Vec<ControlResult> = Vec::new();
    let mut entry = |id: &str| -> usize {
        match controls.iter().position(|c| c.id == id) {
            Some(i) => i,
            None => {
                controls.push(ControlResult {
                    id: id.to_string(),
                    status: ControlState::NoResources,
                    checks: Vec::new(),
                    failing: 0,
                    passing: 0,
                    unknown: 0,
                    partial: Vec::new(),
                });
                controls.len() - 1
            }
        }
    };
    let mut indices = Vec::new();
    let mut partial = Vec::new();
    for meta in metas {
        for control in meta.frameworks.controls(framework) {
            let i = entry(control);
            indices.push((i, meta.id.clone()));
            if let Some(covers) = meta.frameworks.partial(framework, control) {
                partial.push((i, format!("{}: {covers}", meta.id)));
            }
        }
    }
    let mut manual = Vec::new();
    for m in catalog::MANUAL.iter() {
        for control in m.frameworks.controls(framework) {
            let i = entry(control);
            manual.push((i, m.id.clone()));
        }
    }
    for (i, check) in &indices {
        let c = &mut controls[*i];
        if !c.checks.contains(check) {
            c.checks.push(check.clone());
        }
        for f in findings.iter().filter(|f| &f.check == check) {
            match f.status {
                Status::Fail => c.failing += 1,
                Status::Unknown => c.unknown += 1,
                Status::Pass | Status::Suppressed => c.passing += 1,
            }
        }
    }
    for (i, covers) in partial {
        controls[i].partial.push(covers);
    }
    for (i, id) in &manual {
        let c = &mut controls[*i];
        if !c.checks.contains(id) {
            c.checks.push(id.clone());
        }
    }
    for c in &mut controls {
        let only_manual = c.checks.iter().all(|id| id.starts_with("manual-"));
        c.status = if c.failing > 0 {
            ControlState::Fail
        } else if c.unknown > 0 {
            ControlState::Unknown
        } else if c.passing > 0 && !c.partial.is_empty() {
            ControlState::Partial
        } else if c.passing > 0 {
            ControlState::Pass
        } else if only_manual {
            ControlState::Manual
        } else {
            ControlState::NoResources
        };
    }
    controls.sort_by_key(|c| natural_key(&c.id));
    Compliance {
        framework,
        title: framework.title().to_string(),
        controls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Severity, Tier};

    fn f(check: &str, status: Status) -> Finding {
        Finding {
            id: String::new(),
            check: check.into(),
            status,
            severity: Severity::High,
            tier: Tier::Baseline,
            account: "1".into(),
            region: "r".into(),
            resource: "x".into(),
            resource_name: "x".into(),
            message: String::new(),
            evidence: Default::default(),
            suppression: None,
            controls: Default::default(),
            change: None,
            previous_status: None,
            terraform: None,
        }
    }

    #[test]
    fn natural_order() {
        let mut ids = vec!["CC6.10", "CC6.2", "A1.2", "CC6.1"];
        ids.sort_by_key(|i| natural_key(i));
        assert_eq!(ids, ["A1.2", "CC6.1", "CC6.2", "CC6.10"]);
        let mut iso = vec!["A.8.20", "A.8.9", "A.5.15"];
        iso.sort_by_key(|i| natural_key(i));
        assert_eq!(iso, ["A.5.15", "A.8.9", "A.8.20"]);
    }

    #[test]
    fn a_control_passes_only_when_all_its_checks_pass() {
        let meta = crate::checks::meta("alb-deletion-protection").unwrap();
        let control = meta
            .frameworks
            .fsbp
            .first()
            .expect("alb-deletion-protection maps to an FSBP control")
            .clone();
        let ran = ["alb-deletion-protection"];
        let pass = group(
            Framework::Fsbp,
            &[f("alb-deletion-protection", Status::Pass)],
            &ran,
        );
        let c = pass.controls.iter().find(|c| c.id == control).unwrap();
        assert_eq!(c.status, ControlState::Pass);
        let mixed = group(
            Framework::Fsbp,
            &[
                f("alb-deletion-protection", Status::Pass),
                f("alb-deletion-protection", Status::Fail),
            ],
            &ran,
        );
        let c = mixed.controls.iter().find(|c| c.id == control).unwrap();
        assert_eq!((c.status, c.failing, c.passing), (ControlState::Fail, 1, 1));
        let unknown = group(
            Framework::Fsbp,
            &[f("alb-deletion-protection", Status::Unknown)],
            &ran,
        );
        assert_eq!(
            unknown
                .controls
                .iter()
                .find(|c| c.id == control)
                .unwrap()
                .status,
            ControlState::Unknown
        );
        let none = group(Framework::Fsbp, &[], &ran);
        assert_eq!(
            none.controls
                .iter()
                .find(|c| c.id == control)
                .unwrap()
                .status,
            ControlState::NoResources
        );
    }

    #[test]
    fn a_control_covered_in_part_is_partial_when_its_part_passes() {
        // A check whose CIS mapping is partial and whose SOC 2 mapping is whole.
        let mut meta = crate::checks::meta("alb-deletion-protection")
            .unwrap()
            .clone();
        meta.frameworks.cis = vec!["9.9".into()];
        meta.frameworks.soc2 = vec!["CC9.9".into()];
        meta.frameworks.partial = vec![catalog::Partial {
            framework: Framework::Cis,
            control: "9.9".into(),
            covers: "only the attribute".into(),
        }];
        let id = meta.id.clone();
        let run = |framework, status| group_checks(framework, &[f(&id, status)], &[&meta]);
        let pass = run(Framework::Cis, Status::Pass);
        let c = pass.controls.iter().find(|c| c.id == "9.9").unwrap();
        assert_eq!(c.status, ControlState::Partial);
        assert_eq!(c.partial, [format!("{id}: only the attribute")]);
        // A failure is a failure, partial or not.
        let fail = run(Framework::Cis, Status::Fail);
        let c = fail.controls.iter().find(|c| c.id == "9.9").unwrap();
        assert_eq!(c.status, ControlState::Fail);
        // The whole mapping passes.
        let soc2 = run(Framework::Soc2, Status::Pass);
        let c = soc2.controls.iter().find(|c| c.id == "CC9.9").unwrap();
        assert_eq!(c.status, ControlState::Pass);
    }

    #[test]
    fn manual_controls_are_listed_as_manual() {
        let framework = Framework::Soc2;
        let manual_only: Vec<&str> = catalog::MANUAL
            .iter()
            .flat_map(|m| m.frameworks.controls(framework).iter().map(String::as_str))
            .filter(|id| {
                !crate::checks::metas()
                    .any(|c| c.frameworks.controls(framework).iter().any(|x| x == id))
            })
            .collect();
        let result = group(framework, &[], &[]);
        for id in manual_only {
            assert_eq!(
                result.controls.iter().find(|c| c.id == id).unwrap().status,
                ControlState::Manual,
                "{id}"
            );
        }
        assert!(
            result
                .controls
                .iter()
                .any(|c| c.checks.iter().any(|x| x.starts_with("manual-")))
        );
    }
}
