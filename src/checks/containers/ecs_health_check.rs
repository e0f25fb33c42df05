//! `ecs-health-check`: Every essential ECS container defines a health check.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "that is essential defines a health check", |c| {
        (c.essential && !c.health_check).then(|| "essential, without a health check".to_string())
    });
}
