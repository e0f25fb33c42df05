//! Container checks (ecs, ecr): clusters, the task definitions services run,
//! and image repositories.

pub(super) mod ecr_cmk_encrypted;
pub(super) mod ecr_scan_on_push;
pub(super) mod ecs_container_insights;
pub(super) mod ecs_health_check;
pub(super) mod ecs_image_pinned;
pub(super) mod ecs_non_root_user;

use globset::Glob;

use super::Out;
use super::walk::*;
use crate::inventory::{Container, Inventory, KeyManager};

/// Judge each container of each task definition; `problem` says what is wrong with one.
fn container_check(
    out: &mut Out,
    inv: &Inventory,
    what: &str,
    problem: fn(&Container) -> Option<String>,
) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let problems: Vec<String> = td
            .containers
            .iter()
            .filter_map(|c| problem(c).map(|p| format!("{}: {p}", c.name)))
            .collect();
        let label = td.label();
        out.on(at, &td.arn, &label)
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

fn filter_matches(filter: &str, repository: &str) -> bool {
    Glob::new(filter)
        .map(|g| g.compile_matcher().is_match(repository))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::image_pin_problem;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
