//! `alb-access-logs`: Load balancers write access logs to S3.

use super::*;
use crate::inventory::LoadBalancerKind;

pub fn run(out: &mut Out, inv: &Inventory) {
    // Gateway load balancers have no access logs to write.
    attribute_check(out, inv, "access_logs.s3.enabled", "Access logging", |lb| {
        lb.kind != LoadBalancerKind::Gateway
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{alb, named};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn logging_on_passes_off_or_default_fails_gateways_skipped() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("logging", json!({"attributes": {"access_logs.s3.enabled": "true"}})),
                alb("off", json!({"attributes": {"access_logs.s3.enabled": "false"}})),
                alb("default", json!({})),
                alb("nlb", json!({"kind": "network", "attributes": {"access_logs.s3.enabled": "true"}})),
                alb("gwlb", json!({"kind": "gateway"})),
                alb("unread", json!({"attributes": null})),
            ]}),
        );
        let findings = check("alb-access-logs", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("logging", Pass),
                ("off", Fail),
                ("default", Fail),
                ("nlb", Pass),
                ("unread", Unknown)
            ])
        );
        let default = named(&findings, "default");
        assert_eq!(default.evidence["access_logs.s3.enabled"], "false");
        assert_eq!(
            default.message,
            "Access logging is off for load balancer default."
        );
    }

    #[test]
    fn unlisted_region_is_unknown_not_pass() {
        let inv = inventory(json!({}), json!({"load_balancers": null}));
        let findings = check("alb-access-logs", &inv);
        assert_eq!(verdicts(&findings), v(&[("load balancers", Unknown)]));
    }
}
