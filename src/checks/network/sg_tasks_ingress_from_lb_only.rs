//! `sg-tasks-ingress-from-lb-only`: Security groups of ECS services admit ingress only from load balancers.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let Regional { account, region } = at;
        let (Some(clusters), Some(groups), Some(lbs)) = (
            &region.ecs_clusters,
            &region.security_groups,
            &region.load_balancers,
        ) else {
            out.unlisted::<ServiceSecurityGroups>(at);
            continue;
        };
        let lb_groups: Vec<&String> = lbs.iter().flat_map(|lb| &lb.security_groups).collect();
        // Each group once, with the services that use it.
        let mut used: Vec<(&String, Vec<String>)> = Vec::new();
        for c in clusters {
            for s in c.services.iter().flatten() {
                for g in s.network.iter().flat_map(|n| &n.security_groups) {
                    match used.iter_mut().find(|(id, _)| *id == g) {
                        Some((_, names)) => names.push(format!("{}/{}", c.name, s.name)),
                        None => used.push((g, vec![format!("{}/{}", c.name, s.name)])),
                    }
                }
            }
        }
        for (id, services) in used {
            let Some(group) = groups.iter().find(|g| &g.id == id) else {
                let arn = format!(
                    "arn:{}:ec2:{}:{}:security-group/{id}",
                    account.partition, region.region, account.account_id
                );
                out.on(at, &arn, id)
                    .unknown(format!("Security group {id} was not found."));
                continue;
            };
            let name = group_name(region, group);
            let other: Vec<String> = group
                .ingress
                .iter()
                .filter(|r| !matches!(&r.peer, Peer::Group(g) if lb_groups.contains(&g)))
                .map(net::describe_rule)
                .collect();
            out.on(at, &group.arn, &name)
                .evidence("services", services.join(", "))
                .evidence("ingress_not_from_load_balancers", list(&other))
                .verdict(
                    other.is_empty(),
                    format!("{name} admits ingress only from load balancer security groups."),
                    format!(
                        "{name} (ECS tasks) admits ingress from more than the load balancers: {}.",
                        other.join("; ")
                    ),
                );
        }
    }
}
