//! `sg-open-to-internet`: Security groups admit the internet on ports 80 and 443 only.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let open: Vec<String> = internet_ingress(g)
            .filter(|r| net::covers_other_than(r, &[80, 443]))
            .map(net::describe_rule)
            .collect();
        let name = group_name(at.region, g);
        out.on(at, &g.arn, &name)
            .evidence_list("non_web_ingress_from_internet", &open)
            .verdict(
                open.is_empty(),
                format!("{name} admits the internet to ports 80/443 at most."),
                format!(
                    "{name} admits the internet to more than web ports: {}.",
                    open.join("; ")
                ),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{any4, groups, rule, sg};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn open_to_internet_beyond_web_ports() {
        assert_eq!(
            verdicts(&check("sg-open-to-internet", &groups())),
            v(&[
                ("main/ssh-world", Fail),
                ("main/range-covers-22", Fail),
                ("main/rdp-v6", Fail),
                ("main/all-traffic", Fail),
                ("main/ssh-private", Pass),
                ("main/web", Pass),
                ("main/https", Pass),
                ("main/db-world", Fail),
                ("main/icmp", Pass),
            ])
        );
    }

    #[test]
    fn every_rule_beyond_web_ports_is_named() {
        let inv = inventory(
            json!({}),
            json!({"security_groups": [sg("mixed", json!([
                rule("tcp", Some(80), Some(80), any4()),
                rule("tcp", Some(22), Some(22), any4()),
                rule("udp", None, None, any4()),
            ]), json!([]))]}),
        );
        let findings = check("sg-open-to-internet", &inv);
        // No VPC of that id is listed: the group is named by the VPC id.
        assert_eq!(
            findings[0].message,
            "vpc-1/mixed admits the internet to more than web ports: tcp/22 0.0.0.0/0; udp/0-65535 0.0.0.0/0."
        );
        assert_eq!(
            findings[0].evidence["non_web_ingress_from_internet"],
            "tcp/22 0.0.0.0/0; udp/0-65535 0.0.0.0/0"
        );
    }

    #[test]
    fn groups_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"security_groups": null}));
        assert_eq!(
            verdicts(&check("sg-open-to-internet", &inv)),
            v(&[("security groups", Unknown)])
        );
    }
}
