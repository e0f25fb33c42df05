//! `alb-internet-facing-shielded`: Internet-facing load balancers sit behind WAF, CloudFront or an allow-list.

use super::*;
use crate::inventory::RegionInventory;
use crate::net;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !lb.is_application() {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name).evidence(
            "scheme",
            if lb.internet_facing {
                "internet-facing"
            } else {
                "internal"
            },
        );
        if !lb.internet_facing {
            return finding.pass(format!("{} is internal.", lb.name));
        }
        if let Some(acl) = lb.web_acl.as_ref().and_then(|w| w.arn.as_ref()) {
            return finding
                .evidence("web_acl", acl)
                .pass(format!("{} is shielded by a WAF web ACL.", lb.name));
        }
        let Some(exposure) = ingress_exposure(at.region, lb) else {
            return finding.unknown(format!(
                "The security groups of {} could not be read.",
                lb.name
            ));
        };
        let (open, undecided) = exposure.judge(|_| true);
        let finding = finding
            .evidence(
                "web_acl",
                if lb.web_acl.is_some() {
                    "none"
                } else {
                    "unknown"
                },
            )
            .evidence_list("internet_ingress", &open);
        if !open.is_empty() && lb.web_acl.is_none() {
            // It admits the whole internet; whether a web ACL shields it
            // could not be read (GetWebACLForResource failed).
            return finding.unknown(format!(
                "{} admits the whole internet ({}); whether a WAF web ACL shields it could not be read.",
                lb.name,
                open.join("; ")
            ));
        }
        if open.is_empty() && !undecided.is_empty() {
            return finding.evidence_list("undecided", &undecided).unknown(format!(
                "Whether {} admits the whole internet cannot be decided: {}.",
                lb.name,
                undecided.join("; ")
            ));
        }
        finding.verdict(
            open.is_empty(),
            format!(
                "{} admits only named sources (prefix lists, CIDRs, security groups), not the whole internet.",
                lb.name
            ),
            format!(
                "{} is internet-facing, has no WAF web ACL and admits the whole internet ({}).",
                lb.name,
                open.join("; ")
            ),
        )
    });
}

/// What the load balancer's security groups together open to the whole
/// internet (CloudFront's origin-facing list is CloudFront, not the
/// internet); `None` if a group is missing.
fn ingress_exposure(region: &RegionInventory, lb: &LoadBalancer) -> Option<net::Exposure> {
    let groups = region.security_groups.as_ref()?;
    let mut rules = Vec::new();
    for id in &lb.security_groups {
        let group = groups.iter().find(|g| &g.id == id)?;
        rules.extend(group.ingress.iter().map(|rule| net::Labelled {
            label: &group.id,
            rule,
        }));
    }
    Some(net::exposure(&rules, net::Lists::of(region)))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{alb, named, security_group, shielding};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::PrefixList;

    #[test]
    fn shielded_by_internal_waf_or_named_sources() {
        let mut inv = shielding();
        // sg-cf admits CloudFront's origin-facing list, known by name.
        inv.accounts[0].regions[0].prefix_lists = Some(vec![PrefixList {
            id: "pl-cloudfront".into(),
            name: "com.amazonaws.global.cloudfront.origin-facing".into(),
            owner: Some("AWS".into()),
            entries: None,
        }]);
        let findings = check("alb-internet-facing-shielded", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("internal", Pass),
                ("waf", Pass),
                ("cloudfront-only", Pass),
                ("open", Fail),
                ("missing-sg", Unknown)
            ])
        );
        let cloudfront = named(&findings, "cloudfront-only");
        assert_eq!(cloudfront.evidence["internet_ingress"], "none");
        assert_eq!(cloudfront.evidence["web_acl"], "none");
        let open = named(&findings, "open");
        assert_eq!(open.evidence["internet_ingress"], "sg-open6 tcp/443 ::/0");
        assert_eq!(open.evidence["scheme"], "internet-facing");

        // The same list not listed in the region: what it admits is unknown.
        let findings = check("alb-internet-facing-shielded", &shielding());
        let cloudfront = named(&findings, "cloudfront-only");
        assert_eq!(cloudfront.status, Unknown);
        assert_eq!(
            cloudfront.evidence["undecided"],
            "prefix list pl-cloudfront was not found"
        );
        // A definite opening decides whatever the list holds.
        assert_eq!(named(&findings, "open").status, Fail);
    }

    /// Regression: a load balancer open to the internet whose web ACL could
    /// not be read (GetWebACLForResource denied) failed, though a web ACL
    /// may shield it; one admitting only named sources still passes.
    #[test]
    fn an_unread_web_acl_leaves_an_open_load_balancer_unknown() {
        let peer = |kind: &str, value: &str| json!({"kind": kind, "value": value});
        let inv = inventory(
            json!({}),
            json!({
                "security_groups": [
                    security_group("sg-world", peer("ipv4", "0.0.0.0/0"), Value::Null),
                    security_group("sg-office", peer("ipv4", "203.0.113.0/24"), Value::Null),
                ],
                "load_balancers": [
                    alb("open", json!({"security_groups": ["sg-world"], "web_acl": null})),
                    alb("office", json!({"security_groups": ["sg-office"], "web_acl": null})),
                ]
            }),
        );
        let findings = check("alb-internet-facing-shielded", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("open", Unknown), ("office", Pass)])
        );
        assert_eq!(named(&findings, "open").evidence["web_acl"], "unknown");
    }

    /// A customer list holding 0.0.0.0/0 is the internet; one whose entries
    /// could not be read leaves the verdict unknown; halves of the address
    /// space in two groups of one load balancer are the internet.
    /// Not seeded in the emulator: a load balancer of its own without WAF
    /// would add findings to every other load balancer check. The startup
    /// group `cdn-origin` proves through the SDK that CloudFront's list is
    /// known by name (sg-open-to-internet passes it).
    #[test]
    fn prefix_lists_and_halves_across_groups() {
        let peer = |kind: &str, value: &str| json!({"kind": kind, "value": value});
        let inv = inventory(
            json!({}),
            json!({
                "prefix_lists": [
                    {"id": "pl-any", "name": "anywhere", "owner": "123456789012", "entries": ["10.0.0.0/8", "0.0.0.0/0"]},
                    {"id": "pl-office", "name": "office", "owner": "123456789012", "entries": ["203.0.113.0/24"]},
                    {"id": "pl-unread", "name": "unread", "owner": "123456789012"}
                ],
                "security_groups": [
                    security_group("sg-any", peer("prefix_list", "pl-any"), Value::Null),
                    security_group("sg-office", peer("prefix_list", "pl-office"), Value::Null),
                    security_group("sg-unread", peer("prefix_list", "pl-unread"), Value::Null),
                    security_group("sg-low", peer("ipv4", "0.0.0.0/1"), Value::Null),
                    security_group("sg-high", peer("ipv4", "128.0.0.0/1"), Value::Null),
                ],
                "load_balancers": [
                    alb("list-anywhere", json!({"security_groups": ["sg-any"]})),
                    alb("list-office", json!({"security_groups": ["sg-office"]})),
                    alb("list-unread", json!({"security_groups": ["sg-office", "sg-unread"]})),
                    alb("halves", json!({"security_groups": ["sg-low", "sg-high"]})),
                    alb("one-half", json!({"security_groups": ["sg-low"]})),
                ]
            }),
        );
        let findings = check("alb-internet-facing-shielded", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("list-anywhere", Fail),
                ("list-office", Pass),
                ("list-unread", Unknown),
                ("halves", Fail),
                ("one-half", Pass),
            ])
        );
        assert_eq!(
            named(&findings, "list-anywhere").evidence["internet_ingress"],
            "sg-any tcp/443 pl-any (anywhere)"
        );
        assert_eq!(
            named(&findings, "halves").evidence["internet_ingress"],
            "tcp/443 sg-low 0.0.0.0/1 + sg-high 128.0.0.0/1"
        );
        let unread = named(&findings, "list-unread");
        assert_eq!(
            unread.message,
            "Whether list-unread admits the whole internet cannot be decided: the entries of prefix list pl-unread could not be read."
        );
    }
}
