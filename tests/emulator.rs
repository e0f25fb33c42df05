//! End to end: posture audits the seeded fixture accounts through the real
//! SDK against the emulator, and every (check, resource, status) is asserted.
//!
//! One emulator serves every scenario of this file; scenarios run in order in
//! one test so that the emulator is stopped (by PID) when it ends.

mod common;
#[path = "terraform_kit/expect.rs"]
mod expect;

use std::collections::BTreeSet;

use common::{Emulator, HARDENED, STARTUP, posture_cmd, stderr, stdout};
use serde_json::Value;

fn audit_json(emulator: &Emulator, extra: &[&str]) -> (Value, i32, String) {
    let mut args = vec!["audit", "--region", "us-east-1", "--format", "json"];
    args.extend_from_slice(extra);
    let out = emulator.posture(&args);
    let report: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(&out), stderr(&out)));
    (report, out.status.code().unwrap_or(-1), stderr(&out))
}

/// `check<TAB>resource name<TAB>status` lines of one account, sorted.
fn verdicts(report: &Value, account: &str) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["account"] == account)
        .map(|f| {
            format!(
                "{}\t{}\t{}",
                f["check"].as_str().unwrap(),
                f["resource_name"].as_str().unwrap(),
                f["status"].as_str().unwrap()
            )
        })
        .collect()
}

fn expected(name: &str) -> BTreeSet<String> {
    let path = common::repo().join("tests/expected").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// A readable difference, so a failure says which verdict moved.
fn assert_same(account: &str, got: &BTreeSet<String>, want: &BTreeSet<String>) {
    let missing: Vec<_> = want.difference(got).collect();
    let extra: Vec<_> = got.difference(want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "account {account}: findings differ from tests/expected\n-- expected but absent:\n{}\n-- present but not expected:\n{}",
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        extra
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// The gaps of one account.
fn gaps_of<'r>(report: &'r Value, account: &str) -> Vec<&'r Value> {
    report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["account"] == account)
        .collect()
}

/// Both fixture accounts were collected without a gap and judged exactly as
/// `tests/expected/` says.
fn fixtures_as_expected(report: &Value) {
    let gaps: Vec<&Value> = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["account"] == STARTUP || g["account"] == HARDENED)
        .collect();
    assert!(gaps.is_empty(), "unexpected gaps: {gaps:#?}");
    assert_same(
        STARTUP,
        &verdicts(report, STARTUP),
        &expected("startup.tsv"),
    );
    assert_same(
        HARDENED,
        &verdicts(report, HARDENED),
        &expected("hardened.tsv"),
    );
}

/// The directory of one scenario's files in this test run
/// (`posture-<name>-<pid>` in the temp dir), made if missing.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("posture-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A named part of the end-to-end test.
type Scenario = (&'static str, fn(&Emulator));

#[test]
fn emulator_end_to_end() {
    let emulator = Emulator::start();
    let scenarios: &[Scenario] = &[
        ("fixture_accounts", fixture_accounts),
        ("snapshot_round_trip", snapshot_round_trip),
        ("terraform_kits", terraform_kits),
        ("config_and_suppressions", config_and_suppressions),
        ("tier_restriction", tier_restriction),
        ("several_regions", several_regions),
        ("organization_in_two_regions", organization_in_two_regions),
        ("bad_input", bad_input),
        ("declared_s3_locking", declared_s3_locking),
        ("access_denied_becomes_a_gap", access_denied_becomes_a_gap),
        (
            "unread_rule_targets_never_pass",
            unread_rule_targets_never_pass,
        ),
        (
            "rotation_status_denied_is_unknown",
            rotation_status_denied_is_unknown,
        ),
        (
            "throttled_to_the_end_becomes_a_gap",
            throttled_to_the_end_becomes_a_gap,
        ),
        (
            "a_hung_service_ends_at_the_timeout",
            a_hung_service_ends_at_the_timeout,
        ),
        ("baseline_and_diff", baseline_and_diff),
        ("evidence_bundle", evidence_bundle),
        (
            "a_fifth_of_calls_failing_changes_nothing",
            a_fifth_of_calls_failing_changes_nothing,
        ),
        (
            "audited_with_exactly_the_policy",
            audited_with_exactly_the_policy,
        ),
        // Last: reading secret values marks them accessed today in the
        // emulator (secret-unused), so these three come after every other.
        ("secret_values_never_leak", secret_values_never_leak),
        ("the_policy_is_what_is_called", the_policy_is_what_is_called),
        ("every_call_is_a_read", every_call_is_a_read),
    ];
    // Every scenario runs, and every failure is reported, not only the first.
    let failed: Vec<&str> = scenarios
        .iter()
        .filter(|(_, scenario)| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scenario(&emulator))).is_err()
        })
        .map(|(name, _)| *name)
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} scenarios failed (each one's panic is printed above): {}",
        failed.len(),
        scenarios.len(),
        failed.join(", ")
    );
}

fn fixture_accounts(emulator: &Emulator) {
    let roles = [Emulator::role(STARTUP), Emulator::role(HARDENED)];
    let (report, code, err) = audit_json(
        emulator,
        &[
            "--role-arn",
            &roles[0],
            "--role-arn",
            &roles[1],
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, 0, "stderr: {err}");
    assert_eq!(report["schema"], "posture.report/v1");
    let accounts: BTreeSet<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    assert!(
        accounts.contains(STARTUP) && accounts.contains(HARDENED),
        "{accounts:?}"
    );
    // Every call is counted where it went, and the counts add up.
    let calls = report["stats"]["calls"].as_array().unwrap();
    let total: u64 = calls.iter().map(|c| c["calls"].as_u64().unwrap()).sum();
    assert_eq!(report["stats"]["api_calls"].as_u64(), Some(total));
    assert!(total > 50, "{total}");
    for c in calls {
        assert!(c["attempts"].as_u64() >= c["calls"].as_u64(), "{c}");
        assert_ne!(c["service"], "unknown", "every call is named: {c}");
    }
    let counted = |operation: &str| {
        calls
            .iter()
            .filter(|c| c["operation"] == operation)
            .map(|c| c["calls"].as_u64().unwrap())
            .sum::<u64>()
    };
    // Two accounts in one region, and the caller's own identity.
    assert!(counted("DescribeSecurityGroups") >= 2, "{calls:#?}");
    assert!(counted("GetAccountAuthorizationDetails") >= 2, "{calls:#?}");
    assert!(counted("GetCallerIdentity") >= 1, "{calls:#?}");
    // A bucket's configuration is read only where a state bucket is judged:
    // once per state-bucket-versioning finding; every bucket's keys are scanned.
    let findings_of = |check: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"] == check)
            .count() as u64
    };
    let state_buckets = findings_of("state-bucket-versioning");
    assert!(state_buckets >= 2, "{state_buckets}");
    for operation in ["GetBucketVersioning", "GetBucketLogging", "GetBucketPolicy"] {
        assert_eq!(counted(operation), state_buckets, "{operation}");
    }
    assert!(
        counted("ListObjectsV2") > state_buckets,
        "every bucket is scanned"
    );
    // Users' console, MFA and key facts come from the credential report
    // (one per account): no per-user login or MFA call, and ListAccessKeys
    // only for the users with an active key.
    assert_eq!(
        counted("GetCredentialReport"),
        3,
        "the caller's and two fixtures'"
    );
    assert_eq!(counted("GetLoginProfile"), 0, "{calls:#?}");
    assert_eq!(counted("ListMFADevices"), 0, "{calls:#?}");
    // startup's deploy and ci-bot; not hardened's alice, whose key is inactive.
    assert_eq!(counted("ListAccessKeys"), 2, "{calls:#?}");
    // Target groups: one listing per account and region with load balancers
    // (startup and hardened in us-east-1), not one per load balancer.
    assert!(findings_of("alb-deletion-protection") > 2);
    assert_eq!(counted("DescribeTargetGroups"), 2, "{calls:#?}");
    fixtures_as_expected(&report);

    // Every check of the catalog fails at least once in `startup` and never in `hardened`.
    let failing = |account: &str| -> BTreeSet<String> {
        verdicts(&report, account)
            .iter()
            .filter(|l| l.ends_with("\tfail"))
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    let checks: BTreeSet<String> = {
        let out = posture_cmd()
            .args(["checks", "--format", "json"])
            .output()
            .unwrap();
        let list: Value = serde_json::from_slice(&out.stdout).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let startup_failing = failing(STARTUP);
    let never_failed: Vec<_> = checks.difference(&startup_failing).collect();
    // Real S3 has encrypted every bucket by default since January 2023, so no
    // bucket can lack default encryption; the unit tests cover that failure.
    // secret-placeholder-value is opt-in: secret_values_never_leak runs it.
    // tf-ignores-reviewed and tf-no-secret-literals judge Terraform source
    // (--terraform-dir), which the fixture accounts are audited without;
    // tests/terraform_state.rs fails them on configurations of its own.
    assert_eq!(
        never_failed,
        vec![
            "secret-placeholder-value",
            "state-bucket-encryption",
            "tf-ignores-reviewed",
            "tf-no-secret-literals"
        ],
        "checks startup never fails"
    );
    assert!(
        failing(HARDENED).is_empty(),
        "hardened fails: {:?}",
        failing(HARDENED)
    );

    let tier = |account: &str| {
        let entry = report["by_account"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["account"] == account)
            .unwrap();
        (
            entry["tier"].as_str().unwrap().to_string(),
            entry["score"]["overall"].as_u64().unwrap(),
        )
    };
    let (startup_tier, startup_score) = tier(STARTUP);
    assert_eq!(startup_tier, "below-baseline");
    assert!(startup_score < 60, "startup scores {startup_score}");
    assert_eq!(tier(HARDENED), ("enterprise-grade".to_string(), 100));
}

/// Each fixture account audited live with both kits' states and its own
/// kit (one --terraform-dir per audit): every finding names the resource
/// block that made its resource, or says none did for the reason
/// tests/terraform_kit/expect.rs gives; startup's failing ones are exactly
/// tests/expected/startup.terraform.tsv, in JSON, SARIF and the table alike;
/// the state's secret_string is in no output. (tests/terraform_kit.rs checks
/// the same of the recorded inventories.)
fn terraform_kits(emulator: &Emulator) {
    for (kit, account) in [("startup", STARTUP), ("hardened", HARDENED)] {
        let role = Emulator::role(account);
        let mut args = vec!["--role-arn", &role, "--fail-on", "never"];
        let kit_args = expect::args(kit);
        args.extend(kit_args.iter().map(String::as_str));
        let (report, code, err) = audit_json(emulator, &args);
        assert_eq!(code, 0, "{kit}: {err}");
        assert!(!err.contains("posture: warning"), "{kit}: {err}");
        assert!(
            gaps_of(&report, account).is_empty(),
            "{kit}: {:#?}",
            gaps_of(&report, account)
        );
        let rows = expect::check_findings(kit, &report, account);
        let mut outputs = vec![
            ("json".to_string(), report.to_string()),
            ("stderr".to_string(), err),
        ];
        if kit == "startup" {
            expect::assert_pinned(kit, &rows);
            for format in ["sarif", "table"] {
                let mut live = vec!["audit", "--region", "us-east-1", "--format", format];
                live.extend_from_slice(&args);
                let out = emulator.posture(&live);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{kit} {format}: {}",
                    stderr(&out)
                );
                if format == "sarif" {
                    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
                    expect::check_sarif(&sarif, &report, account);
                } else {
                    expect::check_table(&stdout(&out), &report, account);
                }
                outputs.push((format.to_string(), stdout(&out)));
                outputs.push((format!("{format} stderr"), stderr(&out)));
            }
        } else {
            assert!(rows.is_empty(), "hardened fails: {rows:#?}");
        }
        let outputs: Vec<(&str, &str)> = outputs
            .iter()
            .map(|(w, t)| (w.as_str(), t.as_str()))
            .collect();
        expect::no_canary(&outputs);
    }
}

/// A posture.toml with a live, an expired and a stale suppression, a threshold,
/// a severity override and a skipped check, applied to `startup`.
fn config_and_suppressions(emulator: &Emulator) {
    let dir = scratch_dir("config");
    let config = dir.join("posture.toml");
    std::fs::write(
        &config,
        r#"[thresholds]
access_key_max_age_days = 365

[checks]
skip = ["alb-tls13-only"]
severity = { "alb-access-logs" = "high" }

[[suppress]]
check = "alb-waf-attached"
resource = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/startup-web/*"
reason = "CloudFront with AWS WAF fronts this ALB"
expires = 2099-12-31
owner = "platform"

[[suppress]]
check = "alb-drop-invalid-headers"
resource = "arn:aws:elasticloadbalancing:*"
reason = "accepted last year"
expires = 2020-01-01

[[suppress]]
check = "vpc-flow-logs"
resource = "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-gone"
reason = "deleted VPC"
expires = 2099-12-31

[[suppress]]
check = "alb-tls13-only"
resource = "arn:aws:elasticloadbalancing:*"
reason = "skipped above, so not judged"
expires = 2099-12-31
"#,
    )
    .unwrap();
    let role = Emulator::role(STARTUP);
    let (report, code, err) = audit_json(
        emulator,
        &["--role-arn", &role, "--config", config.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == STARTUP)
        .collect();
    let find = |check: &str, name: &str| -> &Value {
        findings
            .iter()
            .find(|f| f["check"] == check && f["resource_name"] == name)
            .unwrap_or_else(|| panic!("no finding {check} {name}"))
    };

    let waf = find("alb-waf-attached", "startup-web");
    assert_eq!(waf["status"], "suppressed");
    assert_eq!(waf["suppression"]["status"], "fail");
    assert_eq!(
        waf["suppression"]["reason"],
        "CloudFront with AWS WAF fronts this ALB"
    );
    assert_eq!(waf["suppression"]["owner"], "platform");
    assert!(
        waf["evidence"].as_object().is_some_and(|e| !e.is_empty()),
        "evidence is kept"
    );
    // The glob names one load balancer only.
    assert_eq!(find("alb-waf-attached", "startup-api")["status"], "pass");
    // Expired: no longer applies.
    assert_eq!(
        find("alb-drop-invalid-headers", "startup-web")["status"],
        "fail"
    );
    assert!(
        err.contains("posture.toml:15: suppression of alb-drop-invalid-headers"),
        "{err}"
    );
    assert!(err.contains("expired on 2020-01-01"), "{err}");
    assert!(
        err.contains("posture.toml:21: suppression of vpc-flow-logs"),
        "{err}"
    );
    assert!(err.contains("matched no failing finding"), "{err}");
    // Its check is skipped: the suppression is not judged, and not "stale".
    assert!(
        err.contains("posture.toml:27: suppression of alb-tls13-only on arn:aws:elasticloadbalancing:* was not checked"),
        "{err}"
    );
    // The same warnings are in the report.
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    for warning in &warnings {
        assert!(err.contains(warning), "{warning} is not on stderr: {err}");
    }
    // Threshold: the 200-day key is within 365 days.
    assert_eq!(find("iam-access-keys-rotated", "deploy")["status"], "pass");
    assert_eq!(find("alb-access-logs", "startup-web")["severity"], "high");
    assert!(!findings.iter().any(|f| f["check"] == "alb-tls13-only"));
    assert!(
        report["skipped_checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "alb-tls13-only")
    );

    // A config error stops posture before any AWS call (nothing listens on port 9).
    // Every error of the file is reported at once.
    std::fs::write(
        &config,
        "[network]\ntrusted_admin_cidrs = [\"10.0.0.0/33\"]\n\n[checks]\nskip = [\"alb-nope\"]\n",
    )
    .unwrap();
    let out = posture_cmd()
        .args([
            "audit",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--config",
            config.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    for line in [
        "posture.toml:2: network.trusted_admin_cidrs",
        "posture.toml:5: checks.skip",
    ] {
        assert!(stderr(&out).contains(line), "{}", stderr(&out));
    }
    assert!(!stderr(&out).contains("cannot reach"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

fn tier_restriction(emulator: &Emulator) {
    let role = Emulator::role(HARDENED);
    let (report, code, err) = audit_json(emulator, &["--role-arn", &role, "--tier", "baseline"]);
    assert_eq!(
        code, 1,
        "moto's default account fails baseline checks: {err}"
    );
    let tiers: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["tier"].as_str())
        .collect();
    assert_eq!(tiers, BTreeSet::from(["baseline"]));
    let hardened = report["by_account"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account"] == HARDENED)
        .unwrap();
    // Enterprise checks did not run: Enterprise-Grade cannot be proven.
    assert_eq!(hardened["tier"], "startup-ready");
}

fn snapshot_round_trip(emulator: &Emulator) {
    let dir = scratch_dir("snapshot");
    let snapshot = dir.join("inventory.json");
    let role = Emulator::role(STARTUP);
    let (live, live_code, _) = audit_json(
        emulator,
        &[
            "--role-arn",
            &role,
            "--save-snapshot",
            snapshot.to_str().unwrap(),
        ],
    );
    // Default --fail-on high: the startup account has high and critical failures.
    assert_eq!(live_code, 1);
    let out = posture_cmd()
        .args([
            "audit",
            "--format",
            "json",
            "--from-snapshot",
            snapshot.to_str().unwrap(),
        ])
        .env("AWS_ACCESS_KEY_ID", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let replay: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        live["findings"], replay["findings"],
        "a snapshot re-check must give the same findings"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Terraform 1.10+ locks with a lock file no read-only call can see: declared
/// in posture.toml, `state-lock-table` passes on that declaration.
fn declared_s3_locking(emulator: &Emulator) {
    let dir = scratch_dir("lock");
    let config = dir.join("posture.toml");
    std::fs::write(&config, "[state]\nlock = \"s3\"\n").unwrap();
    let role = Emulator::role(STARTUP);
    let (report, _, err) = audit_json(
        emulator,
        &[
            "--role-arn",
            &role,
            "--config",
            config.to_str().unwrap(),
            "--checks",
            "state-lock-table",
        ],
    );
    let lock = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["account"] == STARTUP && f["resource_name"] == "Terraform state lock")
        .unwrap_or_else(|| panic!("no Terraform state lock finding: {err}"));
    assert_eq!(lock["status"], "pass", "{lock:#}");
    assert_eq!(lock["evidence"]["lock"], "s3", "{lock:#}");
    std::fs::remove_dir_all(&dir).ok();
}

fn bad_input(emulator: &Emulator) {
    let cases: [(&[&str], &str); 5] = [
        (
            &["audit", "--region", "not-a-region"],
            "is not a region name",
        ),
        // A region the account has not opted in to: refused before the audit.
        (
            &["audit", "--region", "ap-east-1"],
            "region ap-east-1 is not enabled for this account",
        ),
        (&["audit", "--region", "xx-nowhere-9"], "does not exist"),
        (&["audit", "--checks", "no-such-check"], "unknown check id"),
        (
            &["audit", "--role-arn", "arn:aws:iam::1:user/x"],
            "is not an IAM role ARN",
        ),
    ];
    for (args, message) in cases {
        let out = emulator.posture(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }

    // Nothing listens on port 9 of loopback.
    let out = posture_cmd()
        .args(["audit", "--endpoint-url", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot reach AWS"),
        "{}",
        stderr(&out)
    );

    let out = posture_cmd()
        .args(["audit", "--endpoint-url", &emulator.endpoint])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no usable AWS credentials"),
        "{}",
        stderr(&out)
    );

    let dir = scratch_dir("bad");
    for (name, text, message) in [
        (
            "report.json",
            r#"{"schema":"posture.report/v1"}"#,
            "not a posture snapshot",
        ),
        ("garbage.json", "{not json", "is not JSON"),
        (
            "damaged.json",
            r#"{"schema":"posture.inventory/v2","accounts":7}"#,
            "is damaged",
        ),
        (
            "older.json",
            r#"{"schema":"posture.inventory/v1","accounts":[]}"#,
            "is a snapshot of another posture version (posture.inventory/v1); this one reads posture.inventory/v2",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = posture_cmd()
            .args(["audit", "--from-snapshot", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{name}: {}", stderr(&out));
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Undoes `localstack/drift.py apply` when dropped, even after a failed assertion.
struct Drift<'e>(&'e Emulator);

impl<'e> Drift<'e> {
    fn apply(emulator: &'e Emulator) -> Drift<'e> {
        emulator.drift("apply");
        Drift(emulator)
    }
}

impl Drop for Drift<'_> {
    fn drop(&mut self) {
        self.0.drift("revert");
    }
}

/// Two audits of the startup account, before and after a change in the
/// emulator: `--baseline` marks what is new and changed and lists what was
/// resolved; `posture diff` says the same and fails on the new failure.
fn baseline_and_diff(emulator: &Emulator) {
    let dir = scratch_dir("baseline");
    let old = dir.join("old.json");
    let new = dir.join("new.json");
    let role = Emulator::role(STARTUP);
    let base = [
        "audit",
        "--region",
        "us-east-1",
        "--role-arn",
        &role,
        "--fail-on",
        "never",
    ];
    let mut args = base.to_vec();
    args.extend(["--format", "json", "--output", old.to_str().unwrap()]);
    let out = emulator.posture(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let drift = Drift::apply(emulator);
    let mut args = base.to_vec();
    args.extend(["--baseline", old.to_str().unwrap()]);
    let table = emulator.posture(&args);
    args.extend(["--format", "json", "--output", new.to_str().unwrap()]);
    let out = emulator.posture(&args);
    drop(drift);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let before: Value = serde_json::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&new).unwrap()).unwrap();
    let findings = after["findings"].as_array().unwrap();
    let with = |change: &str| -> Vec<&Value> {
        findings.iter().filter(|f| f["change"] == change).collect()
    };
    // What is new is the drift group's, and it fails the admin-ports check.
    let new_findings = with("new");
    assert!(!new_findings.is_empty());
    for f in &new_findings {
        assert!(
            f["resource_name"]
                .as_str()
                .unwrap()
                .ends_with("/drift-ssh-open"),
            "{f:#}"
        );
    }
    assert!(
        new_findings
            .iter()
            .any(|f| f["check"] == "sg-admin-ports-from-internet" && f["status"] == "fail")
    );
    // What changed is deletion protection, from fail to pass, and it is resolved.
    let changed = with("changed");
    assert!(!changed.is_empty());
    for f in &changed {
        assert_eq!(f["check"], "alb-deletion-protection", "{f:#}");
        assert_eq!(
            (&f["previous_status"], &f["status"]),
            (&Value::from("fail"), &Value::from("pass"))
        );
    }
    let resolved = after["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), changed.len(), "{resolved:#?}");
    assert!(
        resolved
            .iter()
            .all(|r| r["now"] == "pass" && r["was"]["status"] == "fail")
    );
    assert_eq!(
        with("unchanged").len() + new_findings.len() + changed.len(),
        findings.len()
    );
    assert_eq!(
        before["findings"].as_array().unwrap().len() + new_findings.len(),
        findings.len()
    );
    assert_eq!(after["baseline"]["started_at"], before["started_at"]);
    // The table says it first.
    let text = stdout(&table);
    assert!(text.starts_with("Since the baseline of "), "{text}");
    assert!(text.contains("drift-ssh-open"), "{text}");

    let diff = |extra: &[&str]| {
        let mut args = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
        args.extend_from_slice(extra);
        emulator.posture(&args)
    };
    let out = diff(&[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a new critical failure: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("drift-ssh-open") && text.contains("(was fail, now passes)"),
        "{text}"
    );
    assert_eq!(diff(&["--fail-on", "never"]).status.code(), Some(0));
    let out = diff(&["--format", "json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["summary"]["new"].as_u64().unwrap() as usize,
        new_findings
            .iter()
            .filter(|f| f["status"] != "pass")
            .count()
    );
    assert_eq!(
        doc["summary"]["resolved"].as_u64().unwrap() as usize,
        resolved.len()
    );
    // The other way round, the drift group's findings are resolved (gone)
    // and nothing newly fails.
    let out = emulator.posture(&[
        "diff",
        new.to_str().unwrap(),
        old.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(doc["resolved"].as_array().unwrap().iter().any(|r| {
        r["now"] == "gone"
            && r["was"]["resource_name"]
                .as_str()
                .unwrap()
                .ends_with("/drift-ssh-open")
    }));
    std::fs::remove_dir_all(&dir).ok();
}

/// The evidence bundle of an audit: every file it promises, hashed in the
/// manifest; `posture verify` passes it, then names a changed, a missing and
/// an extra file; an existing bundle is refused without --force.
fn evidence_bundle(emulator: &Emulator) {
    let dir = std::env::temp_dir().join(format!("posture-evidence-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bundle = dir.join("bundle");
    let role = Emulator::role(STARTUP);
    let args = [
        "audit",
        "--region",
        "us-east-1",
        "--role-arn",
        &role,
        "--fail-on",
        "never",
        "--evidence",
        bundle.to_str().unwrap(),
    ];
    let out = emulator.posture(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("evidence bundle written to"),
        "{}",
        stderr(&out)
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(bundle.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["schema"], "posture.evidence/v1");
    // Each audited account with the identity that read it.
    let startup = manifest["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account"] == STARTUP)
        .expect("the startup account is in the manifest");
    assert!(
        startup["caller_arn"]
            .as_str()
            .unwrap()
            .contains(":assumed-role/posture-audit/"),
        "{startup}"
    );
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for expected in [
        "report.json",
        "report.csv",
        "report.html",
        "inventory.json",
        "compliance/soc2.json",
        "compliance/soc2.csv",
        "compliance/iso27001.csv",
        "manual-controls.md",
    ] {
        assert!(files.contains(&expected), "{expected} not in {files:?}");
    }
    let verify = || emulator.posture(&["verify", bundle.to_str().unwrap()]);
    let out = verify();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));

    // Written again without --force: refused, and the bundle is untouched.
    let out = emulator.posture(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("exists and is not empty: pass --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(verify().status.code(), Some(0));

    // Tampering: one changed, one missing, one extra file, all named.
    let soc2 = bundle.join("compliance/soc2.csv");
    let mut text = std::fs::read_to_string(&soc2).unwrap();
    text.push_str("CC6.1,pass,forged,,,,,,pass,\n");
    std::fs::write(&soc2, text).unwrap();
    std::fs::remove_file(bundle.join("manual-controls.md")).unwrap();
    std::fs::write(bundle.join("compliance/extra.csv"), "x").unwrap();
    let out = verify();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in [
        "changed: compliance/soc2.csv",
        "missing: manual-controls.md",
        "extra: compliance/extra.csv",
    ] {
        assert!(text.contains(line), "{line} not in {text}");
    }
    // --force replaces the whole bundle, which verifies again.
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = emulator.posture(&forced);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(verify().status.code(), Some(0), "{}", stdout(&verify()));
    std::fs::remove_dir_all(&dir).ok();
}

/// The opt-in placeholder check reads values; no output may contain one. The
/// seeded values (localstack/seed.py) and the plain environment values of the
/// startup task definition are searched for in every output posture writes.
fn secret_values_never_leak(emulator: &Emulator) {
    const SEEDED: [&str; 9] = [
        r#"{"username":"app","password":"CHANGE_ME"}"#,
        "your-stripe-key",
        "whsec_Q2f9Lk3vT8mZpR1x",
        "r7Vq-2mKx-9LpZ-4wTb",
        "ak_live_8Jf3Qz1mN6vR2tY5",
        "rk_live_51Hx7Gd2Kq9Lm4Np",
        // Environment variable values of startup-web:1.
        "pg-Startup-2026",
        "sk_test_51StartupFixture0000",
        "CHANGE_ME",
    ];
    let dir = scratch_dir("secrets");
    let snapshot = dir.join("inventory.json");
    let report_file = dir.join("report.json");
    let roles = [Emulator::role(STARTUP), Emulator::role(HARDENED)];
    let common = [
        "--role-arn",
        &roles[0],
        "--role-arn",
        &roles[1],
        "--inspect-secret-values",
        "--region",
        "us-east-1",
    ];

    // An error that echoes the request, session token included (S3's
    // SignatureDoesNotMatch quotes its canonical request): the token must
    // not reach any output either. moto's session tokens start so.
    const SESSION_TOKEN: &str = "FQoGZXIvYXdzEBYaD";
    emulator.fault(&format!(
        r#"{{"account": "{STARTUP}", "target": "Logs_20140328.DescribeLogGroups", "error": "echo"}}"#
    ));
    let mut args = vec![
        "audit",
        "--format",
        "json",
        "--output",
        report_file.to_str().unwrap(),
    ];
    args.extend_from_slice(&common);
    let bundle = dir.join("evidence");
    args.extend_from_slice(&["--save-snapshot", snapshot.to_str().unwrap()]);
    args.extend_from_slice(&["--evidence", bundle.to_str().unwrap(), "--force"]);
    let json_run = emulator.posture(&args);
    let mut table_args = vec!["audit", "--show-pass"];
    table_args.extend_from_slice(&common);
    let table_run = emulator.posture(&table_args);
    // Every other format, each into its own file.
    let formats_dir = dir.join("formats");
    let mut format_args = vec![
        "audit",
        "--format",
        "table-wide,sarif,ocsf,asff,junit,csv,html",
        "--output-dir",
        formats_dir.to_str().unwrap(),
        "--show-pass",
    ];
    format_args.extend_from_slice(&common);
    let formats_run = emulator.posture(&format_args);
    emulator.fault(r#"{"clear": true}"#);
    assert!(
        formats_run.status.code() == Some(1) || formats_run.status.success(),
        "{}",
        stderr(&formats_run)
    );

    let report_text = std::fs::read_to_string(&report_file).unwrap();
    let mut outputs = vec![
        ("json report".to_string(), report_text.clone()),
        ("json stderr".to_string(), stderr(&json_run)),
        (
            "snapshot".to_string(),
            std::fs::read_to_string(&snapshot).unwrap(),
        ),
        ("table".to_string(), stdout(&table_run)),
        ("table stderr".to_string(), stderr(&table_run)),
    ];
    // Every file of the evidence bundle.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(bundle.join("manifest.json")).unwrap())
            .unwrap();
    for file in manifest["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        outputs.push((
            format!("evidence {path}"),
            std::fs::read_to_string(bundle.join(path)).unwrap(),
        ));
    }
    outputs.push(("formats stderr".to_string(), stderr(&formats_run)));
    let mut written: Vec<_> = std::fs::read_dir(&formats_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    written.sort();
    assert_eq!(written.len(), 7, "{written:?}");
    for path in written {
        outputs.push((
            format!("format {}", path.display()),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    assert!(outputs.len() > 10, "the bundle has its files");
    for (what, text) in &outputs {
        if what.starts_with("evidence ") {
            assert!(!text.is_empty(), "{what} is empty");
        } else if !what.ends_with("stderr") {
            assert!(text.len() > 1000, "{what} is suspiciously short");
        }
        // SARIF and OCSF carry each rule's rationale, which names the
        // placeholder words it looks for (`CHANGE_ME` among them, quoted
        // so): the catalog's own words, not a value read.
        let text = text.replace("`CHANGE_ME`", "");
        for value in SEEDED {
            assert!(
                !text.contains(value),
                "{what} contains the secret value {value:?}"
            );
        }
        assert!(
            !text.contains(SESSION_TOKEN),
            "{what} contains a session token"
        );
    }

    let report: Value = serde_json::from_str(&report_text).unwrap();
    // The echo was made, and what it quoted was scrubbed.
    let echoed = report["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["account"] == STARTUP && g["operation"] == "DescribeLogGroups")
        .unwrap_or_else(|| panic!("no echoed gap: {:#}", report["gaps"]));
    let error = echoed["error"].as_str().unwrap();
    assert!(
        error.contains("X-Amz-Security-Token: [redacted credential]"),
        "{error}"
    );
    let verdict = |name: &str| -> String {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "secret-placeholder-value" && f["resource_name"] == name)
            .map(|f| f["status"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no placeholder finding for {name}"))
    };
    assert_eq!(verdict("startup/db-password"), "fail");
    assert_eq!(verdict("startup/api-keys"), "fail");
    assert_eq!(verdict("startup/stripe-webhook"), "pass");
    assert_eq!(verdict("prod/db-password"), "pass");
    assert_eq!(verdict("prod/api-keys"), "pass");
    // Without the flag the check does not run at all.
    let (plain, _, _) = audit_json(emulator, &["--role-arn", &roles[0]]);
    assert!(
        !plain["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check"] == "secret-placeholder-value")
    );
    assert!(
        plain["skipped_checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "secret-placeholder-value")
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A fifth of the requests' first attempts fail, in every protocol's own
/// form (EC2 RequestLimitExceeded, query Throttling, JSON
/// ThrottlingException, S3 SlowDown), as 500s, 503s and connection resets:
/// the SDK's retries recover every one, so the findings are exactly a clean
/// run's and there is no gap.
fn a_fifth_of_calls_failing_changes_nothing(emulator: &Emulator) {
    let dir = scratch_dir("faults");
    let record = dir.join("requests.jsonl");
    let (startup, hardened) = (Emulator::role(STARTUP), Emulator::role(HARDENED));
    let args = [
        "--role-arn",
        &startup,
        "--role-arn",
        &hardened,
        "--region",
        "us-east-1",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    let proxy = emulator.proxy(&record, &["--fault-rate", "0.2", "--fault-seed", "7"]);
    let out = proxy.audit(&args);
    drop(proxy);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    fixtures_as_expected(&report);
    assert!(
        report["stats"]["retries"].as_u64().unwrap() > 20,
        "{}",
        report["stats"]["retries"]
    );
    let faults: BTreeSet<String> = std::fs::read_to_string(&record)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|r| r["fault"].as_str().map(str::to_string))
        .collect();
    for kind in [
        "RequestLimitExceeded",
        "Throttling",
        "ThrottlingException",
        "SlowDown",
        "500",
        "503",
        "reset",
    ] {
        assert!(
            faults.contains(kind),
            "no {kind} fault was made: {faults:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Read-only, proven on the wire: a recording proxy between posture and the
/// emulator sees every request of full audits (five accounts, two regions,
/// with and without secret values), and each is a read: an operation named
/// Describe*, List*, Get* (or AssumeRole and GenerateCredentialReport, by
/// name), or for the REST protocols (S3, GuardDuty) a GET or HEAD.
fn every_call_is_a_read(emulator: &Emulator) {
    let dir = scratch_dir("wire");
    let record = dir.join("requests.jsonl");
    let proxy = emulator.recording_proxy(&record);
    let (startup, hardened) = (Emulator::role(STARTUP), Emulator::role(HARDENED));
    let audit = [
        "--org-role",
        "posture-audit",
        "--role-arn",
        &startup,
        "--role-arn",
        &hardened,
        "--region",
        "us-east-1",
        "--region",
        "eu-west-1",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    for extra in [&[][..], &["--inspect-secret-values"][..]] {
        let mut args = audit.to_vec();
        args.extend_from_slice(extra);
        let out = proxy.audit(&args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    drop(proxy);
    let lines: Vec<Value> = std::fs::read_to_string(&record)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 500, "{} requests recorded", lines.len());
    let by_name = ["AssumeRole", "GenerateCredentialReport"];
    let mut named = BTreeSet::new();
    for r in &lines {
        let method = r["method"].as_str().unwrap();
        match r["operation"].as_str() {
            Some(op) => {
                let read = ["Describe", "List", "Get"]
                    .iter()
                    .any(|p| op.starts_with(p));
                assert!(read || by_name.contains(&op), "not a read: {r}");
                named.insert(op.to_string());
            }
            None => assert!(method == "GET" || method == "HEAD", "not a read: {r}"),
        }
        assert!(r["service"].is_string(), "an unsigned request: {r}");
    }
    for op in [
        "AssumeRole",
        "GenerateCredentialReport",
        "GetSecretValue",
        "ListAccounts",
    ] {
        assert!(named.contains(op), "{op} never seen on the wire");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `posture permissions` is the collector's own list: every call of an audit
/// that reaches every kind of call (five accounts, two regions, secret
/// values) is declared with its IAM action, and every declared operation an
/// audit of the emulator can reach is called.
fn the_policy_is_what_is_called(emulator: &Emulator) {
    use posture::collect::operations::{self, When};
    let (startup, hardened) = (Emulator::role(STARTUP), Emulator::role(HARDENED));
    let (report, code, err) = audit_json(
        emulator,
        &[
            "--org-role",
            "posture-audit",
            "--role-arn",
            &startup,
            "--role-arn",
            &hardened,
            "--region",
            "eu-west-1",
            "--inspect-secret-values",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let out = posture_cmd()
        .args(["permissions", "--inspect-secret-values"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let policy: Value = serde_json::from_slice(&out.stdout).unwrap();
    let allowed: BTreeSet<&str> = policy["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut called = BTreeSet::new();
    for c in report["stats"]["calls"].as_array().unwrap() {
        let (service, name) = (
            c["service"].as_str().unwrap(),
            c["operation"].as_str().unwrap(),
        );
        let declared = operations::find(service, name)
            .unwrap_or_else(|| panic!("{service} {name} is called but not declared"));
        assert!(
            declared.actions().all(|a| allowed.contains(a)),
            "{declared:?}"
        );
        called.insert((service, name));
    }
    // The operations an audit of the emulator cannot reach: the credential
    // report always answers here, and moto's ListBuckets gives every
    // bucket's region.
    let unreachable = [When::CredentialReportFallback, When::NoListedRegion];
    let never: Vec<_> = operations::ALL
        .iter()
        .filter(|o| !unreachable.contains(&o.when))
        .filter(|o| !called.contains(&(o.service, o.name)))
        .collect();
    assert!(never.is_empty(), "declared but never called: {never:#?}");
    let declared: BTreeSet<&str> = operations::ALL.iter().flat_map(|o| o.actions()).collect();
    assert_eq!(
        allowed, declared,
        "the policy holds the declared actions, nothing else"
    );
}

/// `localstack/least_privilege.py` against this emulator: its JSON answer.
fn least_privilege(emulator: &Emulator, dir: &std::path::Path, args: &[&str]) -> Value {
    let out = std::process::Command::new(common::python())
        .arg(common::repo().join("localstack/least_privilege.py"))
        .args(["--endpoint", &emulator.endpoint, "--state"])
        .arg(dir)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "least_privilege.py {args:?}: {}",
        stderr(&out)
    );
    serde_json::from_str(stdout(&out).trim()).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

/// Turns the emulator's IAM enforcement off and deletes the auditor's
/// identities when the scenario ends, passed or failed.
struct Revoke<'a> {
    emulator: &'a Emulator,
    dir: std::path::PathBuf,
    from: String,
}

impl Drop for Revoke<'_> {
    fn drop(&mut self) {
        least_privilege(
            self.emulator,
            &self.dir,
            &["revoke", "--account", STARTUP, "--from", &self.from],
        );
    }
}

/// The startup account audited by the auditor user, only through a role
/// (`--assumed-only`): the report, its gaps and its findings as (check,
/// resource, status).
fn audit_as(
    emulator: &Emulator,
    key: &Value,
    role_arn: &str,
    extra: &[&str],
) -> (Value, Vec<Value>, BTreeSet<(String, String, String)>) {
    let out = posture_cmd()
        .env("AWS_ACCESS_KEY_ID", key["access_key_id"].as_str().unwrap())
        .env(
            "AWS_SECRET_ACCESS_KEY",
            key["secret_access_key"].as_str().unwrap(),
        )
        .args([
            "audit",
            "--role-arn",
            role_arn,
            "--assumed-only",
            "--region",
            "us-east-1",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--endpoint-url",
            &emulator.endpoint,
        ])
        .args(extra)
        .output()
        .expect("posture runs");
    let report: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stderr(&out)));
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["account"] == STARTUP),
        "only the assumed account is audited"
    );
    let gaps = report["gaps"].as_array().unwrap().clone();
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (report, gaps, findings)
}

/// The policy `posture permissions` prints is all an audit needs, and each of
/// its actions is needed: an auditor role holding exactly that policy audits
/// the startup account with no gap and the expected verdicts, with moto's IAM
/// enforcement on; with any one action taken out, the audit says which call
/// was refused (a gap) and every verdict it cannot reach becomes `unknown`,
/// never a pass or fail of its own.
fn audited_with_exactly_the_policy(emulator: &Emulator) {
    use posture::collect::operations::{self, When};
    let dir = scratch_dir("least-privilege");
    let out = posture_cmd().arg("permissions").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let policy: Value = serde_json::from_slice(&out.stdout).unwrap();
    let actions: Vec<String> = policy["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    // Actions an audit of one account through one role does not reach, or
    // reaches only before the role is assumed.
    let unreached = [
        When::AssumingRoles,
        When::Organization,
        When::CredentialReportFallback,
        When::NoListedRegion,
        When::SecretValues,
    ];
    let removable: Vec<&String> = actions
        .iter()
        .filter(|a| *a != "sts:GetCallerIdentity")
        .filter(|a| {
            operations::ALL
                .iter()
                .any(|o| o.action == a.as_str() && !unreached.contains(&o.when))
        })
        .collect();
    assert!(removable.len() > 40, "{removable:?}");
    let mut files = vec![dir.join("policy.json")];
    std::fs::write(&files[0], &out.stdout).unwrap();
    for (i, action) in removable.iter().enumerate() {
        let mut less = policy.clone();
        less["Statement"][0]["Action"] = actions
            .iter()
            .filter(|a| a != action)
            .map(|a| Value::from(a.as_str()))
            .collect();
        let file = dir.join(format!("without-{i}.json"));
        std::fs::write(&file, less.to_string()).unwrap();
        files.push(file);
    }
    let from = emulator.organization["sandbox"].clone();
    let mut grant = vec!["grant".to_string()];
    for file in &files {
        grant.extend(["--policy".to_string(), file.display().to_string()]);
    }
    grant.extend(["--account", STARTUP, "--from", &from].map(str::to_string));
    let grant: Vec<&str> = grant.iter().map(String::as_str).collect();
    let granted = least_privilege(emulator, &dir, &grant);
    let _revoke = Revoke {
        emulator,
        dir: dir.clone(),
        from,
    };
    let roles: Vec<&str> = granted["role_arns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    // The auditor's roles are startup's resources now: not tests/expected's.
    let ours = |resource: &str| resource.contains(":role/posture-least-privilege");

    let (report, gaps, full) = audit_as(emulator, &granted, roles[0], &[]);
    assert!(gaps.is_empty(), "gaps with the whole policy: {gaps:#?}");
    let got: BTreeSet<String> = verdicts(&report, STARTUP)
        .into_iter()
        .filter(|v| !v.contains("posture-least-privilege"))
        .collect();
    assert_same(STARTUP, &got, &expected("startup.tsv"));
    let checks_judged: BTreeSet<&str> = full.iter().map(|(c, _, _)| c.as_str()).collect();
    let called: BTreeSet<&str> = report["stats"]["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["operation"].as_str())
        .collect();

    let mut failures = Vec::new();
    let mut tried = 0;
    let mut formats_checked = false;
    for (action, role) in removable.iter().zip(&roles[1..]) {
        let ops: BTreeSet<&str> = operations::ALL
            .iter()
            .filter(|o| o.action == action.as_str())
            .map(|o| o.name)
            .collect();
        // Not reached in this account (GetDetector without a detector), or
        // only with the caller's credentials (DescribeRegions, which checks
        // --region).
        if action.as_str() == "ec2:DescribeRegions" || ops.is_disjoint(&called) {
            continue;
        }
        tried += 1;
        // One of them in every format, from the snapshot it saved.
        let snapshot = dir.join("without-list-secrets.json");
        let shown = action.as_str() == "secretsmanager:ListSecrets";
        let save = ["--save-snapshot", snapshot.to_str().unwrap()];
        let (restricted, gaps, findings) =
            audit_as(emulator, &granted, role, if shown { &save } else { &[] });
        if shown {
            formats_checked = true;
            failures.extend(unknown_in_every_format(&snapshot, &restricted));
        }
        if !gaps
            .iter()
            .any(|g| ops.contains(g["operation"].as_str().unwrap_or_default()))
        {
            failures.push(format!("without {action}: no gap names {ops:?}: {gaps:#?}"));
        }
        for (check, resource, status) in &findings {
            let same = full.contains(&(check.clone(), resource.clone(), status.clone()));
            if !same && status != "unknown" && !ours(resource) {
                failures.push(format!(
                    "without {action}: {check} {resource} is {status}, not as with the whole policy"
                ));
            }
        }
        let judged: BTreeSet<&str> = findings.iter().map(|(c, _, _)| c.as_str()).collect();
        for check in checks_judged.difference(&judged) {
            failures.push(format!("without {action}: {check} has no finding at all"));
        }
    }
    assert!(tried > 40, "only {tried} actions were taken out");
    assert!(
        formats_checked,
        "secretsmanager:ListSecrets was not taken out"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The findings of `report` that are unknown are unknown in every format
/// `snapshot` is rendered in: what a reader of any of them is shown.
fn unknown_in_every_format(snapshot: &std::path::Path, report: &Value) -> Vec<String> {
    let render = |format: &str| {
        let out = posture_cmd()
            .args(["audit", "--from-snapshot"])
            .arg(snapshot)
            .args(["--format", format, "--fail-on", "never"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        stdout(&out)
    };
    let json = |format: &str| -> Value { serde_json::from_str(&render(format)).unwrap() };
    let findings = report["findings"].as_array().unwrap();
    let unknown: Vec<&Value> = findings
        .iter()
        .filter(|f| f["status"] == "unknown")
        .collect();
    let mut failures = Vec::new();
    let mut expect = |format: &str, f: &Value, shown: bool| {
        if !shown {
            failures.push(format!(
                "{format}: {} {} is not shown unknown",
                f["check"], f["resource"]
            ));
        }
    };
    let sarif = json("sarif");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    for f in &unknown {
        let kind = results
            .iter()
            .find(|r| r["partialFingerprints"]["postureFindingId/v1"] == f["id"])
            .map(|r| r["kind"].clone());
        expect("sarif", f, kind == Some(Value::from("open")));
    }
    // OCSF and ASFF hold every finding, in the report's order.
    let ocsf = json("ocsf");
    let asff = json("asff");
    for (i, f) in findings.iter().enumerate() {
        if f["status"] == "unknown" {
            expect(
                "ocsf",
                f,
                ocsf[i]["finding_info"]["uid"] == f["id"] && ocsf[i]["status_code"] == "unknown",
            );
            expect("asff", f, asff[i]["Compliance"]["Status"] == "WARNING");
        }
    }
    let csv = render("csv");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    for f in &unknown {
        let row = rows.iter().find(|r| r.get(0) == f["id"].as_str());
        expect("csv", f, row.is_some_and(|r| r.get(5) == Some("unknown")));
    }
    let junit = render("junit");
    let cases: Vec<&str> = junit.split("<testcase ").skip(1).collect();
    for f in &unknown {
        let (check, resource) = (
            f["check"].as_str().unwrap(),
            f["resource"].as_str().unwrap(),
        );
        let shown = cases.iter().any(|c| {
            c.contains(&format!(".{check}\""))
                && c.contains(&format!("resource: {resource}"))
                && c.contains("<error")
        });
        expect("junit", f, shown);
    }
    // The table says how many could not be decided; the wide table has a row each.
    let wide = render("table-wide");
    let rows = wide
        .lines()
        .filter(|l| l.split_whitespace().any(|w| w == "unknown"))
        .count();
    if rows < unknown.len() {
        failures.push(format!(
            "table-wide: {rows} unknown rows for {} unknown findings",
            unknown.len()
        ));
    }
    failures
}

/// A service that accepts the request and never answers: with `--timeout`,
/// the audit ends then (not after the SDK's two-minute operation timeout),
/// reports everything else, and the hung call is a gap (exit 3).
fn a_hung_service_ends_at_the_timeout(emulator: &Emulator) {
    emulator.fault(
        r#"{"account":"111111111111","target":"secretsmanager.ListSecrets","error":"hang"}"#,
    );
    let role = Emulator::role(STARTUP);
    let started = std::time::Instant::now();
    let (report, code, err) = audit_json(
        emulator,
        &[
            "--role-arn",
            &role,
            "--timeout",
            "8s",
            "--fail-on",
            "never",
            "--fail-on-gaps",
        ],
    );
    let took = started.elapsed();
    emulator.fault(r#"{"clear":true}"#);
    assert_eq!(code, 3, "{err}");
    // A bound on correctness, not a benchmark: without --timeout the hung
    // call would hold the audit for two minutes.
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
    assert!(err.contains("the audit reached --timeout"), "{err}");
    let gaps = gaps_of(&report, STARTUP);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["operation"], "ListSecrets");
    assert!(
        gaps[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("PostureTimeout: "),
        "{}",
        gaps[0]["error"]
    );
    // Everything but the secrets was collected and judged as usual.
    let want: BTreeSet<String> = expected("startup.tsv")
        .into_iter()
        .filter(|l| !l.starts_with("secret-"))
        .collect();
    let got: BTreeSet<String> = verdicts(&report, STARTUP)
        .into_iter()
        .filter(|l| !l.starts_with("secret-"))
        .collect();
    assert_same(STARTUP, &got, &want);
    let secrets: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == STARTUP && f["check"].as_str().unwrap().starts_with("secret-"))
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(secrets, BTreeSet::from(["unknown"]));
}

/// One service throttles every attempt: after the SDK's retries its call is
/// a gap naming the throttling, its checks are `unknown`, the rest of the
/// audit is judged as usual, and `--fail-on-gaps` says it was incomplete.
fn throttled_to_the_end_becomes_a_gap(emulator: &Emulator) {
    emulator.fault(
        r#"{"account":"111111111111","target":"secretsmanager.ListSecrets","error":"ThrottlingException"}"#,
    );
    let role = Emulator::role(STARTUP);
    let (report, code, err) = audit_json(
        emulator,
        &["--role-arn", &role, "--fail-on", "never", "--fail-on-gaps"],
    );
    emulator.fault(r#"{"clear":true}"#);
    assert_eq!(code, 3, "{err}");
    let gaps = gaps_of(&report, STARTUP);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["operation"], "ListSecrets");
    assert!(
        gaps[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("ThrottlingException"),
        "{}",
        gaps[0]["error"]
    );
    let others = |lines: BTreeSet<String>| -> BTreeSet<String> {
        lines
            .into_iter()
            .filter(|l| !l.starts_with("secret-"))
            .collect()
    };
    assert_same(
        STARTUP,
        &others(verdicts(&report, STARTUP)),
        &others(expected("startup.tsv")),
    );
    let secrets: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == STARTUP && f["check"].as_str().unwrap().starts_with("secret-"))
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(secrets, BTreeSet::from(["unknown"]));
    // The attempts were made: the call was retried before it was given up.
    let attempts: u64 = report["stats"]["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["service"] == "Secrets Manager" && c["operation"] == "ListSecrets")
        .map(|c| c["attempts"].as_u64().unwrap() - c["calls"].as_u64().unwrap())
        .sum();
    assert!(attempts >= 1, "ListSecrets was not retried");
}

/// AccessDenied on one service of one account: a gap, `unknown` findings for
/// what needed the data (never `pass`), the verdict blocked, exit 3 on request.
fn access_denied_becomes_a_gap(emulator: &Emulator) {
    emulator.fault(r#"{"account":"111111111111","target":"secretsmanager.ListSecrets"}"#);
    let role = Emulator::role(STARTUP);
    let (report, code, err) = audit_json(
        emulator,
        &["--role-arn", &role, "--fail-on", "never", "--fail-on-gaps"],
    );
    emulator.fault(r#"{"clear":true}"#);
    assert_eq!(code, 3, "{err}");
    let gaps = gaps_of(&report, STARTUP);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["service"], "secretsmanager");
    assert_eq!(gaps[0]["operation"], "ListSecrets");
    assert_eq!(gaps[0]["region"], "us-east-1");
    assert!(
        gaps[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("AccessDeniedException: "),
        "{}",
        gaps[0]["error"]
    );
    let mut secret_findings: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == STARTUP && f["check"].as_str().unwrap().starts_with("secret-"))
        .map(|f| (f["check"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    secret_findings.sort();
    assert_eq!(
        secret_findings,
        [
            ("secret-cmk-encrypted", "unknown"),
            ("secret-rotated-recently", "unknown"),
            ("secret-rotation-enabled", "unknown"),
            ("secret-unused", "unknown")
        ]
    );
    let startup = report["by_account"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account"] == STARTUP)
        .unwrap();
    assert!(
        startup["blocked_by_unknown"].as_array().unwrap().is_empty(),
        "baseline fails, so it blocks nothing yet"
    );
    // Everything else was still collected.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["account"] == STARTUP && f["check"] == "alb-tls-policy")
    );
}

/// ListTargetsByRule denied in the hardened account, whose one GuardDuty rule
/// matches: `security-alerts-routed` is `unknown` (the rule might have no
/// target), never `pass`; the gap names the rule; the rest is as expected.
fn unread_rule_targets_never_pass(emulator: &Emulator) {
    emulator.fault(r#"{"account":"222222222222","target":"AWSEvents.ListTargetsByRule"}"#);
    let role = Emulator::role(HARDENED);
    let (report, code, err) = audit_json(emulator, &["--role-arn", &role, "--fail-on", "never"]);
    emulator.fault(r#"{"clear":true}"#);
    assert_eq!(code, 0, "{err}");
    let gaps = gaps_of(&report, HARDENED);
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["service"], "events");
    assert_eq!(gaps[0]["operation"], "ListTargetsByRule");
    assert_eq!(gaps[0]["resource"], "prod-guardduty-findings");
    let routed = "security-alerts-routed\tGuardDuty findings us-east-1";
    let got = verdicts(&report, HARDENED);
    assert!(got.contains(&format!("{routed}\tunknown")), "{got:#?}");
    let others = |lines: BTreeSet<String>| -> BTreeSet<String> {
        lines
            .into_iter()
            .filter(|l| !l.starts_with("security-alerts-routed"))
            .collect()
    };
    assert_same(HARDENED, &others(got), &others(expected("hardened.tsv")));
}

/// A key policy may refuse kms:GetKeyRotationStatus to the auditor: each
/// key whose rotation is judged is then `unknown`, never passed or failed,
/// and the keys themselves are still listed and described.
fn rotation_status_denied_is_unknown(emulator: &Emulator) {
    emulator.fault(r#"{"account":"111111111111","target":"TrentService.GetKeyRotationStatus"}"#);
    let role = Emulator::role(STARTUP);
    let (report, code, err) = audit_json(
        emulator,
        &["--role-arn", &role, "--fail-on", "never", "--fail-on-gaps"],
    );
    emulator.fault(r#"{"clear":true}"#);
    assert_eq!(code, 3, "{err}");
    let gaps = gaps_of(&report, STARTUP);
    // One per customer managed key of startup: startup-secrets, -ecr, -logs.
    assert_eq!(gaps.len(), 3, "{gaps:#?}");
    for gap in &gaps {
        assert_eq!(gap["service"], "kms", "{gap}");
        assert_eq!(gap["operation"], "GetKeyRotationStatus", "{gap}");
        assert!(
            gap["error"]
                .as_str()
                .unwrap()
                .starts_with("AccessDeniedException"),
            "{gap}"
        );
    }
    let mut rotation: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == STARTUP && f["check"] == "kms-cmk-rotation")
        .map(|f| {
            (
                f["resource_name"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
            )
        })
        .collect();
    rotation.sort();
    assert_eq!(
        rotation,
        [
            ("alias/startup-ecr", "unknown"),
            ("alias/startup-logs", "unknown"),
            ("alias/startup-secrets", "unknown")
        ]
    );
}

/// `check<TAB>resource name<TAB>status` lines of one account in the given
/// regions (`global` for IAM and S3).
fn verdicts_in(report: &Value, account: &str, regions: &[&str]) -> BTreeSet<String> {
    let only: Vec<Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| regions.iter().any(|r| f["region"] == *r))
        .cloned()
        .collect();
    verdicts(&serde_json::json!({ "findings": only }), account)
}

/// Five accounts in two regions: the organization's active accounts through
/// `--org-role` (its management account, the caller, and two members; the
/// closed one is not audited) and the fixture accounts through `--role-arn`,
/// each reached by STS AssumeRole. Each account's findings are its own, and
/// each has its own score and verdict.
fn organization_in_two_regions(emulator: &Emulator) {
    let org = &emulator.organization;
    let (management, workloads, sandbox, retired) = (
        &org["management"],
        &org["workloads"],
        &org["sandbox"],
        &org["retired"],
    );
    let (startup, hardened) = (Emulator::role(STARTUP), Emulator::role(HARDENED));
    let (report, code, err) = audit_json(
        emulator,
        &[
            "--org-role",
            "posture-audit",
            "--external-id",
            "posture-test",
            "--role-arn",
            &startup,
            "--role-arn",
            &hardened,
            "--region",
            "eu-west-1",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let accounts: BTreeSet<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let want: BTreeSet<&str> = [management, workloads, sandbox]
        .into_iter()
        .map(String::as_str)
        .chain([STARTUP, HARDENED])
        .collect();
    assert_eq!(accounts, want, "{retired} is closed: not audited");
    assert_eq!(
        report["regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    assert!(
        report["gaps"].as_array().unwrap().is_empty(),
        "{}",
        report["gaps"]
    );
    let calls = report["stats"]["calls"].as_array().unwrap();
    assert!(
        calls
            .iter()
            .any(|c| c["service"] == "Organizations" && c["operation"] == "ListAccounts"),
        "{calls:#?}"
    );

    // The fixture accounts' findings are those of auditing each alone in
    // us-east-1 (where their state bucket is in eu-west-1, it was judged
    // then too), and eu-west-1 adds its own.
    for (account, file) in [(STARTUP, "startup.tsv"), (HARDENED, "hardened.tsv")] {
        let want = expected(file);
        let got = verdicts(&report, account);
        let eu = verdicts_in(&report, account, &["eu-west-1"]);
        let missing: Vec<_> = want.difference(&got).collect();
        assert!(missing.is_empty(), "{account}: {missing:#?}");
        let not_eu: Vec<_> = got.difference(&want).filter(|l| !eu.contains(*l)).collect();
        assert!(not_eu.is_empty(), "{account}: {not_eu:#?}");
    }
    // Each account is judged in each region: GuardDuty is off in eu-west-1
    // everywhere, and in us-east-1 everywhere but hardened.
    let guardduty = |account: &str, region: &str| -> String {
        let found: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["check"] == "guardduty-enabled"
                    && f["account"] == account
                    && f["region"] == region
            })
            .collect();
        assert_eq!(found.len(), 1, "{account} {region}: {found:?}");
        found[0]["status"].as_str().unwrap().to_string()
    };
    for account in &want {
        assert_eq!(guardduty(account, "eu-west-1"), "fail", "{account}");
        let home = if *account == HARDENED { "pass" } else { "fail" };
        assert_eq!(guardduty(account, "us-east-1"), home, "{account}");
    }
    // The member's open SSH port is found in its account and region only.
    let ssh: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "sg-admin-ports-from-internet" && f["status"] == "fail")
        .filter(|f| f["account"] != STARTUP)
        .map(|f| {
            (
                f["account"].as_str().unwrap().into(),
                f["region"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(ssh, [(workloads.clone(), "eu-west-1".to_string())]);

    // A score and verdict per account: hardened meets the baseline in both
    // regions but the enterprise checks only in us-east-1; the others fall
    // below the baseline.
    let by_account: Vec<&Value> = report["by_account"].as_array().unwrap().iter().collect();
    assert_eq!(by_account.len(), 5, "{by_account:?}");
    for entry in &by_account {
        let account = entry["account"].as_str().unwrap();
        assert!(want.contains(account), "{account}");
        let tier = if account == HARDENED {
            "startup-ready"
        } else {
            "below-baseline"
        };
        assert_eq!(entry["tier"], tier, "{account}: {entry}");
        assert!(entry["score"]["overall"].as_f64().is_some(), "{entry}");
    }
    assert_eq!(report["tier"], "below-baseline");
    let hardened_failing: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["account"] == HARDENED && f["status"] == "fail")
        .map(|f| f["region"].as_str().unwrap())
        .collect();
    assert_eq!(hardened_failing, BTreeSet::from(["eu-west-1"]));
}

/// Two regions in one audit: each region's resources are judged in it, and
/// adding a region changes nothing about the first.
fn several_regions(emulator: &Emulator) {
    let role = Emulator::role(HARDENED);
    let (one, _, _) = audit_json(emulator, &["--role-arn", &role, "--fail-on", "never"]);
    let (two, code, err) = audit_json(
        emulator,
        &[
            "--role-arn",
            &role,
            "--region",
            "eu-west-1",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        two["regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    assert!(
        two["gaps"].as_array().unwrap().is_empty(),
        "{}",
        two["gaps"]
    );
    let in_region = |report: &Value, region: &str| -> BTreeSet<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["account"] == HARDENED && f["region"] == region)
            .map(|f| format!("{}\t{}\t{}", f["check"], f["resource_name"], f["status"]))
            .collect()
    };
    assert_eq!(in_region(&one, "us-east-1"), in_region(&two, "us-east-1"));
    // eu-west-1 holds only the emulator's default VPC: judged there, not in us-east-1.
    let eu = in_region(&two, "eu-west-1");
    assert!(
        eu.iter().any(|f| f.starts_with("\"vpc-flow-logs\"")),
        "{eu:?}"
    );
    assert!(
        eu.iter()
            .any(|f| f.starts_with("\"guardduty-enabled\"\t\"GuardDuty eu-west-1\"\t\"fail\"")),
        "{eu:?}"
    );
}
