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
use crate::inventory::{Inventory, Listener, LoadBalancer, LoadBalancerKind};
use crate::tls::min_tls_minor;

/// Judge one boolean attribute of every load balancer `applies` to; AWS's
/// default stands for an attribute AWS did not list.
fn attribute_check(
    out: &mut Out,
    inv: &Inventory,
    key: &str,
    what: &str,
    applies: fn(&LoadBalancer) -> bool,
) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if applies(lb) {
            attribute_finding(out, at, lb, key, what);
        }
    });
}

/// The finding on one boolean attribute of `lb`.
fn attribute_finding(out: &mut Out, at: Regional, lb: &LoadBalancer, key: &str, what: &str) {
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
}

/// The listeners of `lb`; when they could not be read, an `unknown` finding
/// on `lb` instead.
fn listeners_or_unknown<'i>(
    out: &mut Out,
    at: Regional,
    lb: &'i LoadBalancer,
) -> Option<&'i [Listener]> {
    if lb.listeners.is_none() {
        out.on(at, &lb.arn, &lb.name)
            .unknown(format!("The listeners of {} could not be read.", lb.name));
    }
    lb.listeners.as_deref()
}

/// Application and network load balancers: the types with HTTPS or TLS listeners.
fn has_tls_listeners(lb: &LoadBalancer) -> bool {
    matches!(
        lb.kind,
        LoadBalancerKind::Application | LoadBalancerKind::Network
    )
}

/// Judge every TLS listener's policy by its minimum TLS version.
fn tls_version_check(out: &mut Out, inv: &Inventory, min_minor: u8, need: &str) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !has_tls_listeners(lb) {
            return;
        }
        let Some(listeners) = listeners_or_unknown(out, at, lb) else {
            return;
        };
        let tls: Vec<&Listener> = listeners.iter().filter(|l| l.is_tls()).collect();
        if tls.is_empty() {
            return;
        }
        let mut weak = Vec::new();
        let mut unrecognised = Vec::new();
        let mut policies = Vec::new();
        for l in tls {
            let policy = l.ssl_policy.as_deref().unwrap_or("(none)");
            policies.push(format!(
                "{}:{} {policy}",
                l.protocol,
                l.port.unwrap_or_default()
            ));
            match min_tls_minor(policy) {
                Some(minor) if minor >= min_minor => {}
                Some(minor) => weak.push(format!("{policy} (TLS 1.{minor})")),
                None => unrecognised.push(policy),
            }
        }
        let finding = out
            .on(at, &lb.arn, &lb.name)
            .evidence_list("listener_policies", &policies);
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

/// JSON builders for the area's tests, written like a snapshot.
#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::inventory;
    use crate::finding::Finding;
    use crate::inventory::Inventory;

    /// The one finding on the resource called `name`.
    pub fn named<'f>(findings: &'f [Finding], name: &str) -> &'f Finding {
        let mut on = findings.iter().filter(|f| f.resource_name == name);
        match (on.next(), on.next()) {
            (Some(finding), None) => finding,
            _ => panic!("not exactly one finding on {name}"),
        }
    }

    /// An internet-facing application load balancer in `sg-alb` with no
    /// attributes, listeners or web ACL; `extra` replaces fields.
    pub fn alb(name: &str, extra: Value) -> Value {
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

    pub fn listener(protocol: &str, port: i32, policy: Option<&str>, actions: Value) -> Value {
        json!({"arn": format!("l-{port}"), "port": port, "protocol": protocol, "ssl_policy": policy,
               "certificates": [], "default_actions": actions})
    }

    pub fn forward() -> Value {
        json!([{"kind": "forward", "redirect_protocol": null, "redirect_port": null, "target_groups": ["tg"]}])
    }

    pub fn redirect_https() -> Value {
        json!([{"kind": "redirect", "redirect_protocol": "HTTPS", "redirect_port": "443", "target_groups": []}])
    }

    /// A security group with one TCP rule in each of `ingress` and `egress`
    /// (`null`: no rule).
    pub fn security_group(id: &str, ingress: Value, egress: Value) -> Value {
        let rules = |port: i32, peer: Value| match peer {
            Value::Null => json!([]),
            peer => json!([{"protocol": "tcp", "from_port": port, "to_port": port, "peer": peer}]),
        };
        json!({"id": id, "arn": format!("arn:aws:ec2:us-east-1:123456789012:security-group/{id}"), "name": id,
               "vpc_id": "vpc-1", "tag_name": null, "ingress": rules(443, ingress), "egress": rules(3000, egress)})
    }

    /// Load balancers whose HTTPS listeners use policies of every strength,
    /// and one plain HTTP listener with a policy that must not count.
    pub fn tls_policies() -> Inventory {
        inventory(
            json!({}),
            json!({"load_balancers": [
                alb("tls13", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-TLS13-1-3-2021-06"), forward())]})),
                alb("tls12", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-TLS-1-2-2017-01"), forward())]})),
                alb("old", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-2016-08"), forward())]})),
                alb("http-with-policy", json!({"listeners": [listener("HTTP", 80, Some("ELBSecurityPolicy-2016-08"), forward())]})),
                alb("strange", json!({"listeners": [listener("HTTPS", 443, Some("Custom"), forward())]})),
                alb("unread", json!({"listeners": null})),
                alb("nlb-tls12", json!({"kind": "network", "listeners": [listener("TLS", 443, Some("ELBSecurityPolicy-TLS13-1-2-2021-06"), forward())]})),
                // Gateway load balancers have no TLS listeners: nothing to judge, even unread.
                alb("gwlb", json!({"kind": "gateway", "listeners": null})),
            ]}),
        )
    }

    /// Load balancers internal, behind WAF, open to CloudFront only, open to
    /// the internet, and in a group that is gone.
    pub fn shielding() -> Inventory {
        inventory(
            json!({}),
            json!({
                "security_groups": [
                    security_group("sg-open", json!({"kind": "ipv4", "value": "0.0.0.0/0"}), Value::Null),
                    security_group("sg-open6", json!({"kind": "ipv6", "value": "::/0"}), Value::Null),
                    security_group("sg-cf", json!({"kind": "prefix_list", "value": "pl-cloudfront"}), Value::Null),
                ],
                "load_balancers": [
                    alb("internal", json!({"internet_facing": false, "security_groups": ["sg-open"]})),
                    alb("waf", json!({"security_groups": ["sg-open"], "web_acl": {"arn": "arn:aws:wafv2:acl"}})),
                    alb("cloudfront-only", json!({"security_groups": ["sg-cf"]})),
                    alb("open", json!({"security_groups": ["sg-cf", "sg-open6"]})),
                    alb("missing-sg", json!({"security_groups": ["sg-gone"]})),
                ]
            }),
        )
    }
}

/// Each check's `applies_to` (its TOML) is the set of load balancer types it
/// judges: the code and the catalog say the same.
#[cfg(test)]
mod applies_to_tests {
    use serde_json::json;

    use super::fixture::alb;
    use crate::catalog::LoadBalancerType;
    use crate::checks::fixtures::{check, inventory};
    use crate::inventory::LoadBalancerKind;

    #[test]
    fn every_load_balancer_check_states_the_types_it_judges() {
        let ids: Vec<&str> = crate::checks::all()
            .iter()
            .filter(|c| c.id().starts_with("alb-"))
            .map(|c| c.id())
            .collect();
        assert_eq!(ids.len(), 10, "{ids:?}");
        // One load balancer of each type, named by its type, with nothing read:
        // every check that judges a type makes a finding on it.
        let lbs: Vec<_> = LoadBalancerType::ALL
            .iter()
            .map(|t| {
                alb(
                    t.as_str(),
                    json!({"kind": t.as_str(), "attributes": null, "listeners": null,
                           "web_acl": null, "target_groups": null}),
                )
            })
            .collect();
        let inv = inventory(
            json!({}),
            json!({"load_balancers": lbs, "security_groups": null}),
        );
        for id in ids {
            let meta = crate::checks::meta(id).unwrap();
            assert!(
                !meta.applies_to.is_empty(),
                "checks/{id}.toml: applies_to names no load balancer type"
            );
            for t in &meta.applies_to {
                assert_ne!(
                    LoadBalancerKind::from(t.as_str()),
                    LoadBalancerKind::Other(t.as_str().into()),
                    "{id}: {t:?}"
                );
            }
            let mut judged: Vec<LoadBalancerType> = check(id, &inv)
                .iter()
                .filter_map(|f| {
                    LoadBalancerType::ALL
                        .into_iter()
                        .find(|t| t.as_str() == f.resource_name)
                })
                .collect();
            judged.dedup();
            let mut stated = meta.applies_to.clone();
            stated.sort();
            judged.sort();
            assert_eq!(
                judged, stated,
                "{id}: the types judged differ from applies_to"
            );
        }
    }

    #[test]
    fn other_checks_state_no_load_balancer_type() {
        for meta in crate::checks::metas().filter(|m| !m.id.starts_with("alb-")) {
            assert!(meta.applies_to.is_empty(), "{}: applies_to", meta.id);
        }
    }
}
