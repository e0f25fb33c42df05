//! Load balancer checks (elbv2, wafv2, acm).

pub(super) mod alb_access_logs;
pub(super) mod alb_acm_certificate;
pub(super) mod alb_deletion_protection;
pub(super) mod alb_drop_invalid_headers;
pub(super) mod alb_egress_to_targets_only;
pub(super) mod alb_https_only;
pub(super) mod alb_internet_facing_shielded;
pub(super) mod alb_tls13_only;
pub(super) mod alb_tls_policy;
pub(super) mod alb_waf_attached;

use super::Out;
use super::walk::*;
use crate::inventory::{Inventory, LoadBalancer, RegionInventory};
use crate::net;
use crate::tls::min_tls_minor;

fn attribute_check(
    out: &mut Out,
    inv: &Inventory,
    key: &str,
    what: &str,
    applies: fn(&LoadBalancer) -> bool,
) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !applies(lb) {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name);
        match lb.attribute(key) {
            None => finding.unknown(format!(
                "The attributes of load balancer {} could not be read.",
                lb.name
            )),
            Some(value) => finding.evidence(key, &value).verdict(
                value == "true",
                format!("{what} is on for load balancer {}.", lb.name),
                format!("{what} is off for load balancer {}.", lb.name),
            ),
        }
    });
}

/// Judge every TLS listener's policy by its minimum TLS version.
fn tls_version_check(out: &mut Out, inv: &Inventory, min_minor: u8, need: &str) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        let Some(listeners) = &lb.listeners else {
            return out
                .on(at, &lb.arn, &lb.name)
                .unknown(format!("The listeners of {} could not be read.", lb.name));
        };
        let tls: Vec<_> = listeners.iter().filter(|l| l.is_tls()).collect();
        if tls.is_empty() {
            return;
        }
        let mut weak = Vec::new();
        let mut unrecognised = Vec::new();
        let mut policies = Vec::new();
        for l in &tls {
            let policy = l.ssl_policy.clone().unwrap_or_else(|| "(none)".into());
            policies.push(format!(
                "{}:{} {policy}",
                l.protocol,
                l.port.unwrap_or_default()
            ));
            match min_tls_minor(&policy) {
                Some(minor) if minor >= min_minor => {}
                Some(minor) => weak.push(format!("{policy} (TLS 1.{minor})")),
                None => unrecognised.push(policy),
            }
        }
        let finding = out
            .on(at, &lb.arn, &lb.name)
            .evidence("listener_policies", policies.join("; "));
        if !weak.is_empty() {
            finding.fail(format!(
                "{} accepts connections below {need}: {}.",
                lb.name,
                weak.join(", ")
            ))
        } else if !unrecognised.is_empty() {
            finding.unknown(format!(
                "{} uses security policies posture does not recognise: {}.",
                lb.name,
                unrecognised.join(", ")
            ))
        } else {
            finding.pass(format!(
                "Every TLS listener of {} requires {need} or newer.",
                lb.name
            ))
        }
    });
}

/// Ingress peers of the load balancer's security groups; `None` if a group is missing.
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
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn alb(name: &str, extra: Value) -> Value {
        let mut lb = json!({
            "arn": format!("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/{name}/1"),
            "name": name, "kind": "application", "internet_facing": true, "vpc_id": "vpc-1",
            "security_groups": ["sg-alb"], "attributes": {}, "listeners": [], "web_acl": {"arn": null}, "target_groups": []
        });
        for (k, val) in extra.as_object().unwrap() {
            lb[k] = val.clone();
        }
        lb
    }

    fn listener(protocol: &str, port: i32, policy: Option<&str>, actions: Value) -> Value {
        json!({"arn": format!("l-{port}"), "port": port, "protocol": protocol, "ssl_policy": policy,
               "certificates": [], "default_actions": actions})
    }

    fn forward() -> Value {
        json!([{"kind": "forward", "redirect_protocol": null, "redirect_port": null, "target_groups": ["tg"]}])
    }

    fn redirect_https() -> Value {
        json!([{"kind": "redirect", "redirect_protocol": "HTTPS", "redirect_port": "443", "target_groups": []}])
    }

    #[test]
    fn missing_attributes_mean_aws_defaults() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("listed-on", json!({"attributes": {"deletion_protection.enabled": "true"}})),
                alb("not-listed", json!({})),
                alb("unread", json!({"attributes": null})),
            ]}),
        );
        assert_eq!(
            verdicts(&check("alb-deletion-protection", &inv)),
            v(&[
                ("listed-on", Pass),
                ("not-listed", Fail),
                ("unread", Unknown)
            ])
        );
    }

    #[test]
    fn http_redirecting_to_https_passes() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("redirects", json!({"listeners": [listener("HTTP", 80, None, redirect_https())]})),
                // The emulator gives HTTP listeners an SslPolicy; it must not matter.
                alb("forwards", json!({"listeners": [listener("HTTP", 80, Some("ELBSecurityPolicy-2016-08"), forward())]})),
                alb("https-only", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-TLS13-1-2-2021-06"), forward())]})),
                alb("redirect-to-http", json!({"listeners": [listener("HTTP", 80, None,
                    json!([{"kind": "redirect", "redirect_protocol": "HTTP", "redirect_port": "8080", "target_groups": []}]))]})),
            ]}),
        );
        assert_eq!(
            verdicts(&check("alb-https-only", &inv)),
            v(&[
                ("redirects", Pass),
                ("forwards", Fail),
                ("https-only", Pass),
                ("redirect-to-http", Fail)
            ])
        );
    }

    #[test]
    fn tls_policies_judged_on_tls_listeners_only() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("tls13", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-TLS13-1-3-2021-06"), forward())]})),
                alb("tls12", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-TLS-1-2-2017-01"), forward())]})),
                alb("old", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-2016-08"), forward())]})),
                alb("http-with-policy", json!({"listeners": [listener("HTTP", 80, Some("ELBSecurityPolicy-2016-08"), forward())]})),
                alb("strange", json!({"listeners": [listener("HTTPS", 443, Some("Custom"), forward())]})),
            ]}),
        );
        assert_eq!(
            verdicts(&check("alb-tls-policy", &inv)),
            v(&[
                ("tls13", Pass),
                ("tls12", Pass),
                ("old", Fail),
                ("strange", Unknown)
            ])
        );
        assert_eq!(
            verdicts(&check("alb-tls13-only", &inv)),
            v(&[
                ("tls13", Pass),
                ("tls12", Fail),
                ("old", Fail),
                ("strange", Unknown)
            ])
        );
    }

    #[test]
    fn shielded_by_internal_waf_or_named_sources() {
        let sg = |id: &str, peer: Value| {
            json!({"id": id, "arn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/{id}"), "name": id,
                   "vpc_id": "vpc-1", "tag_name": null,
                   "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "peer": peer}], "egress": []})
        };
        let inv = inventory(
            json!({}),
            json!({
                "security_groups": [
                    sg("sg-open", json!({"kind": "ipv4", "value": "0.0.0.0/0"})),
                    sg("sg-open6", json!({"kind": "ipv6", "value": "::/0"})),
                    sg("sg-cf", json!({"kind": "prefix_list", "value": "pl-cloudfront"})),
                ],
                "load_balancers": [
                    alb("internal", json!({"internet_facing": false, "security_groups": ["sg-open"]})),
                    alb("waf", json!({"security_groups": ["sg-open"], "web_acl": {"arn": "arn:aws:wafv2:acl"}})),
                    alb("cloudfront-only", json!({"security_groups": ["sg-cf"]})),
                    alb("open", json!({"security_groups": ["sg-cf", "sg-open6"]})),
                    alb("missing-sg", json!({"security_groups": ["sg-gone"]})),
                ]
            }),
        );
        assert_eq!(
            verdicts(&check("alb-internet-facing-shielded", &inv)),
            v(&[
                ("internal", Pass),
                ("waf", Pass),
                ("cloudfront-only", Pass),
                ("open", Fail),
                ("missing-sg", Unknown)
            ])
        );
        // Only internet-facing load balancers need a web ACL.
        assert_eq!(
            verdicts(&check("alb-waf-attached", &inv)),
            v(&[
                ("waf", Pass),
                ("cloudfront-only", Fail),
                ("open", Fail),
                ("missing-sg", Fail)
            ])
        );
    }

    #[test]
    fn egress_only_to_named_destinations() {
        let sg = |id: &str, peer: Value| {
            json!({"id": id, "arn": id, "name": id, "vpc_id": "vpc-1", "tag_name": null, "ingress": [],
                   "egress": [{"protocol": "tcp", "from_port": 3000, "to_port": 3000, "peer": peer}]})
        };
        let inv = inventory(
            json!({}),
            json!({
                "security_groups": [sg("sg-tasks-only", json!({"kind": "group", "value": "sg-tasks"})),
                                    sg("sg-anywhere", json!({"kind": "ipv4", "value": "0.0.0.0/0"}))],
                "load_balancers": [alb("good", json!({"security_groups": ["sg-tasks-only"]})),
                                   alb("bad", json!({"security_groups": ["sg-anywhere"]}))]
            }),
        );
        assert_eq!(
            verdicts(&check("alb-egress-to-targets-only", &inv)),
            v(&[("good", Pass), ("bad", Fail)])
        );
    }

    #[test]
    fn certificates_issued_renewable_and_not_expiring() {
        let cert = |arn: &str, status: &str, renewal: &str, not_after: &str| {
            json!({"arn": arn, "domain": arn, "status": status, "kind": "AMAZON_ISSUED",
                   "renewal_eligibility": renewal, "not_after": not_after, "described": true})
        };
        let https = |arn: &str| {
            let mut l = listener(
                "HTTPS",
                443,
                Some("ELBSecurityPolicy-TLS13-1-2-2021-06"),
                forward(),
            );
            l["certificates"] = json!([arn]);
            json!([l])
        };
        let inv = inventory(
            json!({}),
            json!({
                "certificates": [
                    cert("arn:aws:acm:us-east-1:1:certificate/good", "ISSUED", "ELIGIBLE", "2027-06-01T00:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/soon", "ISSUED", "ELIGIBLE", "2026-12-01T00:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/imported", "ISSUED", "INELIGIBLE", "2027-06-01T00:00:00Z"),
                    {"arn": "arn:aws:iam::1:server-certificate/x", "domain": null, "status": null, "kind": null,
                     "renewal_eligibility": null, "not_after": null, "described": false}
                ],
                "load_balancers": [
                    alb("good", json!({"listeners": https("arn:aws:acm:us-east-1:1:certificate/good")})),
                    alb("soon", json!({"listeners": https("arn:aws:acm:us-east-1:1:certificate/soon")})),
                    alb("imported", json!({"listeners": https("arn:aws:acm:us-east-1:1:certificate/imported")})),
                    alb("iam-cert", json!({"listeners": https("arn:aws:iam::1:server-certificate/x")})),
                    alb("http-only", json!({"listeners": [listener("HTTP", 80, None, forward())]})),
                ]
            }),
        );
        assert_eq!(
            verdicts(&check("alb-acm-certificate", &inv)),
            v(&[
                ("good", Pass),
                ("soon", Fail),
                ("imported", Fail),
                ("iam-cert", Fail)
            ])
        );
    }

    #[test]
    fn unlisted_region_is_unknown_not_pass() {
        let inv = inventory(json!({}), json!({"load_balancers": null}));
        let findings = check("alb-access-logs", &inv);
        assert_eq!(verdicts(&findings), v(&[("load balancers", Unknown)]));
    }
}
