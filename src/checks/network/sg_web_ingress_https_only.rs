//! `sg-web-ingress-https-only`: Security groups open to the internet admit HTTPS (443) only.

use super::*;

/// Only groups the internet reaches on some port are judged.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let exposed: Vec<&SgRule> = internet_ingress(g)
            .filter(|r| net::port_range(r).is_some())
            .collect();
        if exposed.is_empty() {
            return;
        }
        let described: Vec<String> = exposed.iter().map(|r| net::describe_rule(r)).collect();
        let beyond_443: Vec<String> = exposed
            .iter()
            .filter(|r| net::covers_other_than(r, &[443]))
            .map(|r| net::describe_rule(r))
            .collect();
        let name = group_name(at.region, g);
        out.on(at, &g.arn, &name)
            .evidence_list("ingress_from_internet", &described)
            .verdict(
                beyond_443.is_empty(),
                format!("{name} admits the internet to HTTPS (443) only."),
                format!(
                    "{name} admits the internet beyond HTTPS: {}.",
                    beyond_443.join("; ")
                ),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::groups;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn web_ingress_https_only_judges_exposed_groups() {
        assert_eq!(
            verdicts(&check("sg-web-ingress-https-only", &groups())),
            v(&[
                ("main/ssh-world", Fail),
                ("main/range-covers-22", Fail),
                ("main/rdp-v6", Fail),
                ("main/all-traffic", Fail),
                ("main/web", Fail),
                ("main/https", Pass),
                ("main/db-world", Fail),
            ])
        );
    }

    #[test]
    fn every_internet_rule_is_the_evidence() {
        let findings = check("sg-web-ingress-https-only", &groups());
        let web = findings
            .iter()
            .find(|f| f.resource_name == "main/web")
            .unwrap();
        assert_eq!(
            web.evidence["ingress_from_internet"],
            "tcp/80 0.0.0.0/0; tcp/443 ::/0"
        );
        assert_eq!(
            web.message,
            "main/web admits the internet beyond HTTPS: tcp/80 0.0.0.0/0."
        );
    }

    #[test]
    fn groups_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"security_groups": null}));
        assert_eq!(
            verdicts(&check("sg-web-ingress-https-only", &inv)),
            v(&[("security groups", Unknown)])
        );
    }
}
