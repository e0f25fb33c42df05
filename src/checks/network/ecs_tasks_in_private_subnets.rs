//! `ecs-tasks-in-private-subnets`: ECS services run in private subnets without public IPs.

use super::*;

/// A subnet is public when its route table sends the default route to an
/// internet gateway. Services without awsvpc networking are not judged.
pub fn run(out: &mut Out, inv: &Inventory) {
    each_service(out, inv, |out, at, name, service| {
        let Some(network) = &service.network else {
            return;
        };
        let finding = out
            .on(at, &service.arn, name)
            .evidence("assign_public_ip", network.assign_public_ip)
            .evidence("subnets", network.subnets.join(", "));
        let mut public = Vec::new();
        for subnet in &network.subnets {
            let Some(table) = at.region.route_table_of(subnet) else {
                return finding.unknown(format!(
                    "The route table of subnet {subnet} of {name} is not known."
                ));
            };
            if table.routes_to_internet_gateway() {
                public.push(format!(
                    "{subnet} (routes to the internet via {})",
                    table.default_route_targets.join(",")
                ));
            }
        }
        let mut why = Vec::new();
        if network.assign_public_ip {
            why.push("its tasks get public IPs".to_string());
        }
        if !public.is_empty() {
            why.push(format!("it runs in public subnets {}", public.join(", ")));
        }
        finding.evidence_list("public_subnets", &public).verdict(
            why.is_empty(),
            format!("Service {name} runs in private subnets without public IPs."),
            format!(
                "Service {name} is reachable from the internet: {}.",
                why.join(" and ")
            ),
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{service, services};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn services_in_private_subnets() {
        assert_eq!(
            verdicts(&check("ecs-tasks-in-private-subnets", &services(json!({})))),
            v(&[
                ("c/web", Fail),
                ("c/worker", Pass),
                ("c/batch", Fail),
                ("c/ghost", Unknown)
            ])
        );
    }

    #[test]
    fn why_a_service_is_reachable() {
        let findings = check("ecs-tasks-in-private-subnets", &services(json!({})));
        let named = |name: &str| findings.iter().find(|f| f.resource_name == name).unwrap();
        let web = named("c/web");
        assert_eq!(
            web.message,
            "Service c/web is reachable from the internet: its tasks get public IPs and it runs in public subnets subnet-pub (routes to the internet via igw-1)."
        );
        assert_eq!(
            web.evidence["public_subnets"],
            "subnet-pub (routes to the internet via igw-1)"
        );
        assert_eq!(web.evidence["assign_public_ip"], "true");
        let worker = named("c/worker");
        assert_eq!(worker.evidence["public_subnets"], "none");
        assert_eq!(worker.evidence["subnets"], "subnet-priv");
        assert_eq!(
            named("c/ghost").message,
            "The route table of subnet subnet-gone of c/ghost is not known."
        );
    }

    #[test]
    fn services_or_clusters_not_listed_are_unknown() {
        let inv = services(json!({"ecs_clusters": [
            {"arn": "c", "name": "c", "container_insights": "enabled", "services": null},
            {"arn": "d", "name": "d", "container_insights": "enabled", "services": [
                service("api", &["subnet-priv"], &["sg-tasks"], false),
                {"arn": "plain", "name": "bridge", "task_definition": "td", "network": null, "target_groups": []}
            ]}
        ]}));
        let findings = check("ecs-tasks-in-private-subnets", &inv);
        assert_eq!(verdicts(&findings), v(&[("c", Unknown), ("d/api", Pass)]));
        assert_eq!(
            findings[0].message,
            "The services of cluster c could not be listed."
        );
        let inv = services(json!({"ecs_clusters": null}));
        assert_eq!(
            verdicts(&check("ecs-tasks-in-private-subnets", &inv)),
            v(&[("ECS services", Unknown)])
        );
    }
}
