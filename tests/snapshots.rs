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
    common::fixture(name).to_string_lossy().into_owned()
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

/// The table at `columns` (`COLUMNS`, as a terminal of that width would set).
fn table(name: &str, columns: u16, extra: &[&str]) -> String {
    let snapshot = fixture(name);
    let columns = columns.to_string();
    let mut args = vec!["audit", "--from-snapshot", &snapshot, "--fail-on", "never"];
    args.extend_from_slice(extra);
    let out = posture_cmd()
        .env("COLUMNS", &columns)
        .args(&args)
        .output()
        .expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// Every line fits in `columns`, and every failing check's id is whole on
/// the line of its block's header.
fn assert_readable(text: &str, columns: usize, name: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= columns,
            "{name}: wider than {columns}: {line:?}"
        );
    }
    let report: Value = serde_json::from_str(&audit(name, &["--format", "json"])).expect("JSON");
    for f in report["findings"].as_array().expect("findings") {
        if f["status"] == "fail" {
            let check = f["check"].as_str().expect("check id");
            let header = text
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(check))
                .unwrap_or_else(|| panic!("{name}: no header for {check}"));
            assert!(
                header.starts_with(&f["severity"].as_str().unwrap().to_uppercase()),
                "{header}"
            );
        }
    }
}

#[test]
fn startup_table_at_80_columns() {
    let text = table("startup", 80, &[]);
    assert_readable(&text, 80, "startup");
    insta::assert_snapshot!("startup_table_80", text);
}

#[test]
fn startup_table_at_120_columns() {
    let text = table("startup", 120, &[]);
    assert_readable(&text, 120, "startup");
    insta::assert_snapshot!("startup_table_120", text);
}

#[test]
fn hardened_table_with_passing_checks() {
    for columns in [80, 120] {
        let text = table("hardened", columns, &["--show-pass"]);
        assert_readable(&text, columns.into(), "hardened");
        insta::assert_snapshot!(format!("hardened_table_show_pass_{columns}"), text);
    }
}

#[test]
fn startup_table_with_details_is_the_wide_table() {
    let text = table("startup", 120, &["--details"]);
    assert_eq!(text, table("startup", 120, &["--format", "table-wide"]));
    insta::assert_snapshot!("startup_table_details_120", text);
}

/// Written to files, each view keeps its own default width and file name.
#[test]
fn both_tables_go_to_their_own_files() {
    let dir = std::env::temp_dir().join(format!("posture-tables-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let snapshot = fixture("startup");
    let out = posture_cmd()
        .env_remove("COLUMNS")
        .args(["audit", "--from-snapshot", &snapshot, "--fail-on", "never"])
        .args(["--format", "table,table-wide", "--output-dir"])
        .arg(&dir)
        .output()
        .expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let blocks = std::fs::read_to_string(dir.join("report.txt")).expect("report.txt");
    let wide = std::fs::read_to_string(dir.join("report-wide.txt")).expect("report-wide.txt");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(blocks, table("startup", 120, &[]));
    assert_eq!(wide, table("startup", 160, &["--details"]));
    assert!(wide.starts_with('┌') && !blocks.contains('┌'));
    // The person watching still gets the verdict.
    assert!(stderr(&out).contains("Verdict: "));
}
