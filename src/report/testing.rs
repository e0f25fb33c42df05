//! Reports of the fixture accounts for the formats' unit tests: the recorded
//! inventories of `tests/fixtures/` checked with default settings, as
//! `posture audit --from-snapshot` would.

use super::Report;
use crate::checks::{self, Selection, settings::Settings};

/// The report of fixture account `name` (`startup` or `hardened`).
pub fn fixture(name: &str) -> Report {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.inventory.json"));
    let inventory = crate::commands::load_snapshot(&path).expect("fixture inventory loads");
    let selection = Selection::default();
    let findings = checks::run(&inventory, &Settings::default(), &selection);
    Report::new(&inventory, findings, &selection, Vec::new())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixture_reports_have_findings_of_every_status_they_should() {
        let startup = super::fixture("startup");
        assert!(startup.count(crate::finding::Status::Fail) > 10);
        let hardened = super::fixture("hardened");
        assert_eq!(hardened.count(crate::finding::Status::Fail), 0);
    }
}
