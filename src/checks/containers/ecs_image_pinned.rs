//! `ecs-image-pinned`: ECS containers pin their image to a version tag or digest, not :latest.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    container_check(out, inv, "pins its image to a version or digest", |c| {
        image_pin_problem(&c.image)
    });
}

/// `:latest` or no tag at all; a digest (`@sha256:…`) or another tag pins the image.
fn image_pin_problem(image: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::super::fixture::{tasks, unread_tasks};
    use super::image_pin_problem;
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
    fn latest_or_untagged_images_fail_the_task_definition() {
        let findings = check("ecs-image-pinned", &tasks());
        assert_eq!(
            verdicts(&findings),
            v(&[("web:1", Fail), ("worker:1", Pass)])
        );
        let web = &findings[0];
        assert_eq!(web.evidence["containers"], "2");
        assert_eq!(
            web.evidence["offending"],
            "app: 123.dkr.ecr.us-east-1.amazonaws.com/app:latest uses :latest; proxy: nginx has no tag"
        );
        assert_eq!(
            web.message,
            "Not every container of web:1 pins its image to a version or digest: \
             app: 123.dkr.ecr.us-east-1.amazonaws.com/app:latest uses :latest; proxy: nginx has no tag."
        );
        assert_eq!(findings[1].evidence["offending"], "none");
        assert_eq!(
            findings[1].message,
            "Every container of worker:1 pins its image to a version or digest."
        );
    }

    #[test]
    fn undescribed_task_definitions_are_unknown() {
        assert_eq!(
            verdicts(&check("ecs-image-pinned", &unread_tasks())),
            v(&[("task definitions", Unknown)])
        );
    }
}
