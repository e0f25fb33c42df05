//! `ecs-tasks-in-private-subnets`: ECS services run in private subnets without public IPs.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_service(out, inv, |out, at, name, service| {
        let region = at.region;
        let Some(network) = &service.network else {
            return;
        };
        let finding = out
            .on(at, &service.arn, &name)
            .evidence("assign_public_ip", network.assign_public_ip)
            .evidence("subnets", network.subnets.join(", "));
        let mut public = Vec::new();
        for subnet in &network.subnets {
            match route_table_of(region, subnet) {
                None => {
                    return finding.unknown(format!(
                        "The route table of subnet {subnet} of {name} is not known."
                    ));
                }
                Some(t)
                    if t.default_route_targets
                        .iter()
                        .any(|g| g.starts_with("igw-")) =>
                {
                    public.push(format!(
                        "{subnet} (routes to the internet via {})",
                        t.default_route_targets.join(",")
                    ))
                }
                Some(_) => {}
            }
        }
        let finding = finding.evidence(
            "public_subnets",
            if public.is_empty() {
                "none".into()
            } else {
                public.join("; ")
            },
        );
        if network.assign_public_ip || !public.is_empty() {
            let mut why = Vec::new();
            if network.assign_public_ip {
                why.push("its tasks get public IPs".to_string());
            }
            if !public.is_empty() {
                why.push(format!("it runs in public subnets {}", public.join(", ")));
            }
            finding.fail(format!(
                "Service {name} is reachable from the internet: {}.",
                why.join(" and ")
            ))
        } else {
            finding.pass(format!(
                "Service {name} runs in private subnets without public IPs."
            ))
        }
    });
}
