//! `ecs-health-check`: Every essential ECS container defines a health check.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "that is essential defines a health check", |c| {
        (c.essential && !c.health_check).then(|| "essential, without a health check".to_string())
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{tasks, unread_tasks};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn essential_containers_need_a_health_check_sidecars_do_not() {
        let findings = check("ecs-health-check", &tasks());
        // The non-essential sidecar of worker:1 needs no health check.
        assert_eq!(
            verdicts(&findings),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        assert_eq!(
            findings[0].evidence["offending"],
            "app: essential, without a health check"
        );
    }

    #[test]
    fn undescribed_task_definitions_are_unknown() {
        let findings = check("ecs-health-check", &unread_tasks());
        assert_eq!(verdicts(&findings), v(&[("task definitions", Unknown)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws:ecs:us-east-1:123456789012:task-definition/*"
        );
    }
}
