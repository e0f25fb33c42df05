//! `--terraform-state`: each finding names the Terraform resource that made
//! its resource (or says none did), from a state written for the recorded
//! startup account; a secret value in that state reaches no output; a state
//! that cannot be read is a warning naming it, and the rest is still mapped.

mod common;

use common::{posture_cmd, stderr, stdout};
use serde_json::{Value, json};

/// A value only the state holds: no output may contain it.
const CANARY: &str = "posture-state-canary-7f3e91c2";

fn audit(extra: &[&str], format: &str) -> (String, String) {
    let snapshot = common::fixture("startup");
    let out = posture_cmd()
        .args(["audit", "--from-snapshot"])
        .arg(&snapshot)
        .args(["--fail-on", "never", "--format", format])
        .args(extra)
        .output()
        .expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

fn report(extra: &[&str]) -> (Value, String) {
    let (out, err) = audit(extra, "json");
    (serde_json::from_str(&out).unwrap(), err)
}

/// The first failing finding of `check`.
fn failing(report: &Value, check: &str, nth: usize) -> Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check && f["status"] == "fail")
        .nth(nth)
        .unwrap_or_else(|| panic!("no failing {check} #{nth}"))
        .clone()
}

/// The `terraform` of every finding on `resource`, its `fix` left out
/// (`fix_of` has it).
fn terraform_of(report: &Value, resource: &Value) -> Vec<Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["resource"] == *resource)
        .map(|f| {
            let mut t = f["terraform"].clone();
            if let Some(t) = t.as_object_mut() {
                t.remove("fix");
            }
            t
        })
        .collect()
}

/// The change written for the block of the finding with `id`, if any.
fn fix_of(report: &Value, id: &Value) -> Option<String> {
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == *id)
        .unwrap();
    f["terraform"]["fix"].as_str().map(str::to_string)
}

/// No output format of the audit with `args` (nor its stderr) holds `value`.
fn nowhere(args: &[&str], value: &str, what: &str) {
    for format in [
        "json",
        "table",
        "table-wide",
        "sarif",
        "ocsf",
        "asff",
        "junit",
        "csv",
        "html",
    ] {
        let (out, err) = audit(args, format);
        assert!(
            !out.contains(value) && !err.contains(value),
            "{format} holds {what}"
        );
    }
}

/// The place of finding `id` in the report (ASFF holds them in that order).
fn mapped_index(report: &Value, id: &str) -> usize {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f["id"] == id)
        .unwrap()
}

struct Dir(std::path::PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("posture-tfstate-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn findings_name_the_resource_address_that_made_them() {
    let (plain, _) = report(&[]);
    assert!(
        plain["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("terraform").is_none()),
        "without --terraform-state nothing changes"
    );
    let sg = failing(&plain, "sg-admin-ports-from-internet", 0);
    let by_hand = failing(&plain, "sg-admin-ports-from-internet", 1);
    let lb = failing(&plain, "alb-https-only", 0);
    let secret = failing(&plain, "secret-rotation-enabled", 0);
    let sg_id = sg["resource"].as_str().unwrap().rsplit('/').next().unwrap();
    let (lb_arn, secret_arn) = (
        lb["resource"].as_str().unwrap(),
        secret["resource"].as_str().unwrap(),
    );
    let state = json!({
        "version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "fixture",
        "resources": [
            // Only the id, as EC2 resources also give it.
            {"mode": "managed", "type": "aws_security_group", "name": "admin", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances": [{"attributes": {"id": sg_id, "name": "admin", "description": "admin"}}]},
            {"module": "module.web", "mode": "managed", "type": "aws_lb", "name": "main",
             "instances": [{"index_key": "api", "attributes": {"arn": lb_arn, "id": lb_arn, "name": "startup-api"}}]},
            // The rotation and the version repeat the secret's ARN as their id.
            {"mode": "managed", "type": "aws_secretsmanager_secret_rotation", "name": "db",
             "instances": [{"attributes": {"id": secret_arn, "secret_id": secret_arn}}]},
            {"mode": "managed", "type": "aws_secretsmanager_secret", "name": "db",
             "instances": [{"attributes": {"arn": secret_arn, "id": secret_arn, "name": "startup/db-password"}}]},
            {"mode": "managed", "type": "aws_secretsmanager_secret_version", "name": "db",
             "instances": [{"attributes": {"id": format!("{secret_arn}|v1"), "secret_string": CANARY, "secret_id": secret_arn}}],
             "sensitive_attributes": [[{"type": "get_attr", "value": "secret_string"}]]}
        ]
    });
    let dir = Dir::new("map");
    let file = dir.write("terraform.tfstate", &state.to_string());
    let args = ["--terraform-state", file.as_str()];
    let (mapped, err) = report(&args);
    assert!(!err.contains("warning"), "{err}");
    let managed = |address: &str| json!({"managed": true, "address": address});
    for (resource, want) in [
        (&sg["resource"], managed("aws_security_group.admin")),
        (&lb["resource"], managed("module.web.aws_lb.main[\"api\"]")),
        (&secret["resource"], managed("aws_secretsmanager_secret.db")),
        (&by_hand["resource"], json!({"managed": false})),
    ] {
        let all = terraform_of(&mapped, resource);
        assert!(
            !all.is_empty() && all.iter().all(|t| *t == want),
            "{resource}: {all:?}, not {want}"
        );
    }
    // A failing finding's change names the user's block, not the catalog's
    // placeholder (sg-admin-ports-from-internet's `aws_security_group.bastion`).
    let change = fix_of(&mapped, &sg["id"]).expect("a change for the group");
    assert!(change.contains("aws_security_group.admin.id"), "{change}");
    assert!(!change.contains("bastion"), "{change}");
    assert!(fix_of(&mapped, &by_hand["id"]).is_none(), "no block to name");
    for f in mapped["findings"].as_array().unwrap() {
        if f["status"] != "fail" {
            assert!(f["terraform"].get("fix").is_none(), "nothing to fix: {f}");
        }
    }
    // The account itself is no Terraform resource.
    for f in mapped["findings"].as_array().unwrap() {
        if f["resource"].as_str().unwrap().ends_with(":root") {
            assert!(f.get("terraform").is_none(), "{f}");
        }
    }
    let (table, _) = audit(&args, "table");
    assert!(table.contains("[aws_security_group.admin]"), "{table}");
    assert!(table.contains("[not managed by Terraform]"), "{table}");
    let (wide, _) = audit(&args, "table-wide");
    assert!(wide.contains("[aws_security_group.admin]"), "{wide}");

    // With the configuration, the file and line of each resource block.
    dir.write(
        "main.tf",
        "module \"web\" {\n  source = \"./web\"\n  for_each = toset([\"api\"])\n}\n",
    );
    std::fs::create_dir_all(dir.0.join("web")).unwrap();
    dir.write(
        "web/alb.tf",
        "# The API's load balancer.\nresource \"aws_lb\" \"main\" {\n  name = \"startup-api\"\n}\n",
    );
    dir.write(
        "security.tf",
        "locals {\n  admin = \"203.0.113.0/24\"\n}\n\nresource \"aws_security_group\" \"admin\" {\n  name = \"admin\"\n}\n",
    );
    let root = dir.0.to_string_lossy().into_owned();
    let placed = [
        "--terraform-state",
        file.as_str(),
        "--terraform-dir",
        root.as_str(),
    ];
    let (located, err) = report(&placed);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(
        terraform_of(&located, &lb["resource"])[0],
        json!({"managed": true, "address": "module.web.aws_lb.main[\"api\"]", "file": "web/alb.tf", "line": 2})
    );
    assert_eq!(
        terraform_of(&located, &sg["resource"])[0],
        json!({"managed": true, "address": "aws_security_group.admin", "file": "security.tf", "line": 5})
    );
    // In the state but written nowhere in the directory: no file, no line.
    assert_eq!(
        terraform_of(&located, &secret["resource"])[0],
        json!({"managed": true, "address": "aws_secretsmanager_secret.db"})
    );
    let (table, _) = audit(&placed, "table");
    assert!(
        table.contains("[security.tf:5 aws_security_group.admin]"),
        "{table}"
    );
    let (sarif, _) = audit(&placed, "sarif");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let at_line: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0].get("physicalLocation"))
        .collect();
    assert!(
        at_line
            .iter()
            .any(|p| p["artifactLocation"]["uri"] == "web/alb.tf" && p["region"]["startLine"] == 2),
        "{at_line:?}"
    );
    common::validate("sarif-schema-2.1.0.json", &[&sarif]).unwrap();

    // Every other format carries it too.
    let sg_id = sg["id"].as_str().unwrap();
    let (csv, _) = audit(&placed, "csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rows.headers().unwrap().iter().last(), Some("terraform"));
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(0) == Some(sg_id))
        .unwrap();
    assert_eq!(
        row.iter().last(),
        Some("security.tf:5 aws_security_group.admin")
    );
    let (junit, _) = audit(&placed, "junit");
    assert!(
        junit.contains("terraform: security.tf:5 aws_security_group.admin"),
        "{junit}"
    );
    assert!(junit.contains("terraform change:"), "{junit}");
    assert!(junit.contains("aws_security_group.admin.id"), "{junit}");
    let sarif_fix = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fingerprints"]["postureFindingId/v1"] == sg["id"])
        .map(|r| r["properties"]["terraform"]["fix"].clone());
    assert_eq!(sarif_fix, Some(json!(change)));
    let (ocsf, _) = audit(&placed, "ocsf");
    let ocsf: Value = serde_json::from_str(&ocsf).unwrap();
    let event = ocsf
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["finding_info"]["uid"] == sg["id"])
        .unwrap();
    assert_eq!(
        event["unmapped"]["terraform"]["address"],
        "aws_security_group.admin"
    );
    let (asff, _) = audit(&placed, "asff");
    let asff: Value = serde_json::from_str(&asff).unwrap();
    let fields = &asff.as_array().unwrap()[mapped_index(&located, sg_id)]["ProductFields"];
    assert_eq!(
        fields["posture/terraform/address"],
        "aws_security_group.admin"
    );
    assert_eq!(fields["posture/terraform/file"], "security.tf");
    assert_eq!(fields["posture/terraform/line"], "5");
    assert_eq!(fields["posture/terraform/fix"], json!(change));
    let (html, _) = audit(&placed, "html");
    assert!(
        html.contains("security.tf:5 aws_security_group.admin"),
        "the page's data holds the place"
    );
    assert!(
        html.contains("aws_security_group.admin.id"),
        "and the change for the block"
    );
    // Without a state, the CSV's columns are as they were.
    let (plain_csv, _) = audit(&[], "csv");
    assert!(!plain_csv.lines().next().unwrap().contains("terraform"));

    // The state's secret value reaches no output.
    nowhere(&args, CANARY, "the state's secret");
}

#[test]
fn a_state_that_cannot_be_read_is_a_warning_and_the_rest_is_still_mapped() {
    let (plain, _) = report(&[]);
    let lb = failing(&plain, "alb-https-only", 0);
    let other = failing(&plain, "alb-https-only", 1);
    let dir = Dir::new("bad");
    let good = dir.write(
        "good.json",
        &json!({"version": 4, "resources": [{"mode": "managed", "type": "aws_lb", "name": "main",
            "instances": [{"attributes": {"arn": lb["resource"]}}]}]})
        .to_string(),
    );
    let truncated = dir.write(
        "truncated.json",
        r#"{"version": 4, "resources": [{"mode": "mana"#,
    );
    let old = dir.write("old.tfstate", r#"{"version": 3, "modules": []}"#);
    let (mapped, err) = report(&[
        "--terraform-state",
        &good,
        "--terraform-state",
        &truncated,
        "--terraform-state",
        &old,
    ]);
    assert!(
        err.contains(&format!(
            "warning: Terraform state {truncated}: not a Terraform state"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{old}: a state of format version 3")),
        "{err}"
    );
    assert_eq!(
        terraform_of(&mapped, &lb["resource"])[0],
        json!({"managed": true, "address": "aws_lb.main"})
    );
    // Not in the states read, but maybe in the one that was not.
    assert_eq!(
        terraform_of(&mapped, &other["resource"])[0],
        json!({"managed": null})
    );
    assert_eq!(
        mapped["warnings"].as_array().unwrap().len(),
        2,
        "{:#}",
        mapped["warnings"]
    );
}

#[test]
fn every_scanner_ignore_fails_until_its_review_is_recorded() {
    let dir = Dir::new("ignores");
    dir.write(
        "alb.tf",
        "#tfsec:ignore:aws-elb-alb-not-public\nresource \"aws_lb\" \"main\" {\n  internal = false # trivy:ignore:AVD-AWS-0053\n  name     = \"see #tfsec:ignore:not-a-comment\"\n}\nmodule \"logs\" {\n  source = \"./logs\"\n}\n",
    );
    std::fs::create_dir_all(dir.0.join("logs")).unwrap();
    dir.write(
        "logs/main.tf",
        "resource \"aws_cloudwatch_log_group\" \"app\" {\n  // tfsec:ignore:aws-cloudwatch-log-group-customer-key:exp:2025-01-31\n  name = \"app\"\n}\n",
    );
    let root = dir.0.to_string_lossy().into_owned();
    let ignores = |report: &Value| -> Vec<(String, String, String)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"] == "tf-ignores-reviewed")
            .map(|f| {
                (
                    f["resource_name"].as_str().unwrap().to_string(),
                    f["resource"].as_str().unwrap().to_string(),
                    f["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (plain, _) = report(&[]);
    assert!(
        ignores(&plain).is_empty(),
        "without --terraform-dir nothing is judged"
    );
    let (found, err) = report(&["--terraform-dir", &root]);
    assert!(!err.contains("warning"), "{err}");
    let mut got = ignores(&found);
    got.sort();
    assert_eq!(
        got,
        [
            (
                "alb.tf:1 tfsec:ignore:aws-elb-alb-not-public".to_string(),
                "terraform:alb.tf:aws_lb.main:tfsec:ignore:aws-elb-alb-not-public".to_string(),
                "fail".to_string()
            ),
            (
                "alb.tf:3 trivy:ignore:AVD-AWS-0053".to_string(),
                "terraform:alb.tf:aws_lb.main:trivy:ignore:AVD-AWS-0053".to_string(),
                "fail".to_string()
            ),
            (
                "logs/main.tf:2 tfsec:ignore:aws-cloudwatch-log-group-customer-key".to_string(),
                "terraform:logs/main.tf:module.logs.aws_cloudwatch_log_group.app:tfsec:ignore:aws-cloudwatch-log-group-customer-key".to_string(),
                "fail".to_string()
            ),
        ]
    );
    // A recorded review: the suppression, with its reason and expiry.
    let config = dir.write(
        "posture.toml",
        "[[suppress]]\ncheck = \"tf-ignores-reviewed\"\nresource = \"terraform:alb.tf:aws_lb.main:tfsec:ignore:aws-elb-alb-not-public\"\nreason = \"CloudFront with AWS WAF fronts the ALB (SEC-142)\"\nexpires = 2099-12-31\n",
    );
    let (reviewed, err) = report(&["--terraform-dir", &root, "--config", &config]);
    assert!(!err.contains("warning"), "{err}");
    let statuses: Vec<String> = ignores(&reviewed).into_iter().map(|(_, _, s)| s).collect();
    assert_eq!(
        statuses.iter().filter(|s| *s == "suppressed").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| *s == "fail").count(),
        2,
        "{statuses:?}"
    );
}

#[test]
fn a_real_secret_string_in_the_code_fails_and_its_value_reaches_no_output() {
    const REAL: &str = "sk_live_51TerraformLiteral0000";
    let dir = Dir::new("literals");
    dir.write(
        "secrets.tf",
        &format!(
            "resource \"aws_secretsmanager_secret_version\" \"api\" {{\n  secret_id     = aws_secretsmanager_secret.api.id\n  secret_string = jsonencode({{ username = \"app\", api_key = \"{REAL}\", webhook = \"your-webhook-secret\" }})\n}}\n\nresource \"aws_secretsmanager_secret_version\" \"db\" {{\n  secret_id     = aws_secretsmanager_secret.db.id\n  secret_string = jsonencode({{ database_password = \"your-secure-password\" }})\n  lifecycle {{\n    ignore_changes = [secret_string]\n  }}\n}}\n\nresource \"aws_secretsmanager_secret_version\" \"token\" {{\n  secret_id     = aws_secretsmanager_secret.token.id\n  secret_string = random_password.token.result\n}}\n"
        ),
    );
    let root = dir.0.to_string_lossy().into_owned();
    let args = ["--terraform-dir", root.as_str()];
    let (found, err) = report(&args);
    assert!(!err.contains("warning"), "{err}");
    let mut got: Vec<(String, String)> = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "tf-no-secret-literals")
        .map(|f| {
            (
                f["resource_name"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "secrets.tf:16 aws_secretsmanager_secret_version.token".to_string(),
                "pass".to_string()
            ),
            (
                "secrets.tf:3 aws_secretsmanager_secret_version.api".to_string(),
                "fail".to_string()
            ),
            (
                "secrets.tf:8 aws_secretsmanager_secret_version.db".to_string(),
                "pass".to_string()
            ),
        ]
    );
    let api = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "tf-no-secret-literals" && f["status"] == "fail")
        .unwrap();
    assert_eq!(api["evidence"]["fields"], "api_key");
    nowhere(&args, REAL, "the committed secret");
}
