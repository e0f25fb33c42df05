//! `ecs-non-root-user`: ECS containers run as a non-root user.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
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
