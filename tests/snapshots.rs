//! The fixture accounts' recorded inventories (`tests/fixtures/`, written by
//! `localstack/record-fixtures.sh`) re-checked offline, with every finding —
//! status, message and evidence, all part of the JSON contract — and the
//! rendered table pinned by insta snapshots (`tests/snapshots/`). The emulator
//! test (`tests/emulator.rs`) is the proof of collection; this is the proof of
//! what the checks and the table say about what was collected.

mod common;

use common::{posture_cmd, stderr, stdout};
use serde_json::Value;

fn fixture(name: &str) -> String {
    common::repo()
        .join("tests/fixtures")
        .join(format!("{name}.inventory.json"))
        .to_string_lossy()
        .into_owned()
}

fn audit(name: &str, extra: &[&str]) -> String {
    let snapshot = fixture(name);
    let mut args = vec!["audit", "--from-snapshot", &snapshot, "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = posture_cmd().args(&args).output().expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// What a finding says, without the fields derived from the table (severity,
/// tier, controls are pinned by the catalog tests).
fn findings(name: &str) -> Value {
    let report: Value = serde_json::from_str(&audit(name, &["--format", "json"])).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert!(findings.len() > 50, "{name}: {} findings", findings.len());
    // Finding ids are unique within a report (and pinned below, so unchanged
    // across runs and versions).
    let ids: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(ids.len(), findings.len(), "{name}: finding ids repeat");
    Value::Array(
        findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "id": f["id"], "check": f["check"], "status": f["status"],
                    "region": f["region"], "resource": f["resource"],
                    "resource_name": f["resource_name"], "message": f["message"],
                    "evidence": f["evidence"],
                })
            })
            .collect(),
    )
}

#[test]
fn startup_findings() {
    insta::assert_json_snapshot!("startup_findings", findings("startup"));
}

#[test]
fn hardened_findings() {
    insta::assert_json_snapshot!("hardened_findings", findings("hardened"));
}

#[test]
fn startup_table() {
    insta::assert_snapshot!("startup_table", audit("startup", &[]));
}

#[test]
fn hardened_table_with_passing_findings() {
    insta::assert_snapshot!(
        "hardened_table_show_pass",
        audit("hardened", &["--show-pass"])
    );
}
