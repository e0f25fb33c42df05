//! `alb-access-logs`: Load balancers write access logs to S3.
//!
//! An application load balancer logs every request. A network load balancer
//! writes access logs only for its TLS listeners (AWS writes none without
//! one), so it is judged only when it has a TLS listener. A gateway load
//! balancer keeps no access logs.

use super::*;
use crate::inventory::LoadBalancerKind;

const KEY: &str = "access_logs.s3.enabled";
const WHAT: &str = "Access logging";

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| match lb.kind {
        LoadBalancerKind::Application => attribute_finding(out, at, lb, KEY, WHAT),
        LoadBalancerKind::Network => {
            let Some(listeners) = listeners_or_unknown(out, at, lb) else {
                return;
            };
            if listeners.iter().any(Listener::is_tls) {
                attribute_finding(out, at, lb, KEY, WHAT);
            }
        }
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{alb, forward, listener, named};
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

    /// AWS writes a network load balancer's access logs only for its TLS
    /// listeners: one without a TLS listener has nothing to log.
    #[test]
    fn network_load_balancers_judged_only_with_a_tls_listener() {
        let on = json!({"access_logs.s3.enabled": "true"});
        let tls = || {
            json!([listener(
                "TLS",
                443,
                Some("ELBSecurityPolicy-TLS13-1-2-2021-06"),
                forward()
            )])
        };
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("nlb-tls-logging", json!({"kind": "network", "attributes": on, "listeners": tls()})),
                alb("nlb-tls-off", json!({"kind": "network", "listeners": tls()})),
                alb("nlb-tcp", json!({"kind": "network", "listeners": [listener("TCP", 5432, None, forward())]})),
                alb("nlb-no-listener", json!({"kind": "network", "listeners": []})),
                alb("nlb-listeners-unread", json!({"kind": "network", "listeners": null})),
                alb("nlb-tls-attributes-unread", json!({"kind": "network", "attributes": null, "listeners": tls()})),
                // An ALB is judged whatever its listeners.
                alb("alb-listeners-unread", json!({"listeners": null, "attributes": on})),
            ]}),
        );
        let findings = check("alb-access-logs", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("nlb-tls-logging", Pass),
                ("nlb-tls-off", Fail),
                ("nlb-listeners-unread", Unknown),
                ("nlb-tls-attributes-unread", Unknown),
                ("alb-listeners-unread", Pass),
            ])
        );
        assert_eq!(
            named(&findings, "nlb-listeners-unread").message,
            "The listeners of nlb-listeners-unread could not be read."
        );
    }

    #[test]
    fn unlisted_region_is_unknown_not_pass() {
        let inv = inventory(json!({}), json!({"load_balancers": null}));
        let findings = check("alb-access-logs", &inv);
        assert_eq!(verdicts(&findings), v(&[("load balancers", Unknown)]));
    }
}
