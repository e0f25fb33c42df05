//! `sg-default-closed`: Every VPC's default security group has no rules.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        // EC2-Classic had no default group to close.
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
        let name = group_name(at.region, g);
        out.on(at, &g.arn, &name)
            .evidence_list("rules", &rules)
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{any4, rule, sg, vpcs};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn default_groups_without_rules_pass() {
        assert_eq!(
            verdicts(&check("sg-default-closed", &vpcs())),
            v(&[("main/default", Pass), ("vpc-2/default", Fail)])
        );
    }

    #[test]
    fn rules_in_and_out_are_counted_and_named() {
        let inv = inventory(
            json!({}),
            json!({"security_groups": [
                sg("default", json!([rule("-1", None, None, json!({"kind": "group", "value": "sg-default"}))]),
                   json!([rule("-1", None, None, any4())])),
                sg("app", json!([]), json!([rule("-1", None, None, any4())]))
            ]}),
        );
        let findings = check("sg-default-closed", &inv);
        assert_eq!(verdicts(&findings), v(&[("vpc-1/default", Fail)]));
        assert_eq!(
            findings[0].message,
            "Default security group vpc-1/default has 2 rule(s): in all traffic sg-default; out all traffic 0.0.0.0/0."
        );
        assert_eq!(
            findings[0].evidence["rules"],
            "in all traffic sg-default; out all traffic 0.0.0.0/0"
        );
    }

    #[test]
    fn groups_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"security_groups": null}));
        assert_eq!(
            verdicts(&check("sg-default-closed", &inv)),
            v(&[("security groups", Unknown)])
        );
    }
}
