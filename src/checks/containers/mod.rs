//! Container checks (ecs, ecr): clusters, the task definitions services run,
//! and image repositories.

pub(super) mod ecr_cmk_encrypted;
pub(super) mod ecr_running_images_no_critical_findings;
pub(super) mod ecr_scan_on_push;
pub(super) mod ecs_container_insights;
pub(super) mod ecs_health_check;
pub(super) mod ecs_image_pinned;
pub(super) mod ecs_non_root_user;
pub(super) mod ecs_task_logging;

use super::Out;
use super::walk::*;
use crate::inventory::{Container, Inventory};

/// One finding a task definition, on its containers: `problem` says what is
/// wrong with one container, and `what` is what every container must do.
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
            .evidence_list("offending", &problems)
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

#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::inventory;
    use crate::inventory::Inventory;

    fn container(
        name: &str,
        image: &str,
        user: Option<&str>,
        essential: bool,
        health: bool,
        logging: Value,
    ) -> Value {
        json!({"name": name, "image": image, "user": user, "essential": essential, "health_check": health,
               "environment": [], "secrets": [], "logging": logging})
    }

    fn driver(name: &str) -> Value {
        json!({"driver": name})
    }

    fn td(family: &str, containers: Value) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"), "family": family,
               "revision": 1, "execution_role": null, "task_role": null, "containers": containers})
    }

    /// Task definition `web:1` gets every container check wrong (`app`: :latest,
    /// no user, essential without a health check; `proxy`: no tag, root);
    /// `worker:1` gets them right, its non-essential sidecar without a health check.
    /// Logs: `app` to CloudWatch, `proxy` nowhere; `worker` through FireLens,
    /// whose router logs to CloudWatch.
    pub fn tasks() -> Inventory {
        inventory(
            json!({}),
            json!({"task_definitions": [
                td("web", json!([container("app", "123.dkr.ecr.us-east-1.amazonaws.com/app:latest", None, true, false, driver("awslogs")),
                                 container("proxy", "nginx", Some("root"), true, true, json!("none"))])),
                td("worker", json!([container("worker", "123.dkr.ecr.us-east-1.amazonaws.com/worker:1.4.2", Some("1000:1000"), true, true, driver("awsfirelens")),
                                    container("log-router", "amazon/aws-for-fluent-bit@sha256:0123abcd", Some("1000"), false, false, driver("awslogs"))])),
            ]}),
        )
    }

    /// Task definitions that could not be described.
    pub fn unread_tasks() -> Inventory {
        inventory(json!({}), json!({"task_definitions": null}))
    }

    /// An ECR repository of us-east-1.
    pub fn repo(name: &str, scan_on_push: bool, encryption: &str, key: Value) -> Value {
        json!({"arn": format!("arn:aws:ecr:us-east-1:123456789012:repository/{name}"), "name": name,
               "scan_on_push": scan_on_push, "encryption_type": encryption, "kms_key": key})
    }

    /// A KMS key reference as collected; `manager` `null` when DescribeKey failed.
    pub fn key(manager: Value) -> Value {
        json!({"reference": "k", "arn": "arn:aws:kms:us-east-1:1:key/k", "manager": manager})
    }

    /// `app` (AES256, no scan on push), `worker` (customer KMS key, scans on
    /// push), `team-a-api` (aws/ecr, covered by an enhanced continuous rule).
    pub fn repositories() -> Inventory {
        inventory(
            json!({}),
            json!({
                "ecr_repositories": [repo("app", false, "AES256", Value::Null),
                                     repo("worker", true, "KMS", key(json!("customer"))),
                                     repo("team-a-api", false, "KMS", Value::Null)],
                "ecr_registry_scanning": {"scan_type": "ENHANCED", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["team-a-*"]}]}
            }),
        )
    }
}
