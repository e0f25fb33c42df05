//! `sg-web-ingress-https-only`: Security groups open to the internet admit HTTPS (443) only.

use super::*;

/// Only groups the internet reaches on some TCP/UDP port are judged, their
/// rules combined; a group a prefix list not read may open is judged too.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let exposure = ingress_exposure(at.region, g);
        let exposed = |p: &net::Ports| p.range().is_some();
        let described: Vec<String> = exposure
            .open
            .iter()
            .filter(|o| exposed(&o.ports))
            .map(net::Opening::describe)
            .collect();
        if described.is_empty() && !exposure.possible.iter().any(|o| exposed(&o.ports)) {
            return;
        }
        let (beyond_443, undecided) = exposure.judge(|p| p.ports_beyond(&[443]));
        let name = group_name(at.region, g);
        let fail = format!(
            "{name} admits the internet beyond HTTPS: {}.",
            beyond_443.join("; ")
        );
        let finding = out
            .on(at, &g.arn, &name)
            .evidence_list("ingress_from_internet", &described);
        decide(
            finding,
            None,
            &beyond_443,
            &undecided,
            &name,
            "admits the internet beyond HTTPS",
            format!("{name} admits the internet to HTTPS (443) only."),
            fail,
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{any4, groups, ipv4, list, listed, rule, sg};
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

    /// Halves and customer lists are the internet; a group only a list not
    /// read may expose is judged, unknown unless HTTPS is all it could open;
    /// a group the internet reaches by GRE alone has no web port to judge.
    #[test]
    fn halves_prefix_lists_and_protocols_without_ports() {
        let port = |p: i32, peer: Value| rule("tcp", Some(p), Some(p), peer);
        let inv = listed(json!([
            sg(
                "http-halves",
                json!([
                    port(443, any4()),
                    port(80, ipv4("0.0.0.0/1")),
                    port(80, ipv4("128.0.0.0/1"))
                ]),
                json!([])
            ),
            sg("https-list", json!([port(443, list("pl-any"))]), json!([])),
            sg("http-list", json!([port(80, list("pl-any"))]), json!([])),
            sg(
                "https-and-unread",
                json!([port(443, any4()), port(80, list("pl-unread"))]),
                json!([])
            ),
            sg(
                "only-unread",
                json!([port(8080, list("pl-unread"))]),
                json!([])
            ),
            sg(
                "only-unread-443",
                json!([port(443, list("pl-unread"))]),
                json!([])
            ),
            sg("cloudfront", json!([port(80, list("pl-cf"))]), json!([])),
            sg("gre", json!([rule("47", None, None, any4())]), json!([])),
        ]));
        let findings = check("sg-web-ingress-https-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("main/http-halves", Fail),
                ("main/https-list", Pass),
                ("main/http-list", Fail),
                ("main/https-and-unread", Unknown),
                ("main/only-unread", Unknown),
                ("main/only-unread-443", Pass),
            ])
        );
        let halves = findings
            .iter()
            .find(|f| f.resource_name == "main/http-halves")
            .unwrap();
        assert_eq!(
            halves.evidence["ingress_from_internet"],
            "tcp/80 0.0.0.0/1 + 128.0.0.0/1; tcp/443 0.0.0.0/0"
        );
        assert_eq!(
            halves.message,
            "main/http-halves admits the internet beyond HTTPS: tcp/80 0.0.0.0/1 + 128.0.0.0/1."
        );
        let unread = findings
            .iter()
            .find(|f| f.resource_name == "main/https-and-unread")
            .unwrap();
        assert_eq!(
            unread.evidence["ingress_from_internet"],
            "tcp/443 0.0.0.0/0"
        );
        assert_eq!(
            unread.evidence["undecided"],
            "the entries of prefix list pl-unread could not be read"
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
