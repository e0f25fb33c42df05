//! `alb-waf-attached`: Internet-facing load balancers have a WAFv2 web ACL associated.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !lb.is_application() || !lb.internet_facing {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name);
        match lb.web_acl.as_ref().map(|w| &w.arn) {
            None => finding.unknown(format!("The web ACL of {} could not be read.", lb.name)),
            Some(Some(acl)) => finding
                .evidence("web_acl", acl)
                .pass(format!("{} has a WAF web ACL.", lb.name)),
            Some(None) => finding.evidence("web_acl", "none").fail(format!(
                "Internet-facing load balancer {} has no WAF web ACL.",
                lb.name
            )),
        }
    });
}
