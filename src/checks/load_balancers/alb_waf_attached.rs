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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{alb, shielding};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn only_internet_facing_load_balancers_need_a_web_acl() {
        assert_eq!(
            verdicts(&check("alb-waf-attached", &shielding())),
            v(&[
                ("waf", Pass),
                ("cloudfront-only", Fail),
                ("open", Fail),
                ("missing-sg", Fail)
            ])
        );
    }

    #[test]
    fn unread_web_acl_is_unknown() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("unread", json!({"web_acl": null})),
                alb("nlb", json!({"kind": "network", "web_acl": null})),
            ]}),
        );
        assert_eq!(
            verdicts(&check("alb-waf-attached", &inv)),
            v(&[("unread", Unknown)])
        );
    }
}
