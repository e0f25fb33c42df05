//! `ecs-non-root-user`: ECS containers run as a non-root user.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "runs as a non-root user", |c| {
        match c.user.as_deref() {
            None => Some("no user set (runs as the image's user, root by default)".into()),
            // `user`, `user:group`, `uid` or `uid:gid`: the user part decides.
            Some(u) if ["root", "0"].contains(&u.split(':').next().unwrap_or(u)) => {
                Some(format!("user {u} is root"))
            }
            Some(_) => None,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::tasks;
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass};

    #[test]
    fn an_unset_or_root_user_fails_the_task_definition() {
        let findings = check("ecs-non-root-user", &tasks());
        assert_eq!(
            verdicts(&findings),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        assert_eq!(
            findings[0].evidence["offending"],
            "app: no user set (runs as the image's user, root by default); proxy: user root is root"
        );
    }
}
