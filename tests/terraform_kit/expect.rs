//! What the fixture accounts' Terraform kits (tests/fixtures/terraform/) say
//! about each finding, shared by tests/terraform_kit.rs (the recorded
//! inventories) and tests/emulator.rs (the live accounts): the resource block
//! a mapped finding names, checked against the state file and the kit's own
//! text; the findings on what no kit declares, each with why; the pinned
//! list tests/expected/startup.terraform.tsv; SARIF and the table.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The secret value the startup state holds (localstack/terraform_state.py):
/// no output of posture may contain it.
pub const CANARY: &str = "posture-kit-canary-5d2a7c91e4";

/// Findings on resources no state holds, by kit and resource name, with why.
/// Each made-by-hand one is named in a comment of its kit where it would be.
const NOT_IN_A_KIT: &[(&str, &str, &str)] = &[
    // Made by hand (the kit says so where each would be).
    (
        "startup",
        "startup-vpc/admin",
        "security group made in the console (security.tf)",
    ),
    (
        "startup",
        "startup-all-regions",
        "trail made in the console, then stopped (monitoring.tf)",
    ),
    (
        "startup",
        "startup-db-before-launch",
        "snapshot taken in the console (rds.tf)",
    ),
    (
        "startup",
        "acme-terraform-state",
        "backend bootstrapped with the CLI commands of backend.tf",
    ),
    (
        "startup",
        "terraform-locks",
        "backend bootstrapped with the CLI commands of backend.tf",
    ),
    (
        "startup",
        "acme-legacy-tfstate",
        "an older backend made by hand (backend.tf)",
    ),
    (
        "startup",
        "posture-audit",
        "the security team's onboarding made it (iam.tf)",
    ),
    (
        "hardened",
        "posture-audit",
        "the security team's onboarding made it (iam.tf)",
    ),
    // AWS's own, or a service's.
    ("startup", "default-vpc", "AWS's default VPC"),
    (
        "startup",
        "default-vpc/default",
        "the default VPC's default security group and network ACL",
    ),
    (
        "startup",
        "startup-vpc/default",
        "made by AWS with the VPC; the startup kit does not adopt them",
    ),
    ("startup", "default-us-east-1a", "a default subnet"),
    ("startup", "default-us-east-1b", "a default subnet"),
    ("startup", "default-us-east-1c", "a default subnet"),
    ("startup", "default-us-east-1d", "a default subnet"),
    ("startup", "default-us-east-1e", "a default subnet"),
    ("startup", "default-us-east-1f", "a default subnet"),
    (
        "startup",
        "events!connection/startup-stripe/6b2f0d1e-8a4c-4f3b-9e7d-2c5a1f0b3d48",
        "EventBridge's own secret of a connection",
    ),
    ("startup", "AdministratorAccess", "an AWS managed policy"),
    ("startup", "PowerUserAccess", "an AWS managed policy"),
    ("startup", "AmazonS3ReadOnlyAccess", "an AWS managed policy"),
    (
        "startup",
        "AmazonECSTaskExecutionRolePolicy",
        "an AWS managed policy",
    ),
    ("startup", "SecurityAudit", "an AWS managed policy"),
    (
        "hardened",
        "AmazonECSTaskExecutionRolePolicy",
        "an AWS managed policy",
    ),
    ("hardened", "ReadOnlyAccess", "an AWS managed policy"),
    ("hardened", "SecurityAudit", "an AWS managed policy"),
    // security-alerts-routed judges the default event bus, which no
    // Terraform can create; the kit's rules (aws_cloudwatch_event_rule) are
    // what decides it.
    (
        "startup",
        "GuardDuty findings us-east-1",
        "the default event bus",
    ),
    (
        "hardened",
        "GuardDuty findings us-east-1",
        "the default event bus",
    ),
];

/// Declared by a kit, in its state, and yet `managed: false`: posture's
/// mapping reads only each instance's `arn` and `id`, and these name their
/// resource otherwise (an inline policy's id is `user:name` or `role:name`,
/// the finding's resource `…:user/NAME/inline-policy/POLICY`; a DB snapshot's
/// ARN is `db_snapshot_arn`, a cluster snapshot's `db_cluster_snapshot_arn`).
/// When posture maps them, this list shrinks and the pinned list changes.
const DECLARED_UNMAPPED: &[(&str, &str, &str)] = &[
    (
        "startup",
        "user/deploy:deploy-admin",
        "aws_iam_user_policy.deploy_admin",
    ),
    (
        "startup",
        "user/ci-bot:ci-artifacts",
        "aws_iam_user_policy.ci_artifacts",
    ),
    (
        "startup",
        "startup-analytics-export",
        "aws_db_cluster_snapshot.analytics_export",
    ),
    (
        "hardened",
        "role/prod-ecs-task-execution:read-app-secrets",
        "aws_iam_role_policy.read_app_secrets",
    ),
    (
        "hardened",
        "role/prod-ecs-task:app-logs",
        "aws_iam_role_policy.app_logs",
    ),
    (
        "hardened",
        "role/prod-secret-rotation-role:rotate-prod-secrets",
        "aws_iam_role_policy.rotate_prod_secrets",
    ),
    (
        "hardened",
        "role/prod-cloudtrail-logs:cloudtrail-to-logs",
        "aws_iam_role_policy.cloudtrail_to_logs",
    ),
    ("hardened", "prod-db-release-1", "aws_db_snapshot.release_1"),
];

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn kit_dir(kit: &str) -> PathBuf {
    repo().join("tests/fixtures/terraform").join(kit)
}

pub fn state_path(kit: &str) -> PathBuf {
    kit_dir(kit).join("terraform.tfstate")
}

/// The audit's Terraform arguments for one kit's account: both states (a
/// finding is mapped by whichever holds its resource) and the kit's own
/// directory (one --terraform-dir per audit).
pub fn args(kit: &str) -> Vec<String> {
    let mut args = Vec::new();
    for k in ["startup", "hardened"] {
        args.push("--terraform-state".to_string());
        args.push(state_path(k).to_string_lossy().into_owned());
    }
    args.push("--terraform-dir".to_string());
    args.push(kit_dir(kit).to_string_lossy().into_owned());
    args
}

/// Every instance of a state, by its address as posture writes it.
pub fn instances(kit: &str) -> BTreeMap<String, Value> {
    let path = state_path(kit);
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap();
    assert_eq!(state["version"], 4, "{}", path.display());
    let mut out = BTreeMap::new();
    for r in state["resources"].as_array().unwrap() {
        let module = r["module"]
            .as_str()
            .map(|m| format!("{m}."))
            .unwrap_or_default();
        let data = if r["mode"] == "data" { "data." } else { "" };
        let base = format!(
            "{module}{data}{}.{}",
            r["type"].as_str().unwrap(),
            r["name"].as_str().unwrap()
        );
        for i in r["instances"].as_array().unwrap() {
            let key = match &i["index_key"] {
                Value::Null => String::new(),
                key => format!("[{key}]"),
            };
            out.insert(format!("{base}{key}"), i["attributes"].clone());
        }
    }
    out
}

/// `module.a["k"].aws_x.name[0]` -> (["a"], "aws_x", "name"): its module
/// calls and its block's type and name.
fn block_of(address: &str) -> (Vec<String>, String, String) {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            '.' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        if depth == 0 && c != ']' {
            current.push(c);
        }
    }
    parts.push(current);
    let mut modules = Vec::new();
    while parts.first().map(String::as_str) == Some("module") {
        modules.push(parts[1].clone());
        parts.drain(..2);
    }
    assert_eq!(parts.len(), 2, "not a managed resource address: {address}");
    (modules, parts[0].clone(), parts[1].clone())
}

/// The directory of the module `calls` leads to, relative to the kit
/// (`module "x" { source = "./modules/x" }` in the caller's files).
fn module_dir(kit: &Path, calls: &[String]) -> PathBuf {
    let mut dir = PathBuf::new();
    for call in calls {
        let mut source = None;
        for entry in std::fs::read_dir(kit.join(&dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "tf") {
                let body = hcl::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
                for block in body.blocks() {
                    if block.identifier() == "module"
                        && block.labels().first().map(|l| l.as_str()) == Some(call.as_str())
                    {
                        source = block
                            .body()
                            .attributes()
                            .find(|a| a.key() == "source")
                            .and_then(|a| match a.expr() {
                                hcl::Expression::String(s) => Some(s.clone()),
                                _ => None,
                            });
                    }
                }
            }
        }
        let source = source.unwrap_or_else(|| panic!("no module {call} in {}", dir.display()));
        dir = dir.join(source.trim_start_matches("./"));
    }
    dir
}

fn listed<'a>(list: &'a [(&str, &str, &str)], kit: &str, name: &str) -> Option<&'a str> {
    list.iter()
        .find(|(k, n, _)| *k == kit && *n == name)
        .map(|(_, _, what)| *what)
}

/// The findings of `account` in `report`, and those on the Terraform source
/// (tf-*: one set per audit, whatever account posture files them under: the
/// only one of a recorded inventory, the caller's 123456789012 when the
/// fixture account is reached with --role-arn).
pub fn findings<'r>(report: &'r Value, account: &str) -> Vec<&'r Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["account"] == account || f["check"].as_str().is_some_and(|c| c.starts_with("tf-"))
        })
        .collect()
}

/// Check what every finding of `account` (audited with [`args`] of `kit`)
/// says about Terraform, and return the failing ones as the lines of
/// tests/expected/<kit>.terraform.tsv.
///
/// - a finding on a resource the kit declares: `managed: true`, the address
///   of a state instance whose `arn` or `id` is the finding's resource (or
///   its `sg-…` id), and the file and line of exactly that block: the line
///   reads `resource "TYPE" "NAME" {`, in the file of the module the address
///   goes through;
/// - on a resource no kit declares ([`NOT_IN_A_KIT`]), or one posture cannot
///   map yet ([`DECLARED_UNMAPPED`]): `managed: false`;
/// - on the Terraform source itself (tf-* checks): never `managed: true`;
/// - on the account itself (`…:root`) or per region (`…/*`): no `terraform`.
pub fn check_findings(kit: &str, report: &Value, account: &str) -> BTreeSet<String> {
    let own = instances(kit);
    let other = instances(if kit == "startup" {
        "hardened"
    } else {
        "startup"
    });
    let dir = kit_dir(kit);
    let mut problems = Vec::new();
    let mut rows = BTreeSet::new();
    let all = findings(report, account);
    assert!(all.len() > 50, "{kit}: only {} findings", all.len());
    for f in all {
        let check = f["check"].as_str().unwrap();
        let name = f["resource_name"].as_str().unwrap();
        let resource = f["resource"].as_str().unwrap();
        let at = format!("{check} {name}");
        let terraform = &f["terraform"];
        let row = match terraform.get("managed") {
            None => {
                if !(resource.ends_with(":root") || resource.ends_with("/*")) {
                    problems.push(format!(
                        "{at}: no `terraform`, yet {resource} is a resource"
                    ));
                }
                format!("{check}\t{name}\t-\t-")
            }
            Some(Value::Bool(false)) => {
                let why = listed(NOT_IN_A_KIT, kit, name)
                    .map(str::to_string)
                    .or_else(|| {
                        listed(DECLARED_UNMAPPED, kit, name).map(|address| {
                            if !own.contains_key(address) {
                                problems.push(format!("{at}: {address} is not in the {kit} state"));
                            }
                            format!("declared as {address}, not mapped")
                        })
                    });
                if why.is_none() && !check.starts_with("tf-") {
                    problems.push(format!(
                        "{at}: managed false, but the {kit} kit is meant to declare {resource}"
                    ));
                }
                format!("{check}\t{name}\tunmanaged\t-")
            }
            Some(Value::Bool(true)) => {
                let address = terraform["address"].as_str().unwrap_or_default();
                if check.starts_with("tf-") {
                    problems.push(format!(
                        "{at}: a finding on the source, mapped to {address}"
                    ));
                }
                if let Some(why) = listed(NOT_IN_A_KIT, kit, name) {
                    problems.push(format!("{at}: mapped to {address}, but {why}"));
                }
                if let Some(unmapped) = listed(DECLARED_UNMAPPED, kit, name) {
                    problems.push(format!(
                        "{at}: now mapped to {address}: take it off DECLARED_UNMAPPED ({unmapped})"
                    ));
                }
                match own.get(address) {
                    None if other.contains_key(address) => {
                        problems.push(format!("{at}: {address} is the other kit's"))
                    }
                    None => problems.push(format!("{at}: {address} is in no state")),
                    Some(attributes) => {
                        let id = resource.rsplit(['/', ':']).next().unwrap_or_default();
                        let named = [&attributes["arn"], &attributes["id"]]
                            .iter()
                            .any(|v| v.as_str().is_some_and(|v| v == resource || v == id));
                        if !named {
                            problems.push(format!(
                                "{at}: {address}'s arn/id is not {resource}: {attributes}"
                            ));
                        }
                    }
                }
                let file = terraform["file"].as_str().unwrap_or_default();
                let line = terraform["line"].as_u64().unwrap_or(0) as usize;
                let (calls, kind, block) = block_of(address);
                let module = module_dir(&dir, &calls);
                if Path::new(file).parent() != Some(module.as_path()) {
                    problems.push(format!(
                        "{at}: {address} in {file}, not in module dir {:?}",
                        module.display()
                    ));
                }
                let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
                let written = text.lines().nth(line.wrapping_sub(1)).unwrap_or_default();
                if written != format!("resource \"{kind}\" \"{block}\" {{") {
                    problems.push(format!(
                        "{at}: {file}:{line} reads {written:?}, not {address}'s block"
                    ));
                }
                format!("{check}\t{name}\t{address}\t{file}:{line}")
            }
            Some(other) => {
                problems.push(format!("{at}: managed {other}"));
                String::new()
            }
        };
        if f["status"] == "fail" {
            rows.insert(row);
        }
    }
    assert!(
        problems.is_empty(),
        "{kit}: {} finding(s) say the wrong thing about Terraform:\n{}",
        problems.len(),
        problems.join("\n")
    );
    rows
}

/// tests/expected/<kit>.terraform.tsv, without its comments.
pub fn expected(kit: &str) -> BTreeSet<String> {
    let path = repo().join(format!("tests/expected/{kit}.terraform.tsv"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The rows equal the pinned list, or a readable difference.
pub fn assert_pinned(kit: &str, got: &BTreeSet<String>) {
    let want = expected(kit);
    let missing: Vec<&str> = want.difference(got).map(String::as_str).collect();
    let extra: Vec<&str> = got.difference(&want).map(String::as_str).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{kit}: failing findings' Terraform differ from tests/expected/{kit}.terraform.tsv\n-- expected but absent:\n{}\n-- present but not expected:\n{}",
        missing.join("\n"),
        extra.join("\n")
    );
}

/// SARIF: each failing finding's result carries the block's file and line as
/// its physicalLocation (relative to TERRAFORMROOT) exactly when the JSON
/// report places it, and no physicalLocation otherwise.
pub fn check_sarif(sarif: &Value, report: &Value, account: &str) {
    let results = sarif["runs"][0]["results"]
        .as_array()
        .expect("SARIF results");
    let mut placed = 0;
    for f in findings(report, account)
        .iter()
        .filter(|f| f["status"] == "fail")
    {
        let resource = f["resource"].as_str().unwrap();
        let ours: Vec<&Value> = results
            .iter()
            .filter(|r| {
                r["ruleId"] == f["check"]
                    && r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == resource
            })
            .collect();
        assert_eq!(ours.len(), 1, "SARIF results of {} {resource}", f["check"]);
        let physical = &ours[0]["locations"][0]["physicalLocation"];
        match (
            f["terraform"]["file"].as_str(),
            f["terraform"]["line"].as_u64(),
        ) {
            (Some(file), Some(line)) => {
                assert_eq!(
                    physical["artifactLocation"]["uri"], file,
                    "{} {resource}",
                    f["check"]
                );
                assert_eq!(physical["artifactLocation"]["uriBaseId"], "TERRAFORMROOT");
                assert_eq!(
                    physical["region"]["startLine"], line,
                    "{} {resource}",
                    f["check"]
                );
                placed += 1;
            }
            _ => assert!(physical.is_null(), "{} {resource}: {physical}", f["check"]),
        }
    }
    assert!(placed > 50, "only {placed} SARIF results placed in the kit");
}

/// The table: beside each failing finding's resource, `[file:line address]`
/// when mapped, `[not managed by Terraform]` when not.
pub fn check_table(table: &str, report: &Value, account: &str) {
    // Each finding's entry, its wrapped lines joined again.
    let mut entries: Vec<String> = Vec::new();
    for line in table.lines() {
        if let Some(first) = line.strip_prefix("  ✗ ") {
            entries.push(format!("✗ {first}"));
        } else if let (Some(entry), Some(more)) = (entries.last_mut(), line.strip_prefix("    ")) {
            entry.push(' ');
            entry.push_str(more.trim_start());
        }
    }
    let mut problems = Vec::new();
    for f in findings(report, account)
        .iter()
        .filter(|f| f["status"] == "fail")
    {
        let t = &f["terraform"];
        let label = match t["managed"].as_bool() {
            Some(true) => format!(
                "[{}:{} {}]",
                t["file"].as_str().unwrap(),
                t["line"],
                t["address"].as_str().unwrap()
            ),
            Some(false) => "[not managed by Terraform]".to_string(),
            None => continue,
        };
        let name = f["resource_name"].as_str().unwrap();
        let shown = entries.iter().any(|e| {
            (e.starts_with(&format!("✗ {name} (")) || e.starts_with(&format!("✗ {name} [")))
                && e.contains(&label)
        });
        if !shown {
            problems.push(format!("{} {name}: no line with {label}", f["check"]));
        }
    }
    assert!(
        problems.is_empty(),
        "the table lacks:\n{}",
        problems.join("\n")
    );
}

/// The state's canary in none of these outputs.
pub fn no_canary(outputs: &[(&str, &str)]) {
    for (what, text) in outputs {
        assert!(
            !text.contains(CANARY),
            "{what} holds the state's secret_string"
        );
    }
}
