//! `ecs-image-pinned`: ECS containers pin their image to a version tag or digest, not :latest.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "pins its image to a version or digest", |c| {
        image_pin_problem(&c.image)
    });
}
