//! The catalog commands, without AWS.

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;

use common::{posture_cmd, stderr, stdout};
use serde_json::Value;

fn catalog_ids() -> BTreeSet<String> {
    let out = posture_cmd()
        .args(["checks", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            for key in ["title", "severity", "tier", "service", "area", "frameworks"] {
                assert!(!c[key].is_null(), "{} lacks {key}", c["id"]);
            }
            c["id"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Every id in the first column of the spec's tables (`| id | pass when | …`).
fn spec_ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|id| {
            id.contains('-')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn checks_lists_every_catalog_id_with_its_metadata() {
    let ids = catalog_ids();
    let files: BTreeSet<String> = std::fs::read_dir(common::repo().join("checks"))
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .filter(|id| id != "manual")
        .collect();
    assert_eq!(ids, files);
    // The specification sits beside the repository (../shared), as in CI.
    let spec = common::repo().join("../shared/CATALOG.md");
    match std::fs::read_to_string(&spec) {
        Ok(text) => assert_eq!(
            ids,
            spec_ids(&text),
            "posture checks and CATALOG.md disagree"
        ),
        Err(_) => eprintln!(
            "note: {} not found; compared with checks/ only",
            spec.display()
        ),
    }
}

#[test]
fn explain_prints_why_fix_and_mappings() {
    let out = posture_cmd()
        .args(["explain", "state-bucket-versioning"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    for section in [
        "Why\n",
        "Fix\n",
        "Terraform\n",
        "AWS CLI\n",
        "resource \"aws_s3_bucket_versioning\"",
        "SOC 2",
        "guide: 002, 004",
    ] {
        assert!(text.contains(section), "no {section:?} in:\n{text}");
    }
    let unknown = posture_cmd()
        .args(["explain", "no-such-check"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown check id"));
}

/// `posture checks | head -1`: the reader goes away; posture must not panic.
/// The read end is closed before posture writes, so its first write fails.
#[test]
fn a_closed_pipe_is_not_a_crash() {
    for args in [
        &["checks"][..],
        &["checks", "--format", "json"],
        &["explain", "alb-https-only"],
    ] {
        let mut child = posture_cmd()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}
