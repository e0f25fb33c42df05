//! `ecs-task-logging`: Every container of a task definition a service runs
//! has a log configuration.

use super::*;
use crate::inventory::ContainerLogging;

/// As Security Hub's ECS.9: each container definition needs a
/// `logConfiguration` with a `logDriver`; any driver counts (FireLens too,
/// whose router container needs a log configuration of its own).
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let mut drivers: Vec<String> = Vec::new();
        let mut missing: Vec<&str> = Vec::new();
        let mut unread: Vec<&str> = Vec::new();
        for c in &td.containers {
            match &c.logging {
                Some(ContainerLogging::Driver(driver)) => drivers.push(format!("{}: {driver}", c.name)),
                Some(ContainerLogging::None) => {
                    drivers.push(format!("{}: none", c.name));
                    missing.push(&c.name);
                }
                None => unread.push(&c.name),
            }
        }
        let label = td.label();
        let finding = out
            .on(at, &td.arn, &label)
            .evidence("containers", td.containers.len())
            .evidence_list("log_drivers", &drivers);
        if !missing.is_empty() {
            finding.fail(format!(
                "Not every container of {label} has a log configuration: {} without one.",
                missing.join(", ")
            ))
        } else if !unread.is_empty() {
            finding.unknown(format!(
                "The log configuration of {} in {label} was not collected (a snapshot of an earlier posture version).",
                unread.join(", ")
            ))
        } else {
            finding.pass(format!("Every container of {label} has a log configuration."))
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{tasks, unread_tasks};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn every_container_needs_a_log_driver_sidecars_too() {
        let findings = check("ecs-task-logging", &tasks());
        assert_eq!(
            verdicts(&findings),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        let web = findings
            .iter()
            .find(|f| f.resource_name == "web:1")
            .unwrap();
        assert_eq!(
            web.message,
            "Not every container of web:1 has a log configuration: proxy without one."
        );
        assert_eq!(web.evidence["log_drivers"], "app: awslogs; proxy: none");
        let worker = findings
            .iter()
            .find(|f| f.resource_name == "worker:1")
            .unwrap();
        // FireLens is a log configuration; its router logs to CloudWatch.
        assert_eq!(
            worker.evidence["log_drivers"],
            "worker: awsfirelens; log-router: awslogs"
        );
    }

    /// A snapshot of an earlier version has no `logging`: not known, never a pass.
    #[test]
    fn a_snapshot_without_log_configurations_is_unknown() {
        let td = json!({"arn": "arn:aws:ecs:us-east-1:123456789012:task-definition/old:3", "family": "old",
            "revision": 3, "execution_role": null, "task_role": null,
            "containers": [{"name": "app", "image": "app:1", "user": "1000", "essential": true,
                            "health_check": true, "environment": [], "secrets": []}]});
        let findings = check(
            "ecs-task-logging",
            &inventory(json!({}), json!({"task_definitions": [td]})),
        );
        assert_eq!(verdicts(&findings), v(&[("old:3", Unknown)]));
        assert_eq!(
            findings[0].message,
            "The log configuration of app in old:3 was not collected (a snapshot of an earlier posture version)."
        );
    }

    #[test]
    fn undescribed_task_definitions_are_unknown() {
        let findings = check("ecs-task-logging", &unread_tasks());
        assert_eq!(verdicts(&findings), v(&[("task definitions", Unknown)]));
    }
}
