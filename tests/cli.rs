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
            for key in [
                "title",
                "severity",
                "tier",
                "service",
                "area",
                "frameworks",
                "opt_in",
                "applies_to",
            ] {
                assert!(!c[key].is_null(), "{} lacks {key}", c["id"]);
            }
            if c["id"] == "alb-https-only" {
                assert_eq!(c["applies_to"], serde_json::json!(["application"]));
            }
            c["id"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The ids of the project's copy of the catalog (`docs/catalog.tsv`).
fn catalog_copy_ids() -> BTreeSet<String> {
    let path = common::repo().join("docs/catalog.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
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
    let specified = catalog_copy_ids();
    assert!(specified.len() >= 54, "docs/catalog.tsv lost its rows");
    assert_eq!(
        ids, specified,
        "posture checks and docs/catalog.tsv disagree"
    );
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

/// The key `fsbp` holds ids of several Security Hub standards: it is shown
/// as "AWS Security Hub controls", and `securityhub` names it too.
#[test]
fn security_hub_controls_are_named_for_what_they_are() {
    let out = posture_cmd()
        .args(["explain", "alb-tls13-only"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("AWS Security Hub controls: ELB.17"), "{text}");
    assert!(!text.contains("Foundational"), "{text}");
    let out = posture_cmd().args(["checks"]).output().unwrap();
    let table = stdout(&out);
    assert!(table.contains("Security Hub ELB.17"), "{table}");
    assert!(!table.contains("fsbp "), "{table}");
    let snapshot = common::repo().join("tests/fixtures/hardened.inventory.json");
    for key in ["securityhub", "fsbp"] {
        let out = posture_cmd()
            .args(["audit", "--from-snapshot", snapshot.to_str().unwrap()])
            .args(["--compliance", key, "--fail-on", "never"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{key}: {}", stderr(&out));
        let table = stdout(&out);
        assert!(
            table.contains("AWS Security Hub controls: "),
            "{key}: {table}"
        );
    }
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

/// Several formats, computed once and written as DIR/report.<ext>; a path
/// that cannot be written is a one-line error and exit 2, nothing half-written.
#[test]
fn several_formats_into_a_directory() {
    let snapshot = common::repo().join("tests/fixtures/startup.inventory.json");
    let dir = std::env::temp_dir().join(format!("posture-output-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = posture_cmd()
        .args(["audit", "--from-snapshot", snapshot.to_str().unwrap()])
        .args(["--fail-on", "never", "--format", "json,table"])
        .args(["--output-dir", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["schema"], "posture.report/v1");
    let table = std::fs::read_to_string(dir.join("report.txt")).unwrap();
    assert!(table.contains("Verdict: "), "{table}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["report.json", "report.txt"],
        "no temporary file is left"
    );
    // The summary is for the person watching: on stderr.
    assert!(stderr(&out).contains("Verdict: "), "{}", stderr(&out));

    let blocked = dir.join("report.json").join("inside");
    let out = posture_cmd()
        .args(["audit", "--from-snapshot", snapshot.to_str().unwrap()])
        .args(["--fail-on", "never", "--format", "json", "--output"])
        .arg(&blocked)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

/// A bad baseline or a full evidence directory is refused before any work,
/// every problem at once, with exit 2; nothing is written.
#[test]
fn bad_baseline_and_occupied_evidence_directory_are_refused() {
    let snapshot = common::repo().join("tests/fixtures/startup.inventory.json");
    let dir = std::env::temp_dir().join(format!("posture-bad-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("evidence")).unwrap();
    std::fs::write(dir.join("evidence/keep.txt"), "mine").unwrap();
    std::fs::write(dir.join("old.json"), r#"{"schema":"posture.report/v0"}"#).unwrap();
    let run = |baseline: &str, evidence: bool| {
        let mut cmd = posture_cmd();
        cmd.args(["audit", "--from-snapshot", snapshot.to_str().unwrap()])
            .args(["--fail-on", "never", "--format", "json", "--baseline"])
            .arg(dir.join(baseline));
        if evidence {
            cmd.arg("--evidence").arg(dir.join("evidence"));
        }
        cmd.output().unwrap()
    };
    let out = run("old.json", true);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains("another posture version (posture.report/v0)"),
        "{err}"
    );
    assert!(
        err.contains("exists and is not empty: pass --force"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.join("evidence/keep.txt")).unwrap(),
        "mine"
    );

    for (file, expected) in [
        ("absent.json", "cannot read it"),
        ("../../", "cannot read it"),
    ] {
        let out = run(file, false);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{file}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }

    // A report of other accounts compares nothing: refused too.
    let mut other: Value = serde_json::from_str(&stdout(
        &posture_cmd()
            .args(["audit", "--from-snapshot", snapshot.to_str().unwrap()])
            .args(["--fail-on", "never", "--format", "json"])
            .output()
            .unwrap(),
    ))
    .unwrap();
    other["accounts"] = serde_json::json!(["999999999999"]);
    std::fs::write(dir.join("other.json"), other.to_string()).unwrap();
    let out = run("other.json", false);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no account in common"),
        "{}",
        stderr(&out)
    );

    let out = posture_cmd()
        .args(["diff", dir.join("old.json").to_str().unwrap()])
        .arg(dir.join("other.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("another posture version"),
        "{}",
        stderr(&out)
    );
    let out = posture_cmd()
        .args(["verify"])
        .arg(dir.join("evidence"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is this an evidence bundle?"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The README's list of actions is `posture permissions`' own, and the
/// Terraform form holds the same actions.
#[test]
fn the_readme_lists_exactly_the_policy_actions() {
    let out = posture_cmd()
        .args(["permissions", "--inspect-secret-values"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let policy: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(policy["Version"], "2012-10-17");
    assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    let actions: Vec<String> = policy["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let listed: Vec<String> = readme
        .split("--inspect-secret-values`; `tests/cli.rs` checks this list against it):\n\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README's action list")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(listed, actions);

    let plain = posture_cmd().args(["permissions"]).output().unwrap();
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    let without: Vec<&str> = plain["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!without.contains(&"secretsmanager:GetSecretValue"));
    assert_eq!(without.len() + 1, actions.len());

    let tf = posture_cmd()
        .args(["permissions", "--format", "terraform"])
        .output()
        .unwrap();
    let tf = stdout(&tf);
    for action in &without {
        assert!(tf.contains(&format!("\"{action}\",")), "{action}");
    }
    assert!(!tf.contains("GetSecretValue"));
}

/// Error paths never echo credentials: an audit that cannot reach AWS (here
/// a closed port) fails with exit 2, and neither the secret key nor the
/// session token it was given appears in anything it printed.
#[test]
fn a_failing_audit_prints_no_credential() {
    const SECRET: &str = "posture-canary-secret-key-8f3a1c";
    const TOKEN: &str = "posture-canary-session-token-5d9e2b";
    for extra in [&[][..], &["--timeout", "3s", "--format", "json"][..]] {
        let out = posture_cmd()
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN)
            .args([
                "audit",
                "--endpoint-url",
                "http://127.0.0.1:9",
                "--region",
                "us-east-1",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let printed = format!("{}{}", stdout(&out), stderr(&out));
        assert!(printed.contains("cannot reach AWS"), "{printed}");
        assert!(
            !printed.contains(SECRET) && !printed.contains(TOKEN),
            "{printed}"
        );
    }
}
