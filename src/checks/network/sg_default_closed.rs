//! `sg-default-closed`: Every VPC's default security group has no rules.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let region = at.region;
        if !g.is_default() || g.vpc_id.is_none() {
            return;
        }
        let rules: Vec<String> = g
            .ingress
            .iter()
            .map(|r| format!("in {}", net::describe_rule(r)))
            .chain(
                g.egress
                    .iter()
                    .map(|r| format!("out {}", net::describe_rule(r))),
            )
            .collect();
        let name = group_name(region, g);
        out.on(at, &g.arn, &name)
            .evidence("rules", list(&rules))
            .verdict(
                rules.is_empty(),
                format!("Default security group {name} has no rules."),
                format!(
                    "Default security group {name} has {} rule(s): {}.",
                    rules.len(),
                    rules.join("; ")
                ),
            );
    });
}
