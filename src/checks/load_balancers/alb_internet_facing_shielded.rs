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
        let Some(open) = ingress_from_internet(at.region, lb) else {
            return finding.unknown(format!(
                "The security groups of {} could not be read.",
                lb.name
            ));
        };
        finding
            .evidence(
                "web_acl",
                if lb.web_acl.is_some() {
                    "none"
                } else {
                    "unknown"
                },
            )
            .evidence_list("internet_ingress", &open)
            .verdict(
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

/// The rules of the load balancer's security groups that admit the whole
/// internet; `None` if a group is missing.
fn ingress_from_internet(region: &RegionInventory, lb: &LoadBalancer) -> Option<Vec<String>> {
    let groups = region.security_groups.as_ref()?;
    let mut open = Vec::new();
    for id in &lb.security_groups {
        let group = groups.iter().find(|g| &g.id == id)?;
        for rule in group.ingress.iter().filter(|r| net::is_internet(&r.peer)) {
            open.push(format!("{} {}", group.id, net::describe_rule(rule)));
        }
    }
    Some(open)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{named, shielding};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn shielded_by_internal_waf_or_named_sources() {
        let findings = check("alb-internet-facing-shielded", &shielding());
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
        assert!(open.evidence["internet_ingress"].starts_with("sg-open6 "));
        assert_eq!(open.evidence["scheme"], "internet-facing");
    }
}
