//! Load balancer checks (elbv2, wafv2, acm).

use super::{Out, regions};
use crate::inventory::{AccountInventory, Inventory, LoadBalancer, RegionInventory};
use crate::net;
use crate::tls::min_tls_minor;

/// Every load balancer of the inventory with where it lives; a region whose
/// listing failed yields one `unknown` finding instead.
fn each_lb<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut f: impl FnMut(&mut Out, &'i AccountInventory, &'i RegionInventory, &'i LoadBalancer),
) {
    for (account, region) in regions(inv) {
        match &region.load_balancers {
            Some(lbs) => lbs.iter().for_each(|lb| f(out, account, region, lb)),
            None => out.unlisted(
                account,
                &region.region,
                "elasticloadbalancing",
                "loadbalancer/*",
                "load balancers",
            ),
        }
    }
}

fn attribute_check(
    out: &mut Out,
    inv: &Inventory,
    key: &str,
    what: &str,
    applies: fn(&LoadBalancer) -> bool,
) {
    each_lb(out, inv, |out, account, region, lb| {
        if !applies(lb) {
            return;
        }
        let finding = out.on(account, &region.region, &lb.arn, &lb.name);
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

pub fn deletion_protection(out: &mut Out, inv: &Inventory) {
    attribute_check(
        out,
        inv,
        "deletion_protection.enabled",
        "Deletion protection",
        |_| true,
    );
}

pub fn drop_invalid_headers(out: &mut Out, inv: &Inventory) {
    attribute_check(
        out,
        inv,
        "routing.http.drop_invalid_header_fields.enabled",
        "Dropping invalid header fields",
        LoadBalancer::is_application,
    );
}

pub fn access_logs(out: &mut Out, inv: &Inventory) {
    attribute_check(out, inv, "access_logs.s3.enabled", "Access logging", |lb| {
        lb.kind != "gateway"
    });
}

pub fn https_only(out: &mut Out, inv: &Inventory) {
    each_lb(out, inv, |out, account, region, lb| {
        if !lb.is_application() {
            return;
        }
        let finding = out.on(account, &region.region, &lb.arn, &lb.name);
        let Some(listeners) = &lb.listeners else {
            return finding.unknown(format!("The listeners of {} could not be read.", lb.name));
        };
        let plain: Vec<String> = listeners
            .iter()
            .filter(|l| l.protocol == "HTTP")
            .filter(|l| {
                !l.default_actions.iter().any(|a| {
                    a.kind == "redirect" && a.redirect_protocol.as_deref() == Some("HTTPS")
                })
            })
            .map(|l| format!("HTTP:{}", l.port.unwrap_or_default()))
            .collect();
        let http_count = listeners.iter().filter(|l| l.protocol == "HTTP").count();
        finding
            .evidence("http_listeners", http_count)
            .evidence(
                "http_listeners_not_redirecting",
                if plain.is_empty() {
                    "none".into()
                } else {
                    plain.join(", ")
                },
            )
            .verdict(
                plain.is_empty(),
                format!(
                    "{} serves plain HTTP only as a redirect to HTTPS (or not at all).",
                    lb.name
                ),
                format!(
                    "{} serves plain HTTP on {} without redirecting to HTTPS.",
                    lb.name,
                    plain.join(", ")
                ),
            )
    });
}

/// Judge every TLS listener's policy by its minimum TLS version.
fn tls_version_check(out: &mut Out, inv: &Inventory, min_minor: u8, need: &str) {
    each_lb(out, inv, |out, account, region, lb| {
        let Some(listeners) = &lb.listeners else {
            return out
                .on(account, &region.region, &lb.arn, &lb.name)
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
            .on(account, &region.region, &lb.arn, &lb.name)
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

pub fn tls_policy(out: &mut Out, inv: &Inventory) {
    tls_version_check(out, inv, 2, "TLS 1.2");
}

pub fn tls13_only(out: &mut Out, inv: &Inventory) {
    tls_version_check(out, inv, 3, "TLS 1.3");
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

pub fn internet_facing_shielded(out: &mut Out, inv: &Inventory) {
    each_lb(out, inv, |out, account, region, lb| {
        if !lb.is_application() {
            return;
        }
        let finding = out.on(account, &region.region, &lb.arn, &lb.name).evidence(
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

pub fn waf_attached(out: &mut Out, inv: &Inventory) {
    each_lb(out, inv, |out, account, region, lb| {
        if !lb.is_application() || !lb.internet_facing {
            return;
        }
        let finding = out.on(account, &region.region, &lb.arn, &lb.name);
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

pub fn egress_to_targets_only(out: &mut Out, inv: &Inventory) {
    each_lb(out, inv, |out, account, region, lb| {
        if !lb.is_application() {
            return;
        }
        let finding = out.on(account, &region.region, &lb.arn, &lb.name);
        let Some(groups) = &region.security_groups else {
            return finding.unknown(format!(
                "The security groups of {} could not be read.",
                lb.name
            ));
        };
        let mut open = Vec::new();
        let mut allowed = Vec::new();
        for id in &lb.security_groups {
            let Some(group) = groups.iter().find(|g| &g.id == id) else {
                return finding
                    .unknown(format!("Security group {id} of {} was not found.", lb.name));
            };
            for rule in &group.egress {
                let text = format!("{} {}", group.id, net::describe_rule(rule));
                if net::is_internet(&rule.peer) {
                    open.push(text)
                } else {
                    allowed.push(text)
                }
            }
        }
        let ports: Vec<String> = lb
            .target_groups
            .iter()
            .flatten()
            .filter_map(|tg| tg.port.map(|p| format!("{}:{p}", tg.name)))
            .collect();
        let finding = finding
            .evidence(
                "target_ports",
                if ports.is_empty() {
                    "none".into()
                } else {
                    ports.join(", ")
                },
            )
            .evidence(
                "egress_allowed",
                if allowed.is_empty() {
                    "none".into()
                } else {
                    allowed.join("; ")
                },
            );
        if open.is_empty() {
            finding.pass(format!(
                "{} can send traffic only to named destinations.",
                lb.name
            ))
        } else {
            finding
                .evidence("egress_to_internet", open.join("; "))
                .fail(format!(
                    "{} may send traffic anywhere on the internet ({}), not only to its targets.",
                    lb.name,
                    open.join("; ")
                ))
        }
    });
}

pub fn acm_certificate(out: &mut Out, inv: &Inventory) {
    let min_days = out.settings.certificate_min_days_left;
    let now = out.now;
    each_lb(out, inv, |out, account, region, lb| {
        let Some(listeners) = &lb.listeners else {
            return out
                .on(account, &region.region, &lb.arn, &lb.name)
                .unknown(format!("The listeners of {} could not be read.", lb.name));
        };
        let arns: Vec<&String> = listeners
            .iter()
            .filter(|l| l.is_tls())
            .flat_map(|l| &l.certificates)
            .collect();
        if arns.is_empty() && !listeners.iter().any(|l| l.is_tls()) {
            return;
        }
        let finding = out.on(account, &region.region, &lb.arn, &lb.name);
        let Some(certificates) = &region.certificates else {
            return finding.unknown("Certificates could not be read.");
        };
        let mut problems = Vec::new();
        let mut unknown = Vec::new();
        let mut seen = Vec::new();
        for arn in arns {
            let Some(cert) = certificates.iter().find(|c| &c.arn == arn) else {
                unknown.push(arn.clone());
                continue;
            };
            let label = cert.domain.clone().unwrap_or_else(|| arn.clone());
            if !arn.contains(":acm:") {
                problems.push(format!("{label} is not an ACM certificate"));
                continue;
            }
            if !cert.described {
                unknown.push(label);
                continue;
            }
            let days_left = cert.not_after.map(|t| (t - now).num_days());
            seen.push(format!(
                "{label}: status={} type={} renewal={} days_left={}",
                cert.status.as_deref().unwrap_or("?"),
                cert.kind.as_deref().unwrap_or("?"),
                cert.renewal_eligibility.as_deref().unwrap_or("?"),
                days_left
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "?".into())
            ));
            if cert.status.as_deref() != Some("ISSUED") {
                problems.push(format!(
                    "{label} is {}",
                    cert.status.as_deref().unwrap_or("not issued")
                ));
            }
            if cert.renewal_eligibility.as_deref() != Some("ELIGIBLE") {
                problems.push(format!(
                    "{label} is not renewed automatically ({})",
                    cert.kind.as_deref().unwrap_or("?")
                ));
            }
            if let Some(days) = days_left.filter(|d| *d < min_days) {
                problems.push(format!("{label} expires in {days} days"));
            }
        }
        let finding = finding.evidence(
            "certificates",
            if seen.is_empty() {
                "none".into()
            } else {
                seen.join("; ")
            },
        );
        if !problems.is_empty() {
            finding.fail(format!("{}: {}.", lb.name, problems.join("; ")))
        } else if !unknown.is_empty() {
            finding.unknown(format!(
                "Certificates of {} could not be described: {}.",
                lb.name,
                unknown.join(", ")
            ))
        } else if seen.is_empty() {
            finding.fail(format!(
                "{} has TLS listeners without a certificate.",
                lb.name
            ))
        } else {
            finding.pass(format!(
                "Every certificate of {} is an issued, auto-renewing ACM certificate valid for {min_days}+ days.",
                lb.name
            ))
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::model::Status::{Fail, Pass, Unknown};

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
