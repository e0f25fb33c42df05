//! The AWS Security Finding Format, as `BatchImportFindings` takes it: a JSON
//! array of `AwsSecurityFinding`, one per finding, under the default product
//! of a custom integration (`product/<account>/default`).
//!
//! Passing findings are included: a re-import with the same `Id` is how a
//! finding that failed last time turns `PASSED` in Security Hub.
//!
//! `BatchImportFindings` takes at most 100 findings, each in the region of its
//! `ProductArn` and from the account of its `AwsAccountId`; findings of
//! account-wide resources (`region = global`) are imported in the first
//! audited region (else us-east-1), where Security Hub also files its own
//! findings on global resources.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Report;
use crate::catalog::{CheckMeta, Framework};
use crate::finding::{Finding, Severity, Status};
use crate::report::text::{clip, non_empty};

const SCHEMA_VERSION: &str = "2018-10-08";
const FALLBACK_REGION: &str = "us-east-1";
/// `AwsSecurityFinding` length limits (Security Hub API reference).
pub const TITLE_MAX: usize = 256;
pub const DESCRIPTION_MAX: usize = 1024;
pub const RECOMMENDATION_MAX: usize = 512;
pub const PRODUCT_FIELDS_MAX: usize = 50;
pub const PRODUCT_FIELD_KEY_MAX: usize = 128;
pub const PRODUCT_FIELD_VALUE_MAX: usize = 2048;
pub const REQUIREMENTS_MAX: usize = 32;

pub fn render(report: &Report) -> String {
    let findings: Vec<AwsSecurityFinding> =
        report.findings.iter().map(|f| finding(report, f)).collect();
    let mut text = serde_json::to_string_pretty(&findings).expect("ASFF serializes");
    text.push('\n');
    text
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AwsSecurityFinding {
    schema_version: &'static str,
    id: String,
    product_arn: String,
    /// A custom integration may name itself; otherwise the console says "Default".
    product_name: &'static str,
    generator_id: String,
    aws_account_id: String,
    types: Vec<String>,
    created_at: String,
    updated_at: String,
    last_observed_at: String,
    severity: AsffSeverity,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<Remediation>,
    product_fields: BTreeMap<String, String>,
    resources: Vec<Resource>,
    compliance: Compliance,
    /// Honoured when the finding is created; later imports cannot change a
    /// workflow status, which belongs to whoever triages the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    workflow: Option<Workflow>,
    record_state: &'static str,
    /// Severity and types again: on a re-import Security Hub takes them from
    /// here, not from the top-level fields.
    finding_provider_fields: FindingProviderFields,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct AsffSeverity {
    label: &'static str,
    original: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Remediation {
    recommendation: Recommendation,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Recommendation {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Resource {
    r#type: &'static str,
    id: String,
    partition: String,
    region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<ResourceDetails>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ResourceDetails {
    other: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Compliance {
    status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_requirements: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Workflow {
    status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct FindingProviderFields {
    severity: AsffSeverity,
    types: Vec<String>,
}

fn finding(report: &Report, f: &Finding) -> AwsSecurityFinding {
    let meta = crate::checks::meta(&f.check);
    let arn = Arn::parse(&f.resource);
    let partition = arn.as_ref().map_or("aws", |a| a.partition()).to_string();
    let region = import_region(report, &f.region);
    let underlying = match (&f.suppression, f.status) {
        (Some(applied), Status::Suppressed) => applied.status,
        _ => f.status,
    };
    let time = report
        .finished_at
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let id = if f.id.trim().is_empty() {
        Finding::stable_id(&f.check, &f.account, &f.region, &f.resource)
    } else {
        f.id.clone()
    };
    let title = meta.map_or(f.check.as_str(), |m| m.title.as_str());
    let severity = AsffSeverity {
        // A passing check is Security Hub's INFORMATIONAL, as its own
        // control findings are; the check's severity stays in Original.
        label: if underlying == Status::Pass {
            "INFORMATIONAL"
        } else {
            label(f.severity)
        },
        original: f.severity.as_str().to_uppercase(),
    };
    let types = types(f);
    AwsSecurityFinding {
        schema_version: SCHEMA_VERSION,
        id,
        product_arn: format!(
            "arn:{partition}:securityhub:{region}:{account}:product/{account}/default",
            account = f.account
        ),
        product_name: "posture",
        generator_id: non_empty(&f.check, "posture"),
        aws_account_id: f.account.clone(),
        types: types.clone(),
        created_at: time.clone(),
        updated_at: time.clone(),
        last_observed_at: time,
        severity: severity.clone(),
        title: clip(&non_empty(title, "posture finding"), TITLE_MAX),
        description: clip(
            &non_empty(&f.message, &non_empty(title, "posture finding")),
            DESCRIPTION_MAX,
        ),
        remediation: meta
            .map(|m| m.remediation.summary.trim())
            .filter(|s| !s.is_empty())
            .map(|s| Remediation {
                recommendation: Recommendation {
                    text: clip(s, RECOMMENDATION_MAX),
                },
            }),
        product_fields: product_fields(report, f, meta),
        resources: vec![resource(f, arn.as_ref(), &partition, &region)],
        compliance: Compliance {
            status: compliance_status(underlying),
            related_requirements: related_requirements(f),
        },
        workflow: (f.status == Status::Suppressed).then_some(Workflow {
            status: "SUPPRESSED",
        }),
        record_state: "ACTIVE",
        finding_provider_fields: FindingProviderFields { severity, types },
    }
}

fn import_region(report: &Report, region: &str) -> String {
    if region.is_empty() || region == "global" {
        report
            .regions
            .first()
            .map_or(FALLBACK_REGION, String::as_str)
            .to_string()
    } else {
        region.to_string()
    }
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

/// Unknown is WARNING, "some information is missing"; NOT_AVAILABLE is for
/// checks that could not run at all, which posture reports as gaps instead.
fn compliance_status(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASSED",
        Status::Fail => "FAILED",
        Status::Unknown | Status::Suppressed => "WARNING",
    }
}

/// The Security Hub taxonomy: a configuration check against best practice,
/// and against each framework the check maps to (the classifiers AWS names).
/// Security Hub control ids get no classifier: some belong to standards other
/// than Foundational Security Best Practices; `RelatedRequirements` names them.
fn types(f: &Finding) -> Vec<String> {
    let mut types =
        vec!["Software and Configuration Checks/AWS Security Best Practices".to_string()];
    for framework in Framework::ALL {
        let classifier = match framework {
            Framework::Soc2 => "SOC 2",
            Framework::Iso27001 => "ISO 27001 Controls",
            Framework::Cis => "CIS AWS Foundations Benchmark",
            Framework::Fsbp => continue,
        };
        if f.controls.get(&framework).is_some_and(|c| !c.is_empty()) {
            types.push(format!(
                "Software and Configuration Checks/Industry and Regulatory Standards/{classifier}"
            ));
        }
    }
    types
}

/// `<framework>/<control>`, as Security Hub writes `CIS AWS Foundations
/// Benchmark v1.2.0/1.1`.
fn related_requirements(f: &Finding) -> Vec<String> {
    Framework::ALL
        .iter()
        .flat_map(|framework| {
            f.controls
                .get(framework)
                .into_iter()
                .flatten()
                .map(move |control| format!("{}/{control}", framework.title()))
        })
        .take(REQUIREMENTS_MAX)
        .collect()
}

fn product_fields(
    report: &Report,
    f: &Finding,
    meta: Option<&CheckMeta>,
) -> BTreeMap<String, String> {
    let mut fields: Vec<(String, String)> = vec![
        ("ProviderName".into(), report.tool.name.clone()),
        ("ProviderVersion".into(), report.tool.version.clone()),
        ("posture/Status".into(), f.status.to_string()),
        ("posture/Tier".into(), f.tier.to_string()),
        ("posture/Region".into(), f.region.clone()),
    ];
    if let Some(meta) = meta {
        fields.push(("posture/Area".into(), meta.area.to_string()));
    }
    if let Some(applied) = &f.suppression {
        fields.push(("posture/SuppressionReason".into(), applied.reason.clone()));
        fields.push((
            "posture/SuppressionExpires".into(),
            applied.expires.to_string(),
        ));
        if let Some(owner) = &applied.owner {
            fields.push(("posture/SuppressionOwner".into(), owner.clone()));
        }
    }
    for (key, value) in f.terraform.iter().flat_map(|t| t.fields()) {
        // A change cut short is no change to make: it is whole or left out.
        if key == "fix" && value.chars().count() > PRODUCT_FIELD_VALUE_MAX {
            continue;
        }
        fields.push((format!("posture/terraform/{key}"), value));
    }
    for (key, value) in &f.evidence {
        fields.push((format!("posture/evidence/{key}"), value.clone()));
    }
    fields
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .take(PRODUCT_FIELDS_MAX)
        .map(|(k, v)| {
            (
                clip(&k, PRODUCT_FIELD_KEY_MAX),
                clip(&v, PRODUCT_FIELD_VALUE_MAX),
            )
        })
        .collect()
}

fn resource(f: &Finding, arn: Option<&Arn>, partition: &str, region: &str) -> Resource {
    let mut other = BTreeMap::new();
    if !f.resource_name.is_empty() {
        other.insert(
            "Name".to_string(),
            clip(&f.resource_name, PRODUCT_FIELD_VALUE_MAX),
        );
    }
    let (r#type, id) = if f.resource.trim().is_empty() {
        // The account itself, spelled as Security Hub's own account findings are.
        ("AwsAccount", format!("AWS::::Account:{}", f.account))
    } else {
        (
            arn.map_or("Other", |a| resource_type(a).asff),
            f.resource.clone(),
        )
    };
    Resource {
        r#type,
        id,
        partition: partition.to_string(),
        region: region.to_string(),
        details: (!other.is_empty()).then_some(ResourceDetails { other }),
    }
}

/// `arn:partition:service:region:account:resource`.
pub(super) struct Arn<'a> {
    partition: &'a str,
    service: &'a str,
    resource: &'a str,
}

impl<'a> Arn<'a> {
    pub(super) fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut parts = text.splitn(6, ':');
        if parts.next() != Some("arn") {
            return None;
        }
        let partition = parts.next()?;
        let service = parts.next()?;
        let _region = parts.next()?;
        let _account = parts.next()?;
        let resource = parts.next()?;
        Some(Arn {
            partition,
            service,
            resource,
        })
    }

    /// Security Hub knows three partitions; anything else is written as `aws`.
    pub(super) fn partition(&self) -> &'a str {
        match self.partition {
            "aws" | "aws-cn" | "aws-us-gov" => self.partition,
            _ => "aws",
        }
    }
}

/// A resource type as CloudFormation names it (what AWS's OCSF findings put
/// in `resources[].type`) and as ASFF does (`Resources[].Type`, else `Other`).
pub(super) struct ResourceType {
    pub cloudformation: &'static str,
    pub asff: &'static str,
}

pub(super) fn resource_type(arn: &Arn) -> ResourceType {
    let kind = arn.resource.split(['/', ':']).next().unwrap_or_default();
    let (cloudformation, asff) = match (arn.service, kind) {
        ("dynamodb", "table") => ("AWS::DynamoDB::Table", "AwsDynamoDbTable"),
        ("ec2", "security-group") => ("AWS::EC2::SecurityGroup", "AwsEc2SecurityGroup"),
        ("ec2", "subnet") => ("AWS::EC2::Subnet", "AwsEc2Subnet"),
        ("ec2", "vpc") => ("AWS::EC2::VPC", "AwsEc2Vpc"),
        ("ec2", "instance") => ("AWS::EC2::Instance", "AwsEc2Instance"),
        ("ecr", "repository") => ("AWS::ECR::Repository", "AwsEcrRepository"),
        ("ecs", "cluster") => ("AWS::ECS::Cluster", "AwsEcsCluster"),
        ("ecs", "service") => ("AWS::ECS::Service", "AwsEcsService"),
        ("ecs", "task-definition") => ("AWS::ECS::TaskDefinition", "AwsEcsTaskDefinition"),
        ("elasticloadbalancing", "loadbalancer") => {
            // app/, net/ and gwy/ are v2; a classic load balancer has no kind.
            match arn.resource.split('/').nth(1) {
                Some("app" | "net" | "gwy") => (
                    "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    "AwsElbv2LoadBalancer",
                ),
                _ => (
                    "AWS::ElasticLoadBalancing::LoadBalancer",
                    "AwsElbLoadBalancer",
                ),
            }
        }
        ("elasticloadbalancing", "listener") => ("AWS::ElasticLoadBalancingV2::Listener", "Other"),
        ("guardduty", "detector") => ("AWS::GuardDuty::Detector", "AwsGuardDutyDetector"),
        ("iam", "policy") => ("AWS::IAM::ManagedPolicy", "AwsIamPolicy"),
        ("iam", "role") => ("AWS::IAM::Role", "AwsIamRole"),
        ("iam", "user") => ("AWS::IAM::User", "AwsIamUser"),
        ("iam", "group") => ("AWS::IAM::Group", "AwsIamGroup"),
        // The root user is the account: Security Hub files it as AwsAccount.
        ("iam", "root") => ("AWS::::Account", "AwsAccount"),
        ("logs", "log-group") => ("AWS::Logs::LogGroup", "Other"),
        ("rds", "cluster") => ("AWS::RDS::DBCluster", "AwsRdsDbCluster"),
        ("rds", "db") => ("AWS::RDS::DBInstance", "AwsRdsDbInstance"),
        // arn:aws:s3:::bucket, objects have a `/` after the bucket name.
        ("s3", _) if !arn.resource.is_empty() && !arn.resource.contains('/') => {
            ("AWS::S3::Bucket", "AwsS3Bucket")
        }
        ("secretsmanager", "secret") => ("AWS::SecretsManager::Secret", "AwsSecretsManagerSecret"),
        ("cloudtrail", "trail") => ("AWS::CloudTrail::Trail", "AwsCloudTrailTrail"),
        ("kms", "key") => ("AWS::KMS::Key", "AwsKmsKey"),
        ("acm", "certificate") => (
            "AWS::CertificateManager::Certificate",
            "AwsCertificateManagerCertificate",
        ),
        ("wafv2", _) if arn.resource.contains("/webacl/") => {
            ("AWS::WAFv2::WebACL", "AwsWafv2WebAcl")
        }
        _ => ("", "Other"),
    };
    ResourceType {
        cloudformation,
        asff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Applied;
    use crate::report::testing::fixture;
    use serde_json::Value;

    fn asff(report: &Report) -> Vec<Value> {
        serde_json::from_str::<Vec<Value>>(&render(report)).expect("ASFF is a JSON array")
    }

    #[test]
    fn every_finding_is_imported_with_its_compliance_status() {
        let report = fixture("startup");
        let findings = asff(&report);
        assert_eq!(findings.len(), report.findings.len());
        for (asff, f) in findings.iter().zip(&report.findings) {
            assert_eq!(asff["SchemaVersion"], "2018-10-08");
            assert_eq!(asff["Id"], f.id.as_str());
            assert_eq!(asff["GeneratorId"], f.check.as_str());
            assert_eq!(asff["AwsAccountId"], f.account.as_str());
            assert_eq!(asff["Resources"][0]["Id"], f.resource.as_str());
            let expected = match f.status {
                Status::Fail => "FAILED",
                Status::Pass => "PASSED",
                _ => "WARNING",
            };
            assert_eq!(asff["Compliance"]["Status"], expected, "{}", f.id);
            let region = if f.region == "global" {
                "us-east-1"
            } else {
                &f.region
            };
            assert_eq!(
                asff["ProductArn"],
                format!("arn:aws:securityhub:{region}:111111111111:product/111111111111/default")
            );
            assert_eq!(asff["Resources"][0]["Region"], region);
        }
    }

    #[test]
    fn resource_types_follow_security_hub_names() {
        let report = fixture("startup");
        let findings = asff(&report);
        let type_of = |arn: &str| {
            findings
                .iter()
                .find(|f| f["Resources"][0]["Id"] == arn)
                .map(|f| f["Resources"][0]["Type"].as_str().unwrap().to_string())
                .unwrap_or_else(|| panic!("no finding on {arn}"))
        };
        assert_eq!(
            type_of("arn:aws:iam::aws:policy/AdministratorAccess"),
            "AwsIamPolicy"
        );
        assert_eq!(type_of("arn:aws:iam::111111111111:root"), "AwsAccount");
        assert_eq!(type_of("arn:aws:s3:::acme-terraform-state"), "AwsS3Bucket");
        assert_eq!(
            type_of(
                "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/startup-api/d6fc74eb4602dad3"
            ),
            "AwsElbv2LoadBalancer"
        );
        assert_eq!(
            type_of("arn:aws:logs:us-east-1:111111111111:log-group:/ecs/startup-app"),
            "Other"
        );
        assert_eq!(
            type_of("arn:aws:rds:us-east-1:111111111111:db:startup-db"),
            "AwsRdsDbInstance"
        );
        for f in &findings {
            assert!(!f["Resources"][0]["Type"].as_str().unwrap().is_empty());
        }
    }

    #[test]
    fn severity_and_types_name_the_check_and_its_frameworks() {
        let report = fixture("startup");
        let findings = asff(&report);
        let (asff, f) = findings
            .iter()
            .zip(&report.findings)
            .find(|(_, f)| f.check == "iam-no-admin-policy" && f.status == Status::Fail)
            .expect("the startup account has an admin policy");
        assert_eq!(asff["Severity"]["Label"], "CRITICAL");
        assert_eq!(
            asff["FindingProviderFields"]["Severity"]["Label"],
            "CRITICAL"
        );
        let types: Vec<&str> = asff["Types"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(types.contains(
            &"Software and Configuration Checks/Industry and Regulatory Standards/SOC 2"
        ));
        assert!(types.contains(&"Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"));
        assert_eq!(
            types.len(),
            4,
            "best practice, SOC 2, ISO 27001, CIS: {types:?}"
        );
        let requirements = asff["Compliance"]["RelatedRequirements"]
            .as_array()
            .unwrap();
        assert!(requirements.contains(&Value::from("AWS Security Hub controls/IAM.1")));
        assert_eq!(
            requirements.len(),
            f.controls.values().map(Vec::len).sum::<usize>()
        );

        let passing = findings
            .iter()
            .zip(&report.findings)
            .find(|(_, f)| f.status == Status::Pass)
            .unwrap();
        assert_eq!(passing.0["Severity"]["Label"], "INFORMATIONAL");
        assert_eq!(
            passing.0["Severity"]["Original"],
            passing.1.severity.as_str().to_uppercase()
        );
    }

    #[test]
    fn suppressed_is_workflow_suppressed_with_its_underlying_status() {
        let mut report = fixture("startup");
        report.findings[0].status = Status::Suppressed;
        report.findings[0].suppression = Some(Applied {
            status: Status::Fail,
            reason: "accepted until the migration".into(),
            expires: chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
            owner: None,
        });
        report.findings[1].status = Status::Unknown;
        let findings = asff(&report);
        assert_eq!(findings[0]["Compliance"]["Status"], "FAILED");
        assert_eq!(findings[0]["Workflow"]["Status"], "SUPPRESSED");
        assert_eq!(
            findings[0]["ProductFields"]["posture/SuppressionReason"],
            "accepted until the migration"
        );
        assert_eq!(findings[1]["Compliance"]["Status"], "WARNING");
        assert!(findings[1].get("Workflow").is_none());
    }

    #[test]
    fn limits_hold_on_odd_content() {
        let mut report = fixture("hardened");
        report.regions.clear();
        report.findings.truncate(3);
        let f = &mut report.findings[0];
        f.id = String::new();
        f.check = String::new();
        f.message = "é".repeat(5000);
        f.resource = String::new();
        f.resource_name = String::new();
        f.region = "global".into();
        let f = &mut report.findings[1];
        f.resource = "not an arn".into();
        for i in 0..80 {
            f.evidence
                .insert(format!("k{i}{}", "x".repeat(200)), "v".repeat(3000));
        }
        let findings = asff(&report);
        let first = &findings[0];
        assert!(!first["Id"].as_str().unwrap().is_empty());
        assert_eq!(first["GeneratorId"], "posture");
        assert_eq!(
            first["Description"].as_str().unwrap().chars().count(),
            DESCRIPTION_MAX
        );
        assert_eq!(first["Resources"][0]["Type"], "AwsAccount");
        assert_eq!(first["Resources"][0]["Id"], "AWS::::Account:222222222222");
        assert!(
            first["ProductArn"]
                .as_str()
                .unwrap()
                .contains(":us-east-1:")
        );
        let second = &findings[1];
        assert_eq!(second["Resources"][0]["Type"], "Other");
        let fields = second["ProductFields"].as_object().unwrap();
        assert_eq!(fields.len(), PRODUCT_FIELDS_MAX);
        assert!(
            fields
                .iter()
                .all(|(k, v)| k.chars().count() <= PRODUCT_FIELD_KEY_MAX
                    && v.as_str().unwrap().chars().count() <= PRODUCT_FIELD_VALUE_MAX)
        );

        report.findings.clear();
        assert!(asff(&report).is_empty());
    }

    #[test]
    fn arns_parse_without_panicking() {
        for text in [
            "",
            "arn",
            "arn:aws",
            "arn:aws:s3:::",
            "arn:aws-iso:s3:::b",
            "arn:aws:iam::1:root",
        ] {
            if let Some(arn) = Arn::parse(text) {
                let _ = resource_type(&arn);
                assert!(["aws", "aws-cn", "aws-us-gov"].contains(&arn.partition()));
            }
        }
        let gov = Arn::parse("arn:aws-us-gov:s3:::b").unwrap();
        assert_eq!(gov.partition(), "aws-us-gov");
        assert_eq!(resource_type(&gov).asff, "AwsS3Bucket");
        let empty_bucket = Arn::parse("arn:aws:s3:::").unwrap();
        assert_eq!(resource_type(&empty_bucket).asff, "Other");
    }
}
