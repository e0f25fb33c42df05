//! `alb-egress-to-targets-only`: Load balancer security groups allow egress only to their targets.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        let region = at.region;
        if !lb.is_application() {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name);
        let Some(groups) = &region.security_groups else {
            return finding.unknown(format!(
                "The security groups of {} could not be read.",
                lb.name
            ));
        };
        let mut open = Vec::new();
        let mut allowed = Vec::new();
        for id in &lb.security_groups {
            let Some(group) = groups.iter().find(|g| &g.id == id) else {
                return finding
                    .unknown(format!("Security group {id} of {} was not found.", lb.name));
            };
            for rule in &group.egress {
                let text = format!("{} {}", group.id, net::describe_rule(rule));
                if net::is_internet(&rule.peer) {
                    open.push(text)
                } else {
                    allowed.push(text)
                }
            }
        }
        let ports: Vec<String> = lb
            .target_groups
            .iter()
            .flatten()
            .filter_map(|tg| tg.port.map(|p| format!("{}:{p}", tg.name)))
            .collect();
        let finding = finding
            .evidence(
                "target_ports",
                if ports.is_empty() {
                    "none".into()
                } else {
                    ports.join(", ")
                },
            )
            .evidence(
                "egress_allowed",
                if allowed.is_empty() {
                    "none".into()
                } else {
                    allowed.join("; ")
                },
            );
        if open.is_empty() {
            finding.pass(format!(
                "{} can send traffic only to named destinations.",
                lb.name
            ))
        } else {
            finding
                .evidence("egress_to_internet", open.join("; "))
                .fail(format!(
                    "{} may send traffic anywhere on the internet ({}), not only to its targets.",
                    lb.name,
                    open.join("; ")
                ))
        }
    });
}
