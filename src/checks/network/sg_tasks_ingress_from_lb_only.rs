//! `sg-tasks-ingress-from-lb-only`: Security groups of ECS services admit ingress only from load balancers.

use super::*;

/// Each group ECS services use is judged once a region, naming every service
/// that uses it: after the walk, when all those services are known.
pub fn run(out: &mut Out, inv: &Inventory) {
    let mut used: Vec<(Regional, &str, Vec<String>)> = Vec::new();
    out.each::<ServiceSecurityGroups>(inv, |out, at, cluster| {
        // Groups only those services use would go unjudged: say so.
        let Some(services) = &cluster.services else {
            return out.on(at, &cluster.arn, &cluster.name).unknown(format!(
                "The services of cluster {} could not be listed, so their security groups were not judged.",
                cluster.name
            ));
        };
        // The same entry of the inventory: accounts share region names.
        let here = |place: &Regional| std::ptr::eq(place.region, at.region);
        for service in services {
            let name = format!("{}/{}", cluster.name, service.name);
            for id in service.network.iter().flat_map(|n| &n.security_groups) {
                match used
                    .iter_mut()
                    .find(|(place, group, _)| here(place) && group == id)
                {
                    Some((_, _, services)) => services.push(name.clone()),
                    None => used.push((at, id, vec![name.clone()])),
                }
            }
        }
    });
    for (at, id, services) in used {
        judge(out, at, id, &services);
    }
}

/// One group: `unknown` when it is not among the region's groups.
fn judge(out: &mut Out, at: Regional, id: &str, services: &[String]) {
    // The walker visits only regions where groups and load balancers were listed.
    let groups = at.region.security_groups.as_deref().unwrap_or_default();
    let Some(group) = groups.iter().find(|g| g.id == id) else {
        return out
            .on(at, &ec2_arn(at, "security-group", id), id)
            .unknown(format!("Security group {id} was not found."));
    };
    let lb_groups: Vec<&String> = at
        .region
        .load_balancers
        .iter()
        .flatten()
        .flat_map(|lb| &lb.security_groups)
        .collect();
    let other: Vec<String> = group
        .ingress
        .iter()
        .filter(|r| !matches!(&r.peer, Peer::Group(g) if lb_groups.contains(&g)))
        .map(net::describe_rule)
        .collect();
    let name = group_name(at.region, group);
    out.on(at, &group.arn, &name)
        .evidence_names("services", services)
        .evidence_list("ingress_not_from_load_balancers", &other)
        .verdict(
            other.is_empty(),
            format!("{name} admits ingress only from load balancer security groups."),
            format!(
                "{name} (ECS tasks) admits ingress from more than the load balancers: {}.",
                other.join("; ")
            ),
        );
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{service, services};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn task_groups_admit_only_load_balancers() {
        assert_eq!(
            verdicts(&check(
                "sg-tasks-ingress-from-lb-only",
                &services(json!({}))
            )),
            v(&[
                ("main/sg-tasks", Pass),
                ("main/sg-open-tasks", Fail),
                ("main/sg-peer", Fail)
            ])
        );
    }

    #[test]
    fn each_group_once_with_its_services() {
        let inv = services(json!({"ecs_clusters": [
            {"arn": "c", "name": "c", "container_insights": "enabled", "services": [
                service("web", &["subnet-pub"], &["sg-open-tasks"], true),
                service("gone", &["subnet-pub"], &["sg-gone"], true)
            ]},
            {"arn": "d", "name": "d", "container_insights": "enabled", "services": [
                service("api", &["subnet-priv"], &["sg-open-tasks", "sg-tasks"], false)
            ]},
            {"arn": "e", "name": "e", "container_insights": "enabled", "services": null}
        ]}));
        let findings = check("sg-tasks-ingress-from-lb-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/sg-open-tasks", Fail),
                ("sg-gone", Unknown),
                ("main/sg-tasks", Pass),
                // Regression: a cluster whose services could not be listed
                // was skipped, leaving its groups without any finding.
                ("e", Unknown)
            ])
        );
        let by_name = |name: &str| findings.iter().find(|f| f.resource_name == name).unwrap();
        let open = by_name("main/sg-open-tasks");
        assert_eq!(open.evidence["services"], "c/web, d/api");
        assert_eq!(
            open.evidence["ingress_not_from_load_balancers"],
            "tcp/3000 10.0.0.0/16"
        );
        assert_eq!(
            open.message,
            "main/sg-open-tasks (ECS tasks) admits ingress from more than the load balancers: tcp/3000 10.0.0.0/16."
        );
        let gone = by_name("sg-gone");
        assert_eq!(
            gone.resource,
            "arn:aws:ec2:us-east-1:123456789012:security-group/sg-gone"
        );
        assert_eq!(gone.message, "Security group sg-gone was not found.");
        assert_eq!(
            by_name("main/sg-tasks").evidence["ingress_not_from_load_balancers"],
            "none"
        );
    }

    #[test]
    fn a_group_id_is_judged_in_each_region_that_uses_it() {
        let mut inv = services(json!({}));
        let mut other = inv.accounts[0].regions[0].clone();
        other.region = "eu-west-1".into();
        inv.accounts[0].regions.push(other);
        let findings = check("sg-tasks-ingress-from-lb-only", &inv);
        for region in ["us-east-1", "eu-west-1"] {
            let groups: Vec<&str> = findings
                .iter()
                .filter(|f| f.region == region)
                .map(|f| f.resource_name.as_str())
                .collect();
            assert_eq!(
                groups,
                ["main/sg-tasks", "main/sg-open-tasks", "main/sg-peer"],
                "{region}"
            );
        }
        let tasks = findings
            .iter()
            .find(|f| f.region == "eu-west-1" && f.resource_name == "main/sg-tasks")
            .unwrap();
        assert_eq!(tasks.evidence["services"], "c/web, c/worker, c/ghost");
    }

    #[test]
    fn unknown_without_clusters_groups_or_load_balancers() {
        for missing in ["ecs_clusters", "security_groups", "load_balancers"] {
            let inv = services(json!({ missing: null }));
            let findings = check("sg-tasks-ingress-from-lb-only", &inv);
            assert_eq!(
                verdicts(&findings),
                v(&[("ECS service security groups", Unknown)]),
                "{missing}"
            );
            assert_eq!(
                findings[0].message,
                "ECS service security groups could not be listed (see gaps)."
            );
        }
    }
}
