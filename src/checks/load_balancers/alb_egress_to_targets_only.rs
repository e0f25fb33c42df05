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
        let mut rules = Vec::new();
        for id in &lb.security_groups {
            let Some(group) = groups.iter().find(|g| &g.id == id) else {
                return finding
                    .unknown(format!("Security group {id} of {} was not found.", lb.name));
            };
            rules.extend(group.egress.iter().map(|rule| net::Labelled {
                label: &group.id,
                rule,
            }));
        }
        // The groups' rules together: halves of the address space, a
        // customer prefix list holding 0.0.0.0/0 are the internet.
        let lists = net::Lists::of(at.region);
        let exposure = net::exposure(&rules, lists);
        let (open, undecided) = exposure.judge(|_| true);
        let allowed: Vec<String> = rules
            .iter()
            .enumerate()
            .filter(|(i, _)| !exposure.open.iter().any(|o| o.rules.contains(i)))
            .map(|(_, r)| format!("{} {}", r.label, lists.describe_rule(r.rule)))
            .collect();
        let ports: Vec<String> = lb
            .target_groups
            .iter()
            .flatten()
            .filter_map(|tg| tg.port.map(|p| format!("{}:{p}", tg.name)))
            .collect();
        let finding = finding
            .evidence_names("target_ports", &ports)
            .evidence_list("egress_allowed", &allowed);
        if open.is_empty() && !undecided.is_empty() {
            finding
                .evidence_list("undecided", &undecided)
                .unknown(format!(
                    "Whether {} may send traffic anywhere on the internet cannot be decided: {}.",
                    lb.name,
                    undecided.join("; ")
                ))
        } else if open.is_empty() {
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

    /// S3's and CloudFront's lists are not the internet; a customer list
    /// holding ::/0 is; halves in two groups are; a list not read is unknown.
    #[test]
    fn prefix_lists_and_halves_across_groups() {
        let peer = |kind: &str, value: &str| json!({"kind": kind, "value": value});
        let inv = inventory(
            json!({}),
            json!({
                "prefix_lists": [
                    {"id": "pl-s3", "name": "com.amazonaws.us-east-1.s3", "owner": "AWS", "entries": null},
                    {"id": "pl-any6", "name": "anywhere", "owner": "123456789012", "entries": ["::/0"]},
                    {"id": "pl-unread", "name": "unread", "owner": "123456789012", "entries": null}
                ],
                "security_groups": [
                    security_group("sg-s3", Value::Null, peer("prefix_list", "pl-s3")),
                    security_group("sg-any6", Value::Null, peer("prefix_list", "pl-any6")),
                    security_group("sg-unread", Value::Null, peer("prefix_list", "pl-unread")),
                    security_group("sg-low", Value::Null, peer("ipv4", "0.0.0.0/1")),
                    security_group("sg-high", Value::Null, peer("ipv4", "128.0.0.0/1")),
                ],
                "load_balancers": [
                    alb("s3", json!({"security_groups": ["sg-s3"]})),
                    alb("list-anywhere", json!({"security_groups": ["sg-s3", "sg-any6"]})),
                    alb("unread", json!({"security_groups": ["sg-unread"]})),
                    alb("halves", json!({"security_groups": ["sg-low", "sg-high", "sg-s3"]})),
                ]
            }),
        );
        let findings = check("alb-egress-to-targets-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("s3", Pass),
                ("list-anywhere", Fail),
                ("unread", Unknown),
                ("halves", Fail)
            ])
        );
        assert_eq!(
            named(&findings, "s3").evidence["egress_allowed"],
            "sg-s3 tcp/3000 pl-s3 (com.amazonaws.us-east-1.s3)"
        );
        let anywhere = named(&findings, "list-anywhere");
        assert_eq!(
            anywhere.evidence["egress_to_internet"],
            "sg-any6 tcp/3000 pl-any6 (anywhere)"
        );
        let halves = named(&findings, "halves");
        assert_eq!(
            halves.evidence["egress_to_internet"],
            "tcp/3000 sg-low 0.0.0.0/1 + sg-high 128.0.0.0/1"
        );
        assert_eq!(
            halves.evidence["egress_allowed"],
            "sg-s3 tcp/3000 pl-s3 (com.amazonaws.us-east-1.s3)"
        );
        assert_eq!(
            named(&findings, "unread").evidence["undecided"],
            "the entries of prefix list pl-unread could not be read"
        );
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
