//! The machine formats of the fixture accounts' reports, as the binary writes
//! them: SARIF and OCSF validated against their published JSON schemas
//! (`tests/data/schemas/`, see its README), ASFF against the fields and
//! limits `BatchImportFindings` documents; and each checked against the JSON
//! report it was rendered from.

mod common;

use std::collections::BTreeSet;

use common::{posture_cmd, stderr, stdout, validate};
use serde_json::Value;

fn fixture(name: &str) -> String {
    common::fixture(name).to_string_lossy().into_owned()
}

fn audit(name: &str, format: &str, extra: &[&str]) -> Value {
    let snapshot = fixture(name);
    let mut args = vec![
        "audit",
        "--from-snapshot",
        &snapshot,
        "--fail-on",
        "never",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    let out = posture_cmd().args(&args).output().expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{format} is not JSON: {e}"))
}

/// A suppression of the first failing finding of the startup account, so that
/// every format also shows a suppressed finding.
fn suppressing_config(report: &Value) -> (tempdir::Dir, String, String) {
    let first = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "fail")
        .expect("the startup account fails checks");
    let dir = tempdir::Dir::new("posture-formats");
    let path = dir.path().join("posture.toml");
    std::fs::write(
        &path,
        format!(
            "[[suppress]]\ncheck = {}\nresource = {}\nreason = \"Accepted by the security team\"\nexpires = 2999-12-31\nowner = \"sec@acme.example\"\n",
            first["check"], first["resource"]
        ),
    )
    .expect("config written");
    let id = first["id"].as_str().unwrap().to_string();
    (dir, path.to_string_lossy().into_owned(), id)
}

mod tempdir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new(name: &str) -> Dir {
            let path = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir(path)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn ids_with_status(report: &Value, statuses: &[&str]) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| statuses.iter().any(|s| f["status"] == *s))
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_a_result_per_finding_to_act_on() {
    let startup = audit("startup", "json", &[]);
    let (_dir, config, suppressed) = suppressing_config(&startup);
    for (name, extra) in [
        ("startup", vec!["--config", config.as_str()]),
        ("hardened", vec![]),
    ] {
        let report = audit(name, "json", &extra);
        let sarif = audit(name, "sarif", &extra);
        validate("sarif-schema-2.1.0.json", &[&sarif]).unwrap_or_else(|e| panic!("{name}: {e}"));

        assert_eq!(sarif["version"], "2.1.0");
        let run = &sarif["runs"][0];
        let results = run["results"].as_array().unwrap();
        let expected = ids_with_status(&report, &["fail", "unknown", "suppressed"]);
        let fingerprints: Vec<&str> = results
            .iter()
            .map(|r| {
                r["partialFingerprints"]["postureFindingId/v1"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            fingerprints, expected,
            "{name}: results are the findings to act on"
        );
        for r in results {
            assert_eq!(r["fingerprints"], r["partialFingerprints"]);
        }

        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let rule_ids: BTreeSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(rule_ids.len(), rules.len(), "{name}: rule ids repeat");
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"], "{name}: ruleIndex");
            assert!(rule_ids.contains(r["ruleId"].as_str().unwrap()));
        }
        let skipped: Vec<&str> = report["skipped_checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(skipped.iter().all(|s| !rule_ids.contains(s)));
        assert!(rule_ids.len() > 50, "{name}: a rule per check that ran");
        for rule in rules {
            assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
            let score: f64 = rule["properties"]["security-severity"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(score > 0.0 && score <= 10.0);
        }

        let with_suppression: Vec<&Value> = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .collect();
        if name == "startup" {
            assert_eq!(with_suppression.len(), 1);
            let s = with_suppression[0];
            assert_eq!(
                s["partialFingerprints"]["postureFindingId/v1"],
                suppressed.as_str()
            );
            assert_eq!(s["suppressions"][0]["kind"], "external");
            assert_eq!(
                s["suppressions"][0]["justification"],
                "Accepted by the security team"
            );
        } else {
            assert!(results.is_empty() && with_suppression.is_empty());
        }
    }
}

#[test]
fn ocsf_is_valid_detection_findings_one_per_finding() {
    let startup = audit("startup", "json", &[]);
    let (_dir, config, suppressed) = suppressing_config(&startup);
    for (name, extra) in [
        ("startup", vec!["--config", config.as_str()]),
        ("hardened", vec![]),
    ] {
        let report = audit(name, "json", &extra);
        let ocsf = audit(name, "ocsf", &extra);
        let events: Vec<&Value> = ocsf
            .as_array()
            .expect("an array of events")
            .iter()
            .collect();
        validate("ocsf-1.8.0-detection_finding.json", &events)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let compliance: Vec<&Value> = events
            .iter()
            .flat_map(|e| e["unmapped"]["compliance"].as_array().unwrap())
            .collect();
        assert!(!compliance.is_empty(), "{name}: findings map to frameworks");
        validate("ocsf-1.8.0-compliance.json", &compliance)
            .unwrap_or_else(|e| panic!("{name}: compliance: {e}"));

        let findings = report["findings"].as_array().unwrap();
        assert_eq!(events.len(), findings.len());
        for (event, f) in events.iter().zip(findings) {
            assert_eq!(event["class_uid"], 2004);
            assert_eq!(event["type_uid"], 200401);
            assert_eq!(event["finding_info"]["uid"], f["id"]);
            assert_eq!(event["finding_info"]["types"][0], f["check"]);
            assert_eq!(event["resources"][0]["uid"], f["resource"]);
            assert_eq!(event["status_code"], f["status"]);
            let expected = if f["id"] == suppressed.as_str() && name == "startup" {
                3
            } else {
                1
            };
            assert_eq!(event["status_id"], expected, "{name}: {}", f["id"]);
        }
    }
}

#[test]
fn a_broken_document_fails_validation() {
    let mut sarif = audit("startup", "sarif", &[]);
    sarif["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let errors = validate("sarif-schema-2.1.0.json", &[&sarif]).expect_err("level fatal");
    assert!(errors.contains("fatal"), "{errors}");

    let mut ocsf = audit("startup", "ocsf", &[]);
    ocsf[0]["severity_id"] = Value::from(42);
    ocsf[1].as_object_mut().unwrap().remove("finding_info");
    let events: Vec<&Value> = ocsf.as_array().unwrap().iter().collect();
    let errors = validate("ocsf-1.8.0-detection_finding.json", &events).expect_err("broken");
    assert!(errors.contains("0: /severity_id: 42"), "{errors}");
    assert!(
        errors.contains("1: /: 'finding_info' is a required property"),
        "{errors}"
    );

    let compliance = serde_json::json!({"status_id": 7, "standards": "not a list"});
    let errors = validate("ocsf-1.8.0-compliance.json", &[&compliance]).expect_err("broken");
    assert!(
        errors.contains("status_id") && errors.contains("standards"),
        "{errors}"
    );
}

/// `AwsSecurityFinding` as the Security Hub API reference documents it for
/// `BatchImportFindings`: required fields, allowed values, length limits.
fn check_asff(name: &str, finding: &Value, source: &Value) {
    let text = |key: &str| -> &str {
        let value = finding[key]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {key} missing: {finding}"));
        assert!(!value.trim().is_empty(), "{name}: {key} is empty");
        value
    };
    assert_eq!(text("SchemaVersion"), "2018-10-08");
    assert!(text("Id").chars().count() <= 512);
    assert!(text("GeneratorId").chars().count() <= 512);
    let account = text("AwsAccountId");
    assert!(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let product: Vec<&str> = text("ProductArn").split(':').collect();
    assert_eq!(product.len(), 6, "{name}: ProductArn {product:?}");
    assert_eq!(&product[..3], ["arn", "aws", "securityhub"]);
    assert_eq!(product[4], account);
    assert_eq!(product[5], format!("product/{account}/default"));
    for key in ["CreatedAt", "UpdatedAt"] {
        chrono::DateTime::parse_from_rfc3339(text(key))
            .unwrap_or_else(|e| panic!("{name}: {key} is not RFC 3339: {e}"));
    }
    assert!(text("Title").chars().count() <= 256);
    assert!(text("Description").chars().count() <= 1024);

    let types = finding["Types"].as_array().expect("Types");
    assert!(!types.is_empty() && types.len() <= 50);
    for t in types {
        let parts: Vec<&str> = t.as_str().unwrap().split('/').collect();
        assert!((1..=3).contains(&parts.len()), "{t}");
        assert!(
            [
                "Software and Configuration Checks",
                "TTPs",
                "Effects",
                "Unusual Behaviors",
                "Sensitive Data Identifications"
            ]
            .contains(&parts[0]),
            "{t}"
        );
    }
    let labels = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
    for severity in [
        &finding["Severity"],
        &finding["FindingProviderFields"]["Severity"],
    ] {
        assert!(
            labels.contains(&severity["Label"].as_str().unwrap()),
            "{severity}"
        );
    }

    let resources = finding["Resources"].as_array().expect("Resources");
    assert!(!resources.is_empty() && resources.len() <= 32);
    for r in resources {
        assert!(!r["Type"].as_str().unwrap().is_empty());
        assert!(!r["Id"].as_str().unwrap().is_empty());
        // The region BatchImportFindings is called in is the product's.
        assert_eq!(r["Region"], product[3]);
        assert!(["aws", "aws-cn", "aws-us-gov"].contains(&r["Partition"].as_str().unwrap()));
    }
    assert_eq!(resources[0]["Id"], source["resource"]);

    let status = finding["Compliance"]["Status"].as_str().unwrap();
    let underlying = source["suppression"]["status"]
        .as_str()
        .unwrap_or(source["status"].as_str().unwrap());
    let expected = match underlying {
        "pass" => "PASSED",
        "fail" => "FAILED",
        "unknown" => "WARNING",
        other => panic!("{name}: status {other}"),
    };
    assert_eq!(status, expected, "{name}: {}", source["id"]);
    assert!(
        finding["Compliance"]["RelatedRequirements"]
            .as_array()
            .map_or(0, Vec::len)
            <= 32
    );
    if let Some(text) = finding["Remediation"]["Recommendation"]["Text"].as_str() {
        assert!(!text.is_empty() && text.chars().count() <= 512);
    }
    let fields = finding["ProductFields"].as_object().expect("ProductFields");
    assert!(fields.len() <= 50);
    assert!(
        fields.iter().all(|(k, v)| k.chars().count() <= 128
            && v.as_str().is_some_and(|v| v.chars().count() <= 2048))
    );
}

#[test]
fn asff_has_every_field_batch_import_findings_requires() {
    let startup = audit("startup", "json", &[]);
    let (_dir, config, suppressed) = suppressing_config(&startup);
    for (name, extra) in [
        ("startup", vec!["--config", config.as_str()]),
        ("hardened", vec![]),
    ] {
        let report = audit(name, "json", &extra);
        let asff = audit(name, "asff", &extra);
        let findings = asff
            .as_array()
            .expect("a JSON array, as --findings takes it");
        let sources = report["findings"].as_array().unwrap();
        assert_eq!(
            findings.len(),
            sources.len(),
            "{name}: every finding, passing ones too"
        );
        let ids: BTreeSet<&str> = findings.iter().map(|f| f["Id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), findings.len(), "{name}: Ids repeat");
        for (finding, source) in findings.iter().zip(sources) {
            check_asff(name, finding, source);
            if source["region"] == "global" {
                // Account-wide resources are imported in the audited region.
                assert!(
                    finding["ProductArn"]
                        .as_str()
                        .unwrap()
                        .contains(":us-east-1:")
                );
            }
            let workflow = finding["Workflow"]["Status"].as_str();
            if name == "startup" && source["id"] == suppressed.as_str() {
                assert_eq!(workflow, Some("SUPPRESSED"));
            } else {
                assert_eq!(workflow, None);
            }
        }
    }
}

#[test]
fn output_dir_gets_a_file_per_format() {
    let dir = tempdir::Dir::new("posture-formats-dir");
    let snapshot = fixture("hardened");
    let out = posture_cmd()
        .args(["audit", "--from-snapshot", &snapshot, "--fail-on", "never"])
        .args(["--format", "sarif,ocsf,asff", "--output-dir"])
        .arg(dir.path())
        .output()
        .expect("posture runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (file, format) in [
        ("report.sarif", "sarif"),
        ("report.ocsf.json", "ocsf"),
        ("report.asff.json", "asff"),
    ] {
        let text = std::fs::read_to_string(dir.path().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let written: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(written, audit("hardened", format, &[]), "{file}");
    }
}
