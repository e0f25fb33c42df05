//! The table of checks against its metadata and against the project's own
//! copy of the catalog (`docs/catalog.tsv`).

use std::collections::BTreeSet;

use super::{CHECKS, TABLE, get};
use crate::catalog::{self, Framework, Frameworks, MANUAL_TOML, ManualControl};

#[test]
fn every_check_has_valid_metadata() {
    let mut ids = BTreeSet::new();
    for (id, toml, _) in TABLE {
        let meta =
            catalog::parse(toml).unwrap_or_else(|e| panic!("checks/{id}.toml does not parse: {e}"));
        assert_eq!(&meta.id, id, "checks/{id}.toml names another id");
        assert!(ids.insert(meta.id.clone()), "{} registered twice", meta.id);
        assert!(
            !meta.title.trim().is_empty() && meta.title.len() < 90,
            "{}: title",
            meta.id
        );
        assert!(!meta.rationale.trim().is_empty(), "{}: rationale", meta.id);
        assert!(
            !meta.remediation.summary.trim().is_empty(),
            "{}: remediation summary",
            meta.id
        );
        assert!(
            !meta.remediation.terraform.trim().is_empty(),
            "{}: terraform",
            meta.id
        );
        // It is rewritten for the user's own block (terraform::fix): HCL.
        if let Err(e) = meta.remediation.terraform.parse::<hcl_edit::structure::Body>() {
            panic!("{}: the Terraform change is no HCL: {e}", meta.id);
        }
        assert!(
            meta.remediation.cli.contains("aws "),
            "{}: the CLI fix names no aws command",
            meta.id
        );
        assert!(!meta.guide.is_empty(), "{}: guide reference", meta.id);
        for g in &meta.guide {
            let doc = &g[..3.min(g.len())];
            assert!(
                ["000", "001", "002", "003", "004"].contains(&doc),
                "{}: guide {g}",
                meta.id
            );
        }
        assert_frameworks(&meta.id, &meta.frameworks);
        assert!(
            !meta.frameworks.is_empty()
                || meta
                    .frameworks
                    .none
                    .as_deref()
                    .is_some_and(|n| !n.trim().is_empty()),
            "{}: maps to no framework control and does not say why (frameworks.none)",
            meta.id
        );
    }
}

/// The service prefixes of AWS Security Hub control ids. SOC 2's criteria
/// (`CC6.1`, `A1.2`) have the same shape, so the prefix is what tells them apart.
const SECURITY_HUB_SERVICES: &[&str] = &[
    "Account",
    "ACM",
    "APIGateway",
    "AppSync",
    "Athena",
    "AutoScaling",
    "Backup",
    "CloudFormation",
    "CloudFront",
    "CloudTrail",
    "CloudWatch",
    "CodeBuild",
    "Config",
    "DMS",
    "DocumentDB",
    "DynamoDB",
    "EC2",
    "ECR",
    "ECS",
    "EFS",
    "EKS",
    "ElastiCache",
    "ElasticBeanstalk",
    "ELB",
    "EMR",
    "ES",
    "EventBridge",
    "GuardDuty",
    "IAM",
    "Inspector",
    "Kinesis",
    "KMS",
    "Lambda",
    "Macie",
    "MQ",
    "MSK",
    "Neptune",
    "NetworkFirewall",
    "Opensearch",
    "RDS",
    "Redshift",
    "Route53",
    "S3",
    "SageMaker",
    "SecretsManager",
    "SES",
    "SNS",
    "SQS",
    "SSM",
    "StepFunctions",
    "WAF",
];

/// Retired Security Hub control ids (`tests/data/securityhub-retired.txt`).
fn retired_security_hub_ids() -> Vec<&'static str> {
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/securityhub-retired.txt"
    ))
    .lines()
    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    .filter_map(|l| l.split('\t').next())
    .collect()
}

/// Why `id` cannot be a control of `framework`, or `None` when it can: it
/// must have the shape of that framework's ids and of no other's, and must
/// not be retired.
fn control_problem(framework: Framework, id: &str) -> Option<String> {
    if !shaped_like(framework, id) {
        return Some(format!(
            "{} control {id:?} is not one of that framework's ids",
            framework.key()
        ));
    }
    if let Some(other) = Framework::ALL
        .into_iter()
        .find(|f| *f != framework && shaped_like(*f, id))
    {
        return Some(format!(
            "{} control {id:?} is an id of {}",
            framework.key(),
            other.key()
        ));
    }
    if framework == Framework::Fsbp && retired_security_hub_ids().contains(&id) {
        return Some(format!("Security Hub control {id} is retired"));
    }
    None
}

/// Whether `id` has the shape of `framework`'s control ids.
fn shaped_like(framework: Framework, id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match framework {
        // ELB.6, CloudTrail.1, SecretsManager.4: a Security Hub service prefix.
        Framework::Fsbp => id
            .split_once('.')
            .is_some_and(|(service, n)| SECURITY_HUB_SERVICES.contains(&service) && digits(n)),
        // CC1.1–CC9.2, A1.1–A1.3, C1.1–C1.2, PI1.1–PI1.5, P1.1–P8.1
        Framework::Soc2 => ["CC", "A", "C", "PI", "P"].iter().any(|p| {
            id.strip_prefix(p)
                .and_then(|r| r.split_once('.'))
                .is_some_and(|(a, b)| digits(a) && digits(b))
        }),
        // A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34 (2022 Annex A)
        Framework::Iso27001 => id
            .strip_prefix("A.")
            .and_then(|r| r.split_once('.'))
            .is_some_and(|(t, n)| {
                let max = match t {
                    "5" => 37,
                    "6" => 8,
                    "7" => 14,
                    "8" => 34,
                    _ => 0,
                };
                n.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
            }),
        // 1.4, 2.1.1, 5.5
        Framework::Cis => {
            let parts: Vec<&str> = id.split('.').collect();
            (2..=3).contains(&parts.len())
                && parts.iter().all(|p| digits(p))
                && ["1", "2", "3", "4", "5"].contains(&parts[0])
        }
    }
}

/// Control ids valid for their framework, none twice, none retired; every
/// partial mapping names a control the check maps to.
fn assert_frameworks(owner: &str, f: &Frameworks) {
    for framework in Framework::ALL {
        let controls = f.controls(framework);
        let unique: BTreeSet<&String> = controls.iter().collect();
        assert_eq!(
            unique.len(),
            controls.len(),
            "{owner}: a {} control is listed twice",
            framework.key()
        );
        for id in controls {
            if let Some(problem) = control_problem(framework, id) {
                panic!("{owner}: {problem}");
            }
        }
    }
    for p in &f.partial {
        assert!(
            f.controls(p.framework).contains(&p.control),
            "{owner}: partial {} {} is not among its {} controls",
            p.framework.key(),
            p.control,
            p.framework.key()
        );
        assert!(
            !p.covers.trim().is_empty(),
            "{owner}: partial {} says nothing",
            p.control
        );
    }
}

#[test]
fn controls_of_another_framework_or_retired_ones_are_rejected() {
    assert!(!retired_security_hub_ids().is_empty());
    let rejected = [
        (Framework::Fsbp, "S3.4"),
        (Framework::Fsbp, "SNS.2"),
        (Framework::Fsbp, "5.3"),
        (Framework::Fsbp, "CC6.1"),
        (Framework::Soc2, "A.8.20"),
        (Framework::Soc2, "ELB.6"),
        (Framework::Iso27001, "CC6.1"),
        (Framework::Iso27001, "A.8.35"),
        (Framework::Iso27001, "A.9.1"),
        (Framework::Cis, "EC2.53"),
        (Framework::Cis, "A.8.20"),
        (Framework::Cis, "6.1"),
    ];
    for (framework, id) in rejected {
        assert!(
            control_problem(framework, id).is_some(),
            "{} {id} was accepted",
            framework.key()
        );
    }
    let accepted = [
        (Framework::Fsbp, "EC2.53"),
        (Framework::Fsbp, "SecretsManager.4"),
        (Framework::Soc2, "CC6.1"),
        (Framework::Soc2, "A1.2"),
        (Framework::Iso27001, "A.8.34"),
        (Framework::Cis, "5.4"),
        (Framework::Cis, "2.1.1"),
    ];
    for (framework, id) in accepted {
        assert_eq!(
            control_problem(framework, id),
            None,
            "{} {id}",
            framework.key()
        );
    }
}

#[test]
fn manual_controls_are_valid() {
    let manual: Vec<ManualControl> =
        catalog::parse_manual(MANUAL_TOML).expect("checks/manual.toml parses");
    assert!(!manual.is_empty());
    let mut ids = BTreeSet::new();
    for m in &manual {
        assert!(m.id.starts_with("manual-"), "{}", m.id);
        assert!(ids.insert(m.id.clone()), "{} twice", m.id);
        assert!(get(&m.id).is_none(), "{} is also a check id", m.id);
        assert!(
            !m.title.trim().is_empty() && !m.description.trim().is_empty(),
            "{}",
            m.id
        );
        assert!(!m.guide.is_empty(), "{}: guide reference", m.id);
        assert_frameworks(&m.id, &m.frameworks);
        assert!(
            !m.frameworks.soc2.is_empty() || !m.frameworks.iso27001.is_empty(),
            "{}: maps to no SOC 2 or ISO 27001 control",
            m.id
        );
    }
}

#[test]
fn every_metadata_file_is_in_the_table() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checks");
    for entry in std::fs::read_dir(&dir).expect("checks/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "manual.toml")
        {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                get(&id).is_some(),
                "checks/{id}.toml has no line in the table of checks"
            );
        }
    }
}

/// The project's copy of the catalog: `(id, tier, severity, guide)` rows.
fn catalog_copy() -> Vec<(String, String, String, Vec<String>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/catalog.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (the catalog copy must exist)", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "docs/catalog.tsv: {l:?}");
            (
                cols[0].to_string(),
                cols[1].to_string(),
                cols[2].to_string(),
                cols[3].split_whitespace().map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn table_is_the_catalog() {
    let copy = catalog_copy();
    // A copy that lost its rows must not let the comparison pass.
    assert!(copy.len() >= 54, "docs/catalog.tsv has {} rows", copy.len());
    let listed: BTreeSet<&str> = CHECKS.iter().map(|c| c.meta.id.as_str()).collect();
    let specified: BTreeSet<&str> = copy.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        listed, specified,
        "the table and docs/catalog.tsv list other ids"
    );
    for (id, tier, severity, guide) in &copy {
        let meta = &get(id).expect("listed").meta;
        assert_eq!(&meta.tier.to_string(), tier, "{id}: tier");
        assert_eq!(&meta.severity.to_string(), severity, "{id}: severity");
        assert_eq!(&meta.guide, guide, "{id}: guide");
    }
}
