//! SARIF 2.1.0 (OASIS, errata 01): one run, a rule per check that ran, a
//! result per failing, unknown or suppressed finding.
//!
//! posture judges cloud resources, not files: a result's location is the
//! resource's ARN as a logical location. GitHub code scanning rejects a file
//! whose results lack a physical location ("expected a physical location",
//! github/codeql-action#1738), and posture has no file to point at until
//! resources are mapped to Terraform sources; no path is made up for it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Report;
use crate::catalog::{CheckMeta, Framework};
use crate::finding::{Change, Finding, Severity, Status};
use crate::report::text::{clip, non_empty};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// A hierarchical name ending in a version, as SARIF's fingerprint keys are
/// (`prohibitedWordHash/v3`), so a change of the id's recipe can be told apart.
const FINGERPRINT: &str = "postureFindingId/v1";
/// GitHub shows at most this much of a rule's descriptions.
const DESCRIPTION_MAX: usize = 1024;

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&log(report)).expect("a SARIF log serializes");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    automation_details: AutomationDetails,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
    properties: RunProperties,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: String,
    semantic_version: String,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    /// GitHub reads this number (as a string) to rank security alerts.
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    severity: Severity,
    tier: String,
    /// `framework → control ids`, as in the JSON report.
    controls: BTreeMap<Framework, Vec<String>>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    start_time_utc: String,
    end_time_utc: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_configuration_notifications: Vec<Notification>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    kind: &'static str,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    fingerprints: BTreeMap<&'static str, String>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    /// With `--baseline`: SARIF's own word for the change (§3.27.24).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    /// With `--terraform-dir`: the resource block that declares the resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    logical_locations: Vec<LogicalLocation>,
}

/// A line of a Terraform file, relative to the directory given as
/// `--terraform-dir` (SARIF §3.29): code-scanning views show the result on
/// the line when that directory is the repository's root.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

/// The base the files' URIs are relative to: the `--terraform-dir` given.
const TERRAFORM_ROOT: &str = "TERRAFORMROOT";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
    properties: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct ResultProperties {
    status: Status,
    account: String,
    region: String,
    severity: Severity,
    evidence: BTreeMap<String, String>,
    /// With `--terraform-state`: as the JSON report's `terraform`, the
    /// change written for the resource's block included.
    #[serde(skip_serializing_if = "Option::is_none")]
    terraform: Option<crate::terraform::Terraform>,
}

#[derive(Serialize)]
struct RunProperties {
    accounts: Vec<String>,
    regions: Vec<String>,
    score: Option<u32>,
    tier: String,
    skipped_checks: Vec<String>,
}

fn log(report: &Report) -> Log {
    let rules = rules(report);
    let results = report
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| result(f, &rules))
        .collect();
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool.name.clone(),
                    version: report.tool.version.clone(),
                    semantic_version: report.tool.version.clone(),
                    rules,
                },
            },
            automation_details: AutomationDetails {
                id: automation_id(report),
            },
            invocations: vec![invocation(report)],
            results,
            properties: RunProperties {
                accounts: report.accounts.clone(),
                regions: report.regions.clone(),
                score: report.score.overall,
                tier: report.tier.to_string(),
                skipped_checks: report.skipped_checks.clone(),
            },
        }],
    }
}

/// GitHub reads everything before the last `/` as the analysis category:
/// one category per account and region set, the start time as the run.
fn automation_id(report: &Report) -> String {
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_string()
        } else {
            items.join(",")
        }
    };
    format!(
        "posture/{}/{}/{}",
        list(&report.accounts),
        list(&report.regions),
        report
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
}

/// Every check that ran, in catalog order, then any check a finding names
/// that the catalog does not know, so that every `ruleId` is a rule.
fn rules(report: &Report) -> Vec<Rule> {
    let mut rules: Vec<Rule> = crate::checks::metas()
        .filter(|m| !report.skipped_checks.contains(&m.id))
        .map(rule)
        .collect();
    for f in &report.findings {
        if f.status != Status::Pass && !rules.iter().any(|r| r.id == f.check) {
            rules.push(unknown_rule(f));
        }
    }
    rules
}

fn rule(meta: &CheckMeta) -> Rule {
    let r = &meta.remediation;
    let mut text = r.summary.trim().to_string();
    let mut markdown = format!("{}\n\n{}", meta.rationale.trim(), r.summary.trim());
    if !r.terraform.trim().is_empty() {
        text.push_str(&format!("\n\nTerraform:\n{}", r.terraform.trim_end()));
        markdown.push_str(&format!(
            "\n\n**Terraform**\n\n```hcl\n{}\n```",
            r.terraform.trim_end()
        ));
    }
    if !r.cli.trim().is_empty() {
        text.push_str(&format!("\n\nAWS CLI:\n{}", r.cli.trim_end()));
        markdown.push_str(&format!(
            "\n\n**AWS CLI**\n\n```sh\n{}\n```",
            r.cli.trim_end()
        ));
    }
    Rule {
        id: meta.id.clone(),
        name: meta.id.clone(),
        short_description: Text {
            text: non_empty(&meta.title, &meta.id),
        },
        full_description: Text {
            text: clip(&non_empty(&meta.rationale, &meta.title), DESCRIPTION_MAX),
        },
        help: Help {
            text: non_empty(&text, &meta.title),
            markdown,
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags: vec![
                "security".into(),
                meta.area.to_string(),
                meta.service.clone(),
                meta.tier.to_string(),
            ],
            security_severity: security_severity(meta.severity),
            severity: meta.severity,
            tier: meta.tier.to_string(),
            controls: meta.frameworks.as_map(),
        },
    }
}

/// A check outside the catalog (a report from another posture version): the
/// finding's own fields are all there is to describe it.
fn unknown_rule(f: &Finding) -> Rule {
    let id = non_empty(&f.check, "unknown-check");
    Rule {
        name: id.clone(),
        short_description: Text { text: id.clone() },
        full_description: Text { text: id.clone() },
        help: Help {
            text: format!("See `posture explain {id}`."),
            markdown: format!("See `posture explain {id}`."),
        },
        default_configuration: Configuration {
            level: level(f.severity),
        },
        properties: RuleProperties {
            tags: vec!["security".into()],
            security_severity: security_severity(f.severity),
            severity: f.severity,
            tier: f.tier.to_string(),
            controls: f.controls.clone(),
        },
        id,
    }
}

fn result(f: &Finding, rules: &[Rule]) -> SarifResult {
    let rule_id = non_empty(&f.check, "unknown-check");
    let rule_index = rules.iter().position(|r| r.id == rule_id).unwrap_or(0);
    // A suppressed finding keeps what it was before it was accepted.
    let underlying = match (&f.suppression, f.status) {
        (Some(applied), Status::Suppressed) => applied.status,
        _ => f.status,
    };
    // SARIF's "open": "insufficient information to decide whether a problem
    // exists" (§3.27.9) is posture's unknown; a kind other than "fail" must
    // have level "none" (§3.27.10).
    let (kind, level) = if underlying == Status::Unknown {
        ("open", "none")
    } else {
        ("fail", level(f.severity))
    };
    let message = non_empty(&f.message, &format!("{rule_id}: {}", f.resource_name));
    let message = if underlying == Status::Unknown {
        format!("Could not be decided: {message}")
    } else {
        message
    };
    let suppressions = match &f.suppression {
        Some(applied) if f.status == Status::Suppressed => {
            let mut properties = BTreeMap::from([("expires", applied.expires.to_string())]);
            if let Some(owner) = &applied.owner {
                properties.insert("owner", owner.clone());
            }
            vec![Suppression {
                // Kept outside the log, in posture.toml.
                kind: "external",
                status: "accepted",
                justification: applied.reason.clone(),
                properties,
            }]
        }
        _ => Vec::new(),
    };
    SarifResult {
        rule_id,
        rule_index,
        kind,
        level,
        message: Text { text: message },
        locations: resource_location(f),
        // The id is the whole identity (check, account, region, resource):
        // `fingerprints` is its place in SARIF, `partialFingerprints` the
        // place result-matching systems such as GitHub read.
        fingerprints: BTreeMap::from([(FINGERPRINT, f.id.clone())]),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT, f.id.clone())]),
        suppressions,
        baseline_state: f.change.map(|change| match change {
            Change::New => "new",
            Change::Unchanged => "unchanged",
            Change::Changed => "updated",
        }),
        properties: ResultProperties {
            status: f.status,
            account: f.account.clone(),
            region: f.region.clone(),
            severity: f.severity,
            evidence: f.evidence.clone(),
            terraform: f.terraform.clone(),
        },
    }
}

/// A relative file path as a URI reference: each part percent-encoded,
/// `/` between them.
fn uri_path(file: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // RFC 3986's unreserved characters stay as they are.
    const PART: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    file.split('/')
        .map(|part| utf8_percent_encode(part, PART).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn resource_location(f: &Finding) -> Vec<Location> {
    let physical = f.terraform.as_ref().and_then(|t| {
        Some(PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_path(t.file.as_deref()?),
                uri_base_id: TERRAFORM_ROOT,
            },
            region: Region {
                start_line: t.line?,
            },
        })
    });
    logical_location(&f.resource, &f.resource_name, physical)
}

/// The resource by its ARN and name, and where it is declared if known.
fn logical_location(arn: &str, name: &str, physical: Option<PhysicalLocation>) -> Vec<Location> {
    if arn.is_empty() && name.is_empty() {
        return Vec::new();
    }
    vec![Location {
        physical_location: physical,
        logical_locations: vec![LogicalLocation {
            name: name.to_string(),
            fully_qualified_name: arn.to_string(),
            kind: "resource",
        }],
    }]
}

fn invocation(report: &Report) -> Invocation {
    let time =
        |t: &chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    Invocation {
        // The audit ran to its end; what it could not read is reported below
        // at level "error", SARIF's level for a condition that made the
        // results incomplete.
        execution_successful: true,
        start_time_utc: time(&report.started_at),
        end_time_utc: time(&report.finished_at),
        tool_execution_notifications: report
            .gaps
            .iter()
            .map(|g| Notification {
                level: "error",
                message: Text {
                    text: format!(
                        "{} {} could not be read: {}",
                        g.service, g.operation, g.error
                    ),
                },
                locations: g
                    .resource
                    .as_deref()
                    .map(|r| logical_location(r, "", None))
                    .unwrap_or_default(),
                properties: BTreeMap::from([
                    ("account", g.account.clone()),
                    ("region", g.region.clone()),
                ]),
            })
            .collect(),
        // Expired or stale suppressions: warnings about the configuration.
        tool_configuration_notifications: report
            .warnings
            .iter()
            .map(|w| Notification {
                level: "warning",
                message: Text { text: w.clone() },
                locations: Vec::new(),
                properties: BTreeMap::new(),
            })
            .collect(),
    }
}

/// error for what blocks a tier, warning for medium, note for low.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's bands: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium,
/// 0.1–3.9 low; each severity sits inside its band.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applied;
    use crate::report::testing::fixture;
    use serde_json::Value;

    fn sarif(report: &Report) -> Value {
        serde_json::from_str(&render(report)).expect("SARIF is JSON")
    }

    #[test]
    fn every_failing_finding_is_a_result_with_its_id_as_fingerprint() {
        let report = fixture("startup");
        let doc = sarif(&report);
        let run = &doc["runs"][0];
        let results = run["results"].as_array().unwrap();
        // Failing findings, and the fixture's unknown ones ("open").
        let failing: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| matches!(f.status, Status::Fail | Status::Unknown))
            .collect();
        assert_eq!(results.len(), failing.len());
        for (result, finding) in results.iter().zip(&failing) {
            assert_eq!(result["ruleId"], finding.check.as_str());
            assert_eq!(
                result["partialFingerprints"][FINGERPRINT],
                finding.id.as_str()
            );
            let kind = if finding.status == Status::Fail {
                "fail"
            } else {
                "open"
            };
            assert_eq!(result["kind"], kind);
            assert_eq!(
                result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
                finding.resource.as_str()
            );
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                run["tool"]["driver"]["rules"][index]["id"],
                finding.check.as_str()
            );
        }
    }

    #[test]
    fn a_finding_placed_in_terraform_has_a_physical_location() {
        let mut report = fixture("startup");
        let first = report
            .findings
            .iter()
            .position(|f| f.status == Status::Fail)
            .unwrap();
        report.findings[first].terraform = Some(crate::terraform::Terraform {
            managed: Some(true),
            address: Some("module.web.aws_lb.main".into()),
            file: Some("modules/web app/alb.tf".into()),
            line: Some(14),
            fix: Some("resource \"aws_lb\" \"main\" {}".into()),
        });
        let doc = sarif(&report);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        let physical = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"],
            "modules/web%20app/alb.tf"
        );
        assert_eq!(physical["artifactLocation"]["uriBaseId"], TERRAFORM_ROOT);
        assert_eq!(physical["region"]["startLine"], 14);
        let terraform = &results[0]["properties"]["terraform"];
        assert_eq!(terraform["address"], "module.web.aws_lb.main");
        assert_eq!(terraform["fix"], "resource \"aws_lb\" \"main\" {}");
        assert!(results[1]["locations"][0].get("physicalLocation").is_none());
        assert!(results[1]["properties"].get("terraform").is_none());
    }

    #[test]
    fn a_baseline_sets_each_results_baseline_state() {
        let old = fixture("startup");
        let mut new = old.clone();
        assert!(sarif(&new)["runs"][0]["results"][0]["baselineState"].is_null());
        new.findings[0].id = "not-in-the-baseline".into();
        crate::history::compare(&old, &mut new).unwrap();
        let doc = sarif(&new);
        let states: Vec<&str> = doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["baselineState"].as_str().unwrap())
            .collect();
        assert_eq!(states[0], "new");
        assert!(states[1..].iter().all(|s| *s == "unchanged"), "{states:?}");
    }

    #[test]
    fn rules_are_the_checks_that_ran_with_remediation_as_help() {
        let report = fixture("hardened");
        let doc = sarif(&report);
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let ran = crate::checks::metas().count() - report.skipped_checks.len();
        assert_eq!(rules.len(), ran);
        assert!(doc["runs"][0]["results"].as_array().unwrap().is_empty());
        let admin = rules
            .iter()
            .find(|r| r["id"] == "iam-no-admin-policy")
            .expect("an always-run check is a rule");
        let meta = crate::checks::meta("iam-no-admin-policy").unwrap();
        assert!(
            admin["help"]["text"]
                .as_str()
                .unwrap()
                .starts_with(meta.remediation.summary.trim())
        );
        assert_eq!(admin["properties"]["security-severity"], "9.5");
        assert_eq!(admin["defaultConfiguration"]["level"], "error");
        assert_eq!(admin["properties"]["controls"]["fsbp"][0], "IAM.1");
        for skipped in &report.skipped_checks {
            assert!(rules.iter().all(|r| r["id"] != skipped.as_str()));
        }
    }

    #[test]
    fn severities_map_to_levels_and_githubs_bands() {
        let cases = [
            (Severity::Critical, "error", 9.0..=10.0),
            (Severity::High, "error", 7.0..=8.9),
            (Severity::Medium, "warning", 4.0..=6.9),
            (Severity::Low, "note", 0.1..=3.9),
        ];
        for (severity, expected, band) in cases {
            assert_eq!(level(severity), expected);
            let score: f64 = security_severity(severity).parse().unwrap();
            assert!(band.contains(&score), "{severity}: {score}");
        }
    }

    #[test]
    fn unknown_is_open_and_suppressed_keeps_its_justification() {
        let mut report = fixture("startup");
        report.findings[0].status = Status::Unknown;
        report.findings[1].status = Status::Suppressed;
        report.findings[1].suppression = Some(Applied {
            status: Status::Fail,
            reason: "CloudFront fronts it".into(),
            expires: chrono::NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            owner: Some("platform@acme.example".into()),
        });
        let doc = sarif(&report);
        let results = &doc["runs"][0]["results"];
        assert_eq!(results[0]["kind"], "open");
        assert_eq!(results[0]["level"], "none");
        assert!(
            results[0]["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("Could not be decided: ")
        );
        assert_eq!(results[1]["kind"], "fail");
        assert_eq!(results[1]["suppressions"][0]["kind"], "external");
        assert_eq!(
            results[1]["suppressions"][0]["justification"],
            "CloudFront fronts it"
        );
        assert_eq!(
            results[1]["suppressions"][0]["properties"]["expires"],
            "2027-03-31"
        );
        assert!(results[2].get("suppressions").is_none());
    }

    #[test]
    fn gaps_and_warnings_become_notifications() {
        let mut report = fixture("hardened");
        report.gaps.push(crate::inventory::Gap {
            account: "222222222222".into(),
            region: "us-east-1".into(),
            service: "wafv2".into(),
            operation: "GetWebACLForResource".into(),
            resource: Some(
                "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/x/1".into(),
            ),
            error: "AccessDenied".into(),
        });
        report
            .warnings
            .push("suppression posture.toml:3 expired on 2026-01-01".into());
        let doc = sarif(&report);
        let invocation = &doc["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], true);
        let gap = &invocation["toolExecutionNotifications"][0];
        assert_eq!(gap["level"], "error");
        assert!(
            gap["message"]["text"]
                .as_str()
                .unwrap()
                .contains("AccessDenied")
        );
        assert_eq!(
            invocation["toolConfigurationNotifications"][0]["message"]["text"],
            "suppression posture.toml:3 expired on 2026-01-01"
        );
        assert_eq!(
            doc["runs"][0]["automationDetails"]["id"]
                .as_str()
                .unwrap()
                .rsplit_once('/')
                .unwrap()
                .0,
            "posture/222222222222/us-east-1"
        );
    }

    #[test]
    fn odd_content_does_not_panic_and_stays_described() {
        let mut report = fixture("startup");
        report.accounts.clear();
        report.regions.clear();
        report.findings.truncate(2);
        let f = &mut report.findings[0];
        f.check = String::new();
        f.message = String::new();
        f.resource = String::new();
        f.resource_name = String::new();
        report.findings[1].message = "quote \" tab \t ünïcödé 🚀".into();
        let doc = sarif(&report);
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results[0]["ruleId"], "unknown-check");
        assert!(!results[0]["message"]["text"].as_str().unwrap().is_empty());
        assert!(results[0].get("locations").is_none());
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert!(rules.iter().any(|r| r["id"] == "unknown-check"));
        assert_eq!(results[1]["message"]["text"], "quote \" tab \t ünïcödé 🚀");
        assert!(
            doc["runs"][0]["automationDetails"]["id"]
                .as_str()
                .unwrap()
                .starts_with("posture/none/none/")
        );

        report.findings.clear();
        let doc = sarif(&report);
        assert!(doc["runs"][0]["results"].as_array().unwrap().is_empty());
    }
}
