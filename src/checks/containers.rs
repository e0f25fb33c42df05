//! Container checks (ecs, ecr): clusters, the task definitions services run,
//! and image repositories.

use globset::Glob;

use super::{Out, regions};
use crate::inventory::{
    AccountInventory, Container, Inventory, KeyManager, RegionInventory, TaskDefinition,
};

/// Every task definition a service runs; a region whose data is missing yields one `unknown`.
pub(crate) fn each_task_definition<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut f: impl FnMut(&mut Out, &'i AccountInventory, &'i RegionInventory, &'i TaskDefinition),
) {
    for (account, region) in regions(inv) {
        match &region.task_definitions {
            Some(tds) => tds.iter().for_each(|td| f(out, account, region, td)),
            None => out.unlisted(
                account,
                &region.region,
                "ecs",
                "task-definition/*",
                "task definitions",
            ),
        }
    }
}

/// Judge each container of each task definition; `problem` says what is wrong with one.
fn container_check(
    out: &mut Out,
    inv: &Inventory,
    what: &str,
    problem: fn(&Container) -> Option<String>,
) {
    each_task_definition(out, inv, |out, account, region, td| {
        let problems: Vec<String> = td
            .containers
            .iter()
            .filter_map(|c| problem(c).map(|p| format!("{}: {p}", c.name)))
            .collect();
        let label = td.label();
        out.on(account, &region.region, &td.arn, &label)
            .evidence("containers", td.containers.len())
            .evidence(
                "offending",
                if problems.is_empty() {
                    "none".into()
                } else {
                    problems.join("; ")
                },
            )
            .verdict(
                problems.is_empty(),
                format!("Every container of {label} {what}."),
                format!(
                    "Not every container of {label} {what}: {}.",
                    problems.join("; ")
                ),
            );
    });
}

/// `:latest` or no tag at all; a digest (`@sha256:…`) or another tag pins the image.
pub fn image_pin_problem(image: &str) -> Option<String> {
    if image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        None => Some(format!("{image} has no tag")),
        Some((_, "latest")) => Some(format!("{image} uses :latest")),
        Some(_) => None,
    }
}

pub fn image_pinned(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "pins its image to a version or digest", |c| {
        image_pin_problem(&c.image)
    });
}

pub fn non_root_user(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "runs as a non-root user", |c| {
        match c.user.as_deref() {
            None => Some("no user set (runs as the image's user, root by default)".into()),
            Some(u) if ["root", "0"].contains(&u.split(':').next().unwrap_or(u)) => {
                Some(format!("user {u} is root"))
            }
            Some(_) => None,
        }
    });
}

pub fn health_check(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "that is essential defines a health check", |c| {
        (c.essential && !c.health_check).then(|| "essential, without a health check".to_string())
    });
}

pub fn container_insights(out: &mut Out, inv: &Inventory) {
    for (account, region) in regions(inv) {
        let Some(clusters) = &region.ecs_clusters else {
            out.unlisted(account, &region.region, "ecs", "cluster/*", "ECS clusters");
            continue;
        };
        for c in clusters {
            let setting = c
                .container_insights
                .clone()
                .unwrap_or_else(|| "disabled (not set)".into());
            let on = matches!(
                c.container_insights.as_deref(),
                Some("enabled" | "enhanced")
            );
            out.on(account, &region.region, &c.arn, &c.name)
                .evidence("containerInsights", &setting)
                .verdict(
                    on,
                    format!("Container Insights is {setting} on cluster {}.", c.name),
                    format!("Container Insights is {setting} on cluster {}.", c.name),
                );
        }
    }
}

fn each_repository(
    out: &mut Out,
    inv: &Inventory,
    mut f: impl FnMut(&mut Out, &AccountInventory, &RegionInventory, &crate::inventory::EcrRepository),
) {
    for (account, region) in regions(inv) {
        match &region.ecr_repositories {
            Some(repos) => repos.iter().for_each(|r| f(out, account, region, r)),
            None => out.unlisted(
                account,
                &region.region,
                "ecr",
                "repository/*",
                "ECR repositories",
            ),
        }
    }
}

fn filter_matches(filter: &str, repository: &str) -> bool {
    Glob::new(filter)
        .map(|g| g.compile_matcher().is_match(repository))
        .unwrap_or(false)
}

pub fn scan_on_push(out: &mut Out, inv: &Inventory) {
    each_repository(out, inv, |out, account, region, repo| {
        let finding = out
            .on(account, &region.region, &repo.arn, &repo.name)
            .evidence("scan_on_push", repo.scan_on_push);
        if repo.scan_on_push {
            return finding.pass(format!("Repository {} scans images on push.", repo.name));
        }
        let Some(registry) = &region.ecr_registry_scanning else {
            return finding.unknown(format!(
                "Repository {} does not scan on push and the registry's scanning rules could not be read.",
                repo.name
            ));
        };
        let rule = registry.rules.iter().find(|r| {
            matches!(r.frequency.as_str(), "SCAN_ON_PUSH" | "CONTINUOUS_SCAN")
                && r.filters.iter().any(|f| filter_matches(f, &repo.name))
        });
        let finding = finding.evidence("registry_scan_type", &registry.scan_type);
        match rule {
            Some(r) => finding
                .evidence(
                    "registry_rule",
                    format!("{} {}", r.frequency, r.filters.join(",")),
                )
                .pass(format!(
                    "Registry {} scanning covers repository {}.",
                    registry.scan_type, repo.name
                )),
            None => finding.fail(format!(
                "Images pushed to {} are never scanned for vulnerabilities.",
                repo.name
            )),
        }
    });
}

pub fn ecr_cmk_encrypted(out: &mut Out, inv: &Inventory) {
    each_repository(out, inv, |out, account, region, repo| {
        let finding = out
            .on(account, &region.region, &repo.arn, &repo.name)
            .evidence("encryption", &repo.encryption_type);
        if !repo.encryption_type.starts_with("KMS") {
            return finding.fail(format!(
                "Repository {} is encrypted with AES256, not a KMS key.",
                repo.name
            ));
        }
        match &repo.kms_key {
            None => finding.fail(format!(
                "Repository {} uses the AWS-managed key aws/ecr.",
                repo.name
            )),
            Some(key) => match key.manager {
                None => finding.unknown(format!(
                    "The KMS key of repository {} could not be described.",
                    repo.name
                )),
                Some(m) => finding
                    .evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference))
                    .verdict(
                        m == KeyManager::Customer,
                        format!(
                            "Repository {} is encrypted with a customer-managed key.",
                            repo.name
                        ),
                        format!("Repository {} uses an AWS-managed KMS key.", repo.name),
                    ),
            },
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::image_pin_problem;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::model::Status::{Fail, Pass, Unknown};

    fn container(
        name: &str,
        image: &str,
        user: Option<&str>,
        essential: bool,
        health: bool,
    ) -> Value {
        json!({"name": name, "image": image, "user": user, "essential": essential, "health_check": health,
               "environment": [], "secrets": []})
    }

    fn td(family: &str, containers: Value) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"), "family": family,
               "revision": 1, "execution_role": null, "task_role": null, "containers": containers})
    }

    fn tasks() -> crate::inventory::Inventory {
        inventory(
            json!({}),
            json!({"task_definitions": [
                td("web", json!([container("app", "123.dkr.ecr.us-east-1.amazonaws.com/app:latest", None, true, false),
                                 container("proxy", "nginx", Some("root"), true, true)])),
                td("worker", json!([container("worker", "123.dkr.ecr.us-east-1.amazonaws.com/worker:1.4.2", Some("1000:1000"), true, true),
                                    container("log-router", "amazon/aws-for-fluent-bit@sha256:0123abcd", Some("1000"), false, false)])),
            ]}),
        )
    }

    #[test]
    fn image_references() {
        assert!(image_pin_problem("nginx").is_some());
        assert!(image_pin_problem("nginx:latest").is_some());
        assert!(
            image_pin_problem("localhost:5000/app").is_some(),
            "a registry port is no tag"
        );
        assert!(image_pin_problem("localhost:5000/app:2.0").is_none());
        assert!(image_pin_problem("app@sha256:abc").is_none());
        assert!(image_pin_problem("public.ecr.aws/docker/library/nginx:1.27").is_none());
    }

    #[test]
    fn task_definition_checks() {
        let inv = tasks();
        assert_eq!(
            verdicts(&check("ecs-image-pinned", &inv)),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        assert_eq!(
            verdicts(&check("ecs-non-root-user", &inv)),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        // The non-essential sidecar needs no health check.
        assert_eq!(
            verdicts(&check("ecs-health-check", &inv)),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        let unread = inventory(json!({}), json!({"task_definitions": null}));
        assert_eq!(
            verdicts(&check("ecs-health-check", &unread)),
            v(&[("task definitions", Unknown)])
        );
    }

    #[test]
    fn clusters_and_repositories() {
        let repo = |name: &str, scan: bool, enc: &str, key: Value| {
            json!({"arn": format!("arn:aws:ecr:us-east-1:123456789012:repository/{name}"), "name": name,
                   "scan_on_push": scan, "encryption_type": enc, "kms_key": key})
        };
        let cmk = json!({"reference": "k", "arn": "arn:aws:kms:us-east-1:1:key/k", "manager": "customer"});
        let inv = inventory(
            json!({}),
            json!({
                "ecs_clusters": [
                    {"arn": "c1", "name": "off", "container_insights": "disabled", "services": []},
                    {"arn": "c2", "name": "unset", "container_insights": null, "services": []},
                    {"arn": "c3", "name": "on", "container_insights": "enabled", "services": []},
                    {"arn": "c4", "name": "enhanced", "container_insights": "enhanced", "services": []}
                ],
                "ecr_repositories": [repo("app", false, "AES256", Value::Null), repo("worker", true, "KMS", cmk),
                                     repo("team-a-api", false, "KMS", Value::Null)],
                "ecr_registry_scanning": {"scan_type": "ENHANCED", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["team-a-*"]}]}
            }),
        );
        assert_eq!(
            verdicts(&check("ecs-container-insights", &inv)),
            v(&[
                ("off", Fail),
                ("unset", Fail),
                ("on", Pass),
                ("enhanced", Pass)
            ])
        );
        assert_eq!(
            verdicts(&check("ecr-scan-on-push", &inv)),
            v(&[("app", Fail), ("worker", Pass), ("team-a-api", Pass)])
        );
        assert_eq!(
            verdicts(&check("ecr-cmk-encrypted", &inv)),
            v(&[("app", Fail), ("worker", Pass), ("team-a-api", Fail)])
        );
    }
}
