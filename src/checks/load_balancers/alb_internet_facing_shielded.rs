//! `alb-internet-facing-shielded`: Internet-facing load balancers sit behind WAF, CloudFront or an allow-list.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        let region = at.region;
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
        let Some(open) = ingress_from_internet(region, lb) else {
            return finding.unknown(format!(
                "The security groups of {} could not be read.",
                lb.name
            ));
        };
        let finding = finding.evidence(
            "web_acl",
            if lb.web_acl.is_some() {
                "none"
            } else {
                "unknown"
            },
        );
        if open.is_empty() {
            finding.evidence("internet_ingress", "none").pass(format!(
                "{} admits only named sources (prefix lists, CIDRs, security groups), not the whole internet.",
                lb.name
            ))
        } else {
            finding
                .evidence("internet_ingress", open.join("; "))
                .fail(format!(
                    "{} is internet-facing, has no WAF web ACL and admits the whole internet ({}).",
                    lb.name,
                    open.join("; ")
                ))
        }
    });
}
