//! `ecr-running-images-no-critical-findings`: No image an ECS service runs
//! has a CRITICAL vulnerability finding.
//!
//! Each container image of the task definition a service runs is judged by
//! ECR's scan of that image (`DescribeImageScanFindings`, basic or enhanced):
//! by digest, or by a tag the repository keeps on one image (immutable). A
//! mutable tag may have moved since the service started its tasks, an image
//! outside a private ECR registry has no ECR scan, and a scan that is not
//! complete tells nothing: each is `unknown`, never a pass.

use super::*;
use crate::inventory::{
    EcrImage, ImageReference, ImageScan, RegionInventory, ScanResult, TaskDefinition, tag_immutable,
};

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcsServices>(inv, |out, at, cluster| {
        let Some(services) = &cluster.services else {
            return out.on(at, &cluster.arn, &cluster.name).unknown(format!(
                "The services of cluster {} could not be listed.",
                cluster.name
            ));
        };
        for service in services {
            let name = format!("{}/{}", cluster.name, service.name);
            let finding = out.on(at, &service.arn, &name);
            let Some(td) = task_definition(at.region, &service.task_definition) else {
                finding.unknown(format!(
                    "The task definition {} of {name} could not be described (see gaps).",
                    service.task_definition
                ));
                continue;
            };
            let judged: Vec<(String, Image)> = td
                .containers
                .iter()
                .map(|c| (c.name.clone(), judge(at.region, &at.account.account_id, &c.image)))
                .collect();
            let shown: Vec<String> = judged
                .iter()
                .map(|(container, image)| format!("{container}: {}", image.show()))
                .collect();
            let critical: Vec<String> = judged
                .iter()
                .filter_map(|(container, image)| match image {
                    Image::Critical { reference, count } => {
                        Some(format!("{container}: {} ({count} critical)", short(reference)))
                    }
                    _ => None,
                })
                .collect();
            let unknown: Vec<String> = judged
                .iter()
                .filter_map(|(container, image)| match image {
                    Image::Unknown { reason, .. } => Some(format!("{container}: {reason}")),
                    _ => None,
                })
                .collect();
            let finding = finding
                .evidence("task_definition", td.label())
                .evidence_list("images", &shown);
            if !critical.is_empty() {
                finding.fail(format!(
                    "{name} runs images with CRITICAL vulnerability findings: {}.",
                    critical.join("; ")
                ));
            } else if !unknown.is_empty() {
                finding.unknown(format!(
                    "Whether every image {name} runs is free of CRITICAL findings cannot be told: {}.",
                    unknown.join("; ")
                ));
            } else {
                finding.pass(format!(
                    "No image {name} runs has a CRITICAL vulnerability finding."
                ));
            }
        }
    });
}

/// What the scan of one container's image says.
enum Image {
    Critical { reference: String, count: u64 },
    Clean { reference: String },
    Unknown { reference: String, reason: String },
}

impl Image {
    fn show(&self) -> String {
        match self {
            Image::Critical { reference, count } => format!("{reference} critical={count}"),
            Image::Clean { reference } => format!("{reference} critical=0"),
            Image::Unknown { reference, .. } => format!("{reference} critical=?"),
        }
    }
}

/// An image as a message names it: an ECR image by repository and tag, or by
/// the first 12 hex digits of its digest (the full reference is evidence).
fn short(image: &str) -> String {
    let cut = |digest: &str| match digest.split_once(':') {
        Some((algorithm, hex)) if hex.len() > 12 => format!("{algorithm}:{}…", &hex[..12]),
        _ => digest.to_string(),
    };
    match EcrImage::parse(image) {
        Some(ecr) => match &ecr.reference {
            ImageReference::Digest(d) => format!("{}@{}", ecr.repository, cut(d)),
            ImageReference::Tag(t) => format!("{}:{t}", ecr.repository),
        },
        None => match image.split_once('@') {
            Some((name, digest)) => format!("{name}@{}", cut(digest)),
            None => image.to_string(),
        },
    }
}

fn task_definition<'r>(region: &'r RegionInventory, arn: &str) -> Option<&'r TaskDefinition> {
    region
        .task_definitions
        .as_ref()?
        .iter()
        .find(|td| td.arn == arn)
}

/// The scan a collector would have read for this image (the same rules as
/// [`crate::collect`]'s choice of calls), and what it says.
fn judge(region: &RegionInventory, account: &str, image: &str) -> Image {
    let name = short(image);
    let unknown = |reason: String| Image::Unknown {
        reference: image.to_string(),
        reason,
    };
    let Some(ecr) = EcrImage::parse(image) else {
        return unknown(format!(
            "{name} is not in a private ECR registry: posture reads ECR's scan findings only"
        ));
    };
    if ecr.region != region.region {
        return unknown(format!(
            "{name} is in the ECR registry of {}: posture reads scan findings in the service's region",
            ecr.region
        ));
    }
    if let ImageReference::Tag(tag) = &ecr.reference {
        if ecr.registry != account {
            return unknown(format!(
                "{name} is tagged in account {}'s registry, whose tag mutability posture cannot read: the image running may not be the one a scan of :{tag} describes",
                ecr.registry
            ));
        }
        let Some(repos) = &region.ecr_repositories else {
            return unknown(format!(
                "the ECR repositories could not be listed, so whether tag :{tag} of {} is immutable is not known",
                ecr.repository
            ));
        };
        let Some(repo) = repos.iter().find(|r| r.name == ecr.repository) else {
            return unknown(format!("repository {} was not listed", ecr.repository));
        };
        match tag_immutable(repo, tag) {
            Some(true) => {}
            Some(false) => {
                return unknown(format!(
                    "tag :{tag} of repository {} is mutable ({}): the image running may not be the one its scan describes; pin the image by digest or make the tags immutable",
                    ecr.repository,
                    repo.image_tag_mutability
                        .as_ref()
                        .map_or("MUTABLE", |m| m.as_str())
                ));
            }
            None => {
                return unknown(format!(
                    "the tag mutability of repository {} is not known to posture",
                    ecr.repository
                ));
            }
        }
    }
    let Some(scans) = &region.ecr_image_scans else {
        return unknown("the images' scan findings were not read (see gaps)".to_string());
    };
    let Some(scan) = scans.iter().find(|s| is_scan_of(s, &ecr)) else {
        return unknown(format!("no scan of {name} was read"));
    };
    match &scan.result {
        ScanResult::Scanned { critical: 0, .. } => Image::Clean {
            reference: image.to_string(),
        },
        ScanResult::Scanned { critical, .. } => Image::Critical {
            reference: image.to_string(),
            count: *critical,
        },
        ScanResult::NotComplete {
            status,
            description,
        } => unknown(format!(
            "the scan of {name} is {status}{}",
            description
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        )),
        ScanResult::NotScanned => unknown(format!("{name} has never been scanned")),
        ScanResult::NotFound { code } => unknown(format!("ECR does not find {name} ({code})")),
        ScanResult::Unread => unknown(format!(
            "the scan findings of {name} could not be read (see gaps)"
        )),
    }
}

fn is_scan_of(scan: &ImageScan, image: &EcrImage) -> bool {
    scan.registry == image.registry
        && scan.repository == image.repository
        && scan.image == image.reference.as_str()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::Inventory;

    const ECR: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    fn digest(n: &str) -> String {
        format!("sha256:{}", n.repeat(64 / n.len()))
    }

    fn container(name: &str, image: &str) -> Value {
        json!({"name": name, "image": image, "user": "1000", "essential": true, "health_check": true,
               "environment": [], "secrets": []})
    }

    fn td(family: &str, containers: Value) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"), "family": family,
               "revision": 1, "execution_role": null, "task_role": null, "containers": containers})
    }

    fn service(name: &str) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:service/c/{name}"), "name": name,
               "task_definition": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{name}:1"),
               "network": null, "target_groups": []})
    }

    fn repo(name: &str, mutability: &str) -> Value {
        json!({"arn": format!("arn:aws:ecr:us-east-1:123456789012:repository/{name}"), "name": name,
               "scan_on_push": true, "encryption_type": "AES256", "kms_key": null,
               "image_tag_mutability": mutability})
    }

    fn scan(repository: &str, image: &str, result: Value) -> Value {
        json!({"registry": "123456789012", "repository": repository, "image": image, "result": result})
    }

    fn scanned(critical: u64) -> Value {
        json!({"state": "scanned", "status": "COMPLETE", "critical": critical})
    }

    /// Services in cluster `c`, each running the task definition of its name.
    fn account(services: &[&str], tds: Value, scans: Value) -> Inventory {
        let services: Vec<Value> = services.iter().map(|s| service(s)).collect();
        inventory(
            json!({}),
            json!({
                "ecs_clusters": [{"arn": "c", "name": "c", "container_insights": "enabled", "services": services}],
                "task_definitions": tds,
                "ecr_repositories": [repo("app", "MUTABLE"), repo("pinned", "IMMUTABLE")],
                "ecr_image_scans": scans,
            }),
        )
    }

    #[test]
    fn a_critical_finding_fails_whatever_else_is_unknown() {
        let (bad, good) = (digest("4f"), digest("0a"));
        let inv = account(
            &["api", "web", "clean", "tagged"],
            json!([
                td(
                    "api",
                    json!([
                        container("api", &format!("{ECR}/app@{bad}")),
                        container(
                            "log",
                            "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4"
                        )
                    ])
                ),
                td(
                    "web",
                    json!([container("web", &format!("{ECR}/app:latest"))])
                ),
                td(
                    "clean",
                    json!([container("app", &format!("{ECR}/app@{good}"))])
                ),
                td(
                    "tagged",
                    json!([container("app", &format!("{ECR}/pinned:2.3.1"))])
                ),
            ]),
            json!([
                scan("app", &bad, scanned(3)),
                scan("app", &good, scanned(0)),
                scan("pinned", "2.3.1", scanned(0)),
            ]),
        );
        let findings = check("ecr-running-images-no-critical-findings", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("c/api", Fail),
                ("c/web", Unknown),
                ("c/clean", Pass),
                ("c/tagged", Pass)
            ])
        );
        let named = |n: &str| findings.iter().find(|f| f.resource_name == n).unwrap();
        let api = named("c/api");
        assert_eq!(
            api.resource,
            "arn:aws:ecs:us-east-1:123456789012:service/c/api"
        );
        assert_eq!(
            api.message,
            "c/api runs images with CRITICAL vulnerability findings: api: app@sha256:4f4f4f4f4f4f… (3 critical)."
        );
        assert_eq!(
            api.evidence["images"],
            format!(
                "api: {ECR}/app@{bad} critical=3; log: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4 critical=?"
            )
        );
        assert!(
            named("c/web")
                .message
                .contains("tag :latest of repository app is mutable (MUTABLE)"),
            "{}",
            named("c/web").message
        );
    }

    #[test]
    fn what_cannot_be_told_is_unknown() {
        let d = digest("1b");
        let other = "210987654321.dkr.ecr.us-east-1.amazonaws.com";
        let inv = account(
            &[
                "outside",
                "pending",
                "never",
                "gone",
                "unread",
                "elsewhere",
                "foreign-tag",
                "foreign-digest",
                "no-repo",
            ],
            json!([
                td("outside", json!([container("app", "nginx:1.27")])),
                td(
                    "pending",
                    json!([container("app", &format!("{ECR}/app@{d}"))])
                ),
                td(
                    "never",
                    json!([container("app", &format!("{ECR}/pinned:1"))])
                ),
                td(
                    "gone",
                    json!([container("app", &format!("{ECR}/pinned:2"))])
                ),
                td(
                    "unread",
                    json!([container("app", &format!("{ECR}/pinned:3"))])
                ),
                td(
                    "elsewhere",
                    json!([container(
                        "app",
                        &format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@{d}")
                    )])
                ),
                td(
                    "foreign-tag",
                    json!([container("app", &format!("{other}/shared:1.0"))])
                ),
                td(
                    "foreign-digest",
                    json!([container("app", &format!("{other}/shared@{d}"))])
                ),
                td(
                    "no-repo",
                    json!([container("app", &format!("{ECR}/missing:1.0"))])
                ),
            ]),
            json!([
                scan("app", &d, json!({"state": "not_complete", "status": "IN_PROGRESS", "description": null})),
                scan("pinned", "1", json!({"state": "not_scanned"})),
                scan("pinned", "2", json!({"state": "not_found", "code": "ImageNotFoundException"})),
                scan("pinned", "3", json!({"state": "unread"})),
                {"registry": "210987654321", "repository": "shared", "image": d, "result": scanned(0)},
            ]),
        );
        let findings = check("ecr-running-images-no-critical-findings", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("c/outside", Unknown),
                ("c/pending", Unknown),
                ("c/never", Unknown),
                ("c/gone", Unknown),
                ("c/unread", Unknown),
                ("c/elsewhere", Unknown),
                ("c/foreign-tag", Unknown),
                ("c/foreign-digest", Pass),
                ("c/no-repo", Unknown),
            ])
        );
        let message = |n: &str| {
            findings
                .iter()
                .find(|f| f.resource_name == n)
                .unwrap()
                .message
                .clone()
        };
        assert!(message("c/outside").contains("nginx:1.27 is not in a private ECR registry"));
        assert!(message("c/pending").contains("is IN_PROGRESS"));
        assert!(message("c/never").contains("has never been scanned"));
        assert!(message("c/gone").contains("ImageNotFoundException"));
        assert!(message("c/unread").contains("could not be read (see gaps)"));
        assert!(message("c/elsewhere").contains("registry of eu-west-1"));
        assert!(message("c/foreign-tag").contains("tag mutability posture cannot read"));
    }

    #[test]
    fn unread_lists_are_unknown() {
        let inv = inventory(
            json!({}),
            json!({
                "ecs_clusters": [{"arn": "c", "name": "c", "container_insights": "enabled",
                                  "services": [service("api")]}],
                "task_definitions": null,
                "ecr_repositories": null,
                "ecr_image_scans": null,
            }),
        );
        assert_eq!(
            verdicts(&check("ecr-running-images-no-critical-findings", &inv)),
            v(&[("c/api", Unknown)])
        );
        // Scans not read at all: a digest image is unknown too.
        let d = digest("2c");
        let inv = account(
            &["api"],
            json!([td(
                "api",
                json!([container("app", &format!("{ECR}/app@{d}"))])
            )]),
            Value::Null,
        );
        assert_eq!(
            verdicts(&check("ecr-running-images-no-critical-findings", &inv)),
            v(&[("c/api", Unknown)])
        );
        let unlisted = inventory(json!({}), json!({"ecs_clusters": null}));
        assert_eq!(
            verdicts(&check("ecr-running-images-no-critical-findings", &unlisted)),
            v(&[("ECS services", Unknown)])
        );
    }
}
