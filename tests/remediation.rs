//! Every Terraform snippet in checks/ parses as HCL and uses only arguments and
//! blocks the hashicorp/aws provider really has (its schema, extracted by
//! tests/terraform/extract-schema.sh into aws-provider-schema.json).

use hcl::{Block, Body, Structure};
use posture::checks;
use serde_json::Value;

/// Terraform's own meta-arguments and blocks, valid in every resource.
const META_ARGUMENTS: [&str; 4] = ["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: [&str; 4] = ["lifecycle", "provisioner", "connection", "dynamic"];

fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/terraform/aws-provider-schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema extract"))
        .expect("schema JSON")
}

/// Check a block's body against its schema; collect every unknown name.
fn check_body(body: &Body, schema: &Value, at: &str, problems: &mut Vec<String>) {
    let attributes: Vec<&str> = schema["attributes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => {
                let key = a.key.as_str();
                if !attributes.contains(&key) && !META_ARGUMENTS.contains(&key) {
                    problems.push(format!("{at}: unknown argument `{key}`"));
                }
            }
            Structure::Block(b) => check_nested(b, schema, at, problems),
        }
    }
}

fn check_nested(b: &Block, schema: &Value, at: &str, problems: &mut Vec<String>) {
    let name = b.identifier.as_str();
    if name == "dynamic" {
        // dynamic "x" { content { … } } stands for blocks `x`.
        let Some(label) = b.labels.first().map(|l| l.as_str()) else {
            return;
        };
        let Some(content) = b.body.iter().find_map(|s| match s {
            Structure::Block(c) if c.identifier.as_str() == "content" => Some(c),
            _ => None,
        }) else {
            return;
        };
        match schema["blocks"].get(label) {
            Some(nested) => check_body(&content.body, nested, &format!("{at}.{label}"), problems),
            None => problems.push(format!("{at}: unknown block `{label}`")),
        }
        return;
    }
    match schema["blocks"].get(name) {
        Some(nested) => check_body(&b.body, nested, &format!("{at}.{name}"), problems),
        None if META_BLOCKS.contains(&name) => {}
        None => problems.push(format!("{at}: unknown block `{name}`")),
    }
}

#[test]
fn terraform_snippets_parse_and_use_real_provider_arguments() {
    let schema = schema();
    let mut problems = Vec::new();
    let mut resources = 0;
    for meta in checks::metas() {
        let body: Body = match hcl::parse(&meta.remediation.terraform) {
            Ok(body) => body,
            Err(err) => {
                problems.push(format!(
                    "checks/{}.toml: terraform is not HCL: {err}",
                    meta.id
                ));
                continue;
            }
        };
        for block in body.blocks() {
            let kind = block.identifier.as_str();
            if kind != "resource" && kind != "data" {
                continue;
            }
            let Some(type_name) = block.labels.first().map(|l| l.as_str()) else {
                problems.push(format!(
                    "checks/{}.toml: a {kind} block without a type",
                    meta.id
                ));
                continue;
            };
            let at = format!("checks/{}.toml: {kind} {type_name}", meta.id);
            match schema[kind].get(type_name) {
                Some(s) => {
                    resources += 1;
                    check_body(&block.body, s, &at, &mut problems);
                }
                None => problems.push(format!(
                    "{at}: not a type of the provider (regenerate the schema extract?)"
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        resources > 40,
        "only {resources} resource blocks were checked"
    );
}

#[test]
fn the_checker_rejects_what_the_provider_lacks() {
    let schema = schema();
    let body: Body = hcl::parse(
        r#"resource "aws_lb" "main" {
  enable_deletion_protection = true
  deletion_protection        = true
  access_logs {
    bucket  = "logs"
    enabled = true
    retention = 7
  }
  lifecycle { prevent_destroy = true }
}"#,
    )
    .unwrap();
    let mut problems = Vec::new();
    let block = body.blocks().next().unwrap();
    check_body(
        &block.body,
        &schema["resource"]["aws_lb"],
        "aws_lb",
        &mut problems,
    );
    assert_eq!(
        problems,
        [
            "aws_lb: unknown argument `deletion_protection`",
            "aws_lb.access_logs: unknown argument `retention`"
        ]
    );
    assert!(hcl::parse("resource \"aws_lb\" {").is_err());
}
