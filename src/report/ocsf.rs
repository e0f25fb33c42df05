//! OCSF 1.8.0 Detection Finding (`class_uid` 2004) with the `cloud` profile:
//! one JSON array of events, one per finding, passing ones included, as
//! evidence that a control holds is as much a record as a failure.
//!
//! Detection Finding has no `compliance` attribute (OCSF keeps it to the
//! Compliance Finding class) and its schema allows no attribute it does not
//! define, so each framework's result is an OCSF `compliance` object under
//! `unmapped.compliance`: where Prowler, the posture tool most OCSF pipelines
//! already read, puts it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Report;
use super::asff::{Arn, resource_type};
use crate::catalog::{CheckMeta, Framework};
use crate::finding::{Finding, Severity, Status};

pub const OCSF_VERSION: &str = "1.8.0";
const CLASS_UID: u32 = 2004;
const CATEGORY_UID: u32 = 2;
/// Every finding is reported as created: posture keeps no state between runs.
const ACTIVITY_CREATE: u32 = 1;

pub fn render(report: &Report) -> String {
    let events: Vec<DetectionFinding> = report.findings.iter().map(|f| event(report, f)).collect();
    let mut text = serde_json::to_string_pretty(&events).expect("OCSF serializes");
    text.push('\n');
    text
}

#[derive(Serialize)]
struct DetectionFinding {
    activity_id: u32,
    activity_name: &'static str,
    category_uid: u32,
    category_name: &'static str,
    class_uid: u32,
    class_name: &'static str,
    type_uid: u32,
    type_name: &'static str,
    /// Epoch milliseconds: the end of the audit, when the finding was made.
    time: i64,
    start_time: i64,
    end_time: i64,
    severity_id: u8,
    severity: &'static str,
    status_id: u8,
    status: &'static str,
    /// posture's own status: fail, unknown, suppressed or pass.
    status_code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    status_detail: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    message: String,
    finding_info: FindingInfo,
    resources: Vec<ResourceDetails>,
    cloud: Cloud,
    metadata: Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<Remediation>,
    unmapped: Unmapped,
}

#[derive(Serialize)]
struct FindingInfo {
    uid: String,
    title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    desc: String,
    types: Vec<String>,
    analytic: Analytic,
}

#[derive(Serialize)]
struct Analytic {
    uid: String,
    name: String,
    type_id: u8,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    category: String,
}

#[derive(Serialize)]
struct ResourceDetails {
    #[serde(skip_serializing_if = "String::is_empty")]
    uid: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(rename = "type", skip_serializing_if = "str::is_empty")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud_partition: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    data: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Cloud {
    provider: &'static str,
    account: Account,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
}

#[derive(Serialize)]
struct Account {
    uid: String,
    type_id: u8,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Metadata {
    version: &'static str,
    product: Product,
    profiles: Vec<&'static str>,
    /// The check, as Prowler's OCSF output spells its check id.
    event_code: String,
}

#[derive(Serialize)]
struct Product {
    name: String,
    vendor_name: String,
    version: String,
}

#[derive(Serialize)]
struct Remediation {
    desc: String,
}

#[derive(Serialize)]
struct Unmapped {
    compliance: Vec<ComplianceObject>,
    check_severity: Severity,
    tier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<Suppression>,
    /// With `--terraform-state`: the resource's place in the Terraform.
    #[serde(skip_serializing_if = "Option::is_none")]
    terraform: Option<crate::terraform::Terraform>,
}

/// The OCSF `compliance` object, one per framework the check maps to.
#[derive(Serialize)]
struct ComplianceObject {
    standards: Vec<String>,
    requirements: Vec<String>,
    status_id: u8,
    status: &'static str,
}

#[derive(Serialize)]
struct Suppression {
    reason: String,
    expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<String>,
    status: Status,
}

fn event(report: &Report, f: &Finding) -> DetectionFinding {
    let meta = crate::checks::meta(&f.check);
    let underlying = match (&f.suppression, f.status) {
        (Some(applied), Status::Suppressed) => applied.status,
        _ => f.status,
    };
    let (severity_id, severity) = severity(f.severity, underlying);
    let (status_id, status) = if f.status == Status::Suppressed {
        (3, "Suppressed")
    } else {
        (1, "New")
    };
    let region = (!f.region.is_empty() && f.region != "global").then(|| f.region.clone());
    let title = meta.map_or(f.check.clone(), |m| m.title.clone());
    DetectionFinding {
        activity_id: ACTIVITY_CREATE,
        activity_name: "Create",
        category_uid: CATEGORY_UID,
        category_name: "Findings",
        class_uid: CLASS_UID,
        class_name: "Detection Finding",
        type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
        type_name: "Detection Finding: Create",
        time: report.finished_at.timestamp_millis(),
        start_time: report.started_at.timestamp_millis(),
        end_time: report.finished_at.timestamp_millis(),
        severity_id,
        severity,
        status_id,
        status,
        status_code: f.status.to_string(),
        status_detail: f.message.clone(),
        message: f.message.clone(),
        finding_info: FindingInfo {
            uid: f.id.clone(),
            title: if title.is_empty() {
                f.id.clone()
            } else {
                title.clone()
            },
            desc: meta.map_or(String::new(), |m| m.rationale.trim().to_string()),
            types: vec![f.check.clone()],
            analytic: Analytic {
                uid: f.check.clone(),
                name: if title.is_empty() {
                    f.check.clone()
                } else {
                    title
                },
                type_id: 1,
                kind: "Rule",
                category: meta.map_or(String::new(), |m| m.area.to_string()),
            },
        },
        resources: vec![resource(f, region.clone())],
        cloud: Cloud {
            provider: "AWS",
            account: Account {
                uid: f.account.clone(),
                type_id: 10,
                kind: "AWS Account",
            },
            region,
        },
        metadata: Metadata {
            version: OCSF_VERSION,
            product: Product {
                name: report.tool.name.clone(),
                vendor_name: report.tool.name.clone(),
                version: report.tool.version.clone(),
            },
            profiles: vec!["cloud"],
            event_code: f.check.clone(),
        },
        remediation: meta.and_then(remediation),
        unmapped: Unmapped {
            compliance: compliance(f, underlying),
            check_severity: f.severity,
            tier: f.tier.to_string(),
            suppression: f.suppression.as_ref().map(|applied| Suppression {
                reason: applied.reason.clone(),
                expires: applied.expires.to_string(),
                owner: applied.owner.clone(),
                status: applied.status,
            }),
            terraform: f.terraform.clone(),
        },
    }
}

/// OCSF `severity_id`: 2 Low, 3 Medium, 4 High, 5 Critical; a passing
/// check needs no action, OCSF's 1 Informational.
fn severity(severity: Severity, status: Status) -> (u8, &'static str) {
    if status == Status::Pass {
        return (1, "Informational");
    }
    match severity {
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// OCSF compliance `status_id`: 1 Pass, 2 Warning ("did not yield a result
/// due to missing information", posture's unknown), 3 Fail.
fn compliance_status(status: Status) -> (u8, &'static str) {
    match status {
        Status::Pass => (1, "Pass"),
        Status::Unknown | Status::Suppressed => (2, "Warning"),
        Status::Fail => (3, "Fail"),
    }
}

fn compliance(f: &Finding, status: Status) -> Vec<ComplianceObject> {
    let (status_id, status) = compliance_status(status);
    Framework::ALL
        .iter()
        .filter_map(|framework| {
            let controls = f.controls.get(framework).filter(|c| !c.is_empty())?;
            Some(ComplianceObject {
                standards: vec![framework.title().to_string()],
                requirements: controls.clone(),
                status_id,
                status,
            })
        })
        .collect()
}

fn resource(f: &Finding, region: Option<String>) -> ResourceDetails {
    let arn = Arn::parse(&f.resource);
    let mut uid = f.resource.clone();
    // OCSF needs a uid or a name; an empty resource is the account itself.
    if uid.trim().is_empty() && f.resource_name.trim().is_empty() {
        uid = f.account.clone();
    }
    ResourceDetails {
        uid,
        name: f.resource_name.clone(),
        kind: arn.as_ref().map_or("", |a| resource_type(a).cloudformation),
        region,
        cloud_partition: arn.as_ref().map(|a| a.partition().to_string()),
        data: f.evidence.clone(),
    }
}

fn remediation(meta: &CheckMeta) -> Option<Remediation> {
    let desc = meta.remediation.summary.trim();
    (!desc.is_empty()).then(|| Remediation {
        desc: desc.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applied;
    use crate::report::testing::fixture;
    use serde_json::Value;

    fn ocsf(report: &Report) -> Vec<Value> {
        serde_json::from_str::<Vec<Value>>(&render(report)).expect("OCSF is a JSON array")
    }

    #[test]
    fn every_finding_is_a_detection_finding_on_its_resource() {
        let report = fixture("startup");
        let events = ocsf(&report);
        assert_eq!(events.len(), report.findings.len());
        for (event, f) in events.iter().zip(&report.findings) {
            assert_eq!(event["class_uid"], 2004);
            assert_eq!(event["category_uid"], 2);
            assert_eq!(event["type_uid"], 200401);
            assert_eq!(event["finding_info"]["uid"], f.id.as_str());
            assert_eq!(event["finding_info"]["types"][0], f.check.as_str());
            assert_eq!(event["resources"][0]["uid"], f.resource.as_str());
            assert_eq!(event["cloud"]["provider"], "AWS");
            assert_eq!(event["cloud"]["account"]["uid"], f.account.as_str());
            assert_eq!(event["metadata"]["version"], "1.8.0");
            assert_eq!(event["status_code"], f.status.to_string());
            assert_eq!(event["time"], report.finished_at.timestamp_millis());
            if f.region == "global" {
                assert!(event["cloud"].get("region").is_none());
            } else {
                assert_eq!(event["cloud"]["region"], f.region.as_str());
            }
        }
    }

    #[test]
    fn severity_and_compliance_follow_the_status() {
        let report = fixture("startup");
        let events = ocsf(&report);
        let failing = events
            .iter()
            .zip(&report.findings)
            .find(|(_, f)| f.check == "iam-no-admin-policy" && f.status == Status::Fail)
            .unwrap()
            .0;
        assert_eq!(failing["severity_id"], 5);
        assert_eq!(failing["severity"], "Critical");
        assert_eq!(failing["status_id"], 1);
        let compliance = failing["unmapped"]["compliance"].as_array().unwrap();
        assert_eq!(compliance.len(), 4);
        assert!(
            compliance
                .iter()
                .all(|c| c["status_id"] == 3 && c["status"] == "Fail")
        );
        let soc2 = compliance
            .iter()
            .find(|c| c["standards"][0] == "SOC 2 (2017 Trust Services Criteria)")
            .unwrap();
        assert_eq!(soc2["requirements"][0], "CC6.3");
        assert_eq!(failing["resources"][0]["type"], "AWS::IAM::ManagedPolicy");

        let passing = events
            .iter()
            .zip(&report.findings)
            .find(|(_, f)| f.status == Status::Pass && !f.controls.is_empty())
            .unwrap()
            .0;
        assert_eq!(passing["severity_id"], 1);
        assert!(
            passing["unmapped"]["compliance"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["status_id"] == 1)
        );
        assert_eq!(
            [
                Severity::Low,
                Severity::Medium,
                Severity::High,
                Severity::Critical
            ]
            .map(|s| severity(s, Status::Fail).0),
            [2, 3, 4, 5]
        );
        assert_eq!(compliance_status(Status::Unknown), (2, "Warning"));
    }

    #[test]
    fn suppressed_is_status_suppressed_and_keeps_the_reason() {
        let mut report = fixture("startup");
        report.findings[0].status = Status::Suppressed;
        report.findings[0].suppression = Some(Applied {
            status: Status::Unknown,
            reason: "no WAF in this account".into(),
            expires: chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
            owner: Some("sec@acme.example".into()),
        });
        let events = ocsf(&report);
        assert_eq!(events[0]["status_id"], 3);
        assert_eq!(events[0]["status"], "Suppressed");
        assert_eq!(events[0]["status_code"], "suppressed");
        assert_eq!(
            events[0]["unmapped"]["suppression"]["reason"],
            "no WAF in this account"
        );
        assert!(
            events[0]["unmapped"]["compliance"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["status"] == "Warning")
        );
    }

    #[test]
    fn odd_content_does_not_panic() {
        let mut report = fixture("hardened");
        report.findings.truncate(1);
        let f = &mut report.findings[0];
        f.check = String::new();
        f.message = String::new();
        f.resource = String::new();
        f.resource_name = String::new();
        f.region = String::new();
        f.controls.clear();
        let events = ocsf(&report);
        assert_eq!(events[0]["resources"][0]["uid"], "222222222222");
        assert!(events[0].get("message").is_none());
        assert!(events[0].get("remediation").is_none());
        assert!(
            events[0]["unmapped"]["compliance"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(
            !events[0]["finding_info"]["title"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );

        report.findings.clear();
        assert!(ocsf(&report).is_empty());
    }
}
