//! `alb-egress-to-targets-only`: Load balancer security groups allow egress only to their targets.

use super::*;
use crate::net;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !lb.is_application() {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name);
        let Some(groups) = &at.region.security_groups else {
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
            .evidence_names("target_ports", &ports)
            .evidence_list("egress_allowed", &allowed);
        if open.is_empty() {
            finding.pass(format!(
                "{} can send traffic only to named destinations.",
                lb.name
            ))
        } else {
            finding
                .evidence_list("egress_to_internet", &open)
                .fail(format!(
                    "{} may send traffic anywhere on the internet ({}), not only to its targets.",
                    lb.name,
                    open.join("; ")
                ))
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{alb, named, security_group};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn groups_and(load_balancers: Value) -> Value {
        json!({
            "security_groups": [
                security_group("sg-tasks-only", Value::Null, json!({"kind": "group", "value": "sg-tasks"})),
                security_group("sg-anywhere", Value::Null, json!({"kind": "ipv4", "value": "0.0.0.0/0"})),
            ],
            "load_balancers": load_balancers
        })
    }

    #[test]
    fn egress_only_to_named_destinations() {
        let inv = inventory(
            json!({}),
            groups_and(json!([
                alb(
                    "good",
                    json!({"security_groups": ["sg-tasks-only"],
                    "target_groups": [{"arn": "tg", "name": "tasks", "port": 3000, "protocol": "HTTP", "target_type": "ip"}]})
                ),
                alb("bad", json!({"security_groups": ["sg-anywhere"]})),
                alb(
                    "missing-sg",
                    json!({"security_groups": ["sg-tasks-only", "sg-gone"]})
                ),
                alb(
                    "nlb",
                    json!({"kind": "network", "security_groups": ["sg-anywhere"]})
                ),
            ])),
        );
        let findings = check("alb-egress-to-targets-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("good", Pass), ("bad", Fail), ("missing-sg", Unknown)])
        );
        let good = named(&findings, "good");
        assert_eq!(good.evidence["target_ports"], "tasks:3000");
        assert!(!good.evidence.contains_key("egress_to_internet"));
        let bad = named(&findings, "bad");
        assert_eq!(bad.evidence["target_ports"], "none");
        assert_eq!(bad.evidence["egress_allowed"], "none");
        assert!(bad.evidence["egress_to_internet"].starts_with("sg-anywhere "));
    }

    #[test]
    fn security_groups_not_collected_are_unknown() {
        let mut region = groups_and(json!([alb(
            "good",
            json!({"security_groups": ["sg-tasks-only"]})
        )]));
        region["security_groups"] = Value::Null;
        let inv = inventory(json!({}), region);
        assert_eq!(
            verdicts(&check("alb-egress-to-targets-only", &inv)),
            v(&[("good", Unknown)])
        );
    }
}
