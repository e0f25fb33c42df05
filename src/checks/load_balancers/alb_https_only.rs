//! `alb-https-only`: Load balancers serve HTTP only as a redirect to HTTPS.
//!
//! An HTTP listener passes when its default action and every one of its rules
//! redirect to HTTPS: a rule whose conditions match a request answers it
//! before the default action does, so one rule that forwards (or answers, or
//! authenticates) serves that part of the site over plain HTTP.

use super::*;
use crate::inventory::{ElbProtocol, ListenerAction, ListenerActionKind};

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !lb.is_application() {
            return;
        }
        let Some(listeners) = listeners_or_unknown(out, at, lb) else {
            return;
        };
        let http: Vec<&Listener> = listeners
            .iter()
            .filter(|l| l.protocol == ElbProtocol::Http)
            .collect();
        // Listeners whose default action or some rule serves plain HTTP.
        let mut plain_listeners = Vec::new();
        // What serves plain HTTP: a default action, or a rule with its conditions.
        let mut plain = Vec::new();
        let mut rules_unread = Vec::new();
        for l in &http {
            let name = format!("HTTP:{}", l.port.unwrap_or_default());
            let mut serves_plain = false;
            if !redirects_to_https(&l.default_actions) {
                serves_plain = true;
                plain.push(format!(
                    "{name} default action ({})",
                    describe(&l.default_actions)
                ));
            }
            match &l.rules {
                None => rules_unread.push(name.clone()),
                Some(rules) => {
                    for rule in rules.iter().filter(|r| !r.is_default) {
                        if redirects_to_https(&rule.actions) {
                            continue;
                        }
                        serves_plain = true;
                        let conditions: Vec<String> =
                            rule.conditions.iter().map(ToString::to_string).collect();
                        plain.push(format!(
                            "{name} rule {} [{}] ({})",
                            rule.priority,
                            if conditions.is_empty() {
                                "no condition".to_string()
                            } else {
                                conditions.join("; ")
                            },
                            describe(&rule.actions)
                        ));
                    }
                }
            }
            if serves_plain {
                plain_listeners.push(name);
            }
        }
        let finding = out
            .on(at, &lb.arn, &lb.name)
            .evidence("http_listeners", http.len())
            .evidence_names("http_listeners_not_redirecting", &plain_listeners)
            .evidence_list("http_not_redirecting", &plain);
        if !plain.is_empty() {
            finding.fail(format!(
                "{} serves plain HTTP without redirecting to HTTPS: {}.",
                lb.name,
                plain.join("; ")
            ))
        } else if !rules_unread.is_empty() {
            finding
                .evidence_names("http_listeners_rules_unread", &rules_unread)
                .unknown(format!(
                    "The rules of {} on {} could not be read: any of them may serve plain HTTP.",
                    rules_unread.join(", "),
                    lb.name
                ))
        } else {
            finding.pass(format!(
                "{} serves plain HTTP only as a redirect to HTTPS (or not at all).",
                lb.name
            ))
        }
    });
}

/// Every action redirects to HTTPS (and there is one): `#{protocol}` keeps
/// the request's protocol, so it keeps plain HTTP plain.
fn redirects_to_https(actions: &[ListenerAction]) -> bool {
    !actions.is_empty()
        && actions.iter().all(|a| {
            a.kind == ListenerActionKind::Redirect
                && a.redirect_protocol == Some(ElbProtocol::Https)
        })
}

/// What the actions do, for the message: `forward`, `redirect to HTTP`,
/// `authenticate-oidc, forward`.
fn describe(actions: &[ListenerAction]) -> String {
    if actions.is_empty() {
        return "no action".into();
    }
    actions
        .iter()
        .map(|a| match (&a.kind, &a.redirect_protocol) {
            (ListenerActionKind::Redirect, Some(protocol)) => format!("redirect to {protocol}"),
            (kind, _) => kind.as_str().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{alb, forward, listener, named, redirect_https};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    /// An HTTP listener on port 80 with these default actions and rules
    /// (`null`: the rules could not be read).
    fn http(actions: Value, rules: Value) -> Value {
        let mut l = listener("HTTP", 80, None, actions);
        l["rules"] = rules;
        json!([l])
    }

    /// A rule of priority `priority` on these conditions.
    fn rule(priority: &str, conditions: Value, actions: Value) -> Value {
        json!({"arn": format!("r-{priority}"), "priority": priority, "is_default": false,
               "conditions": conditions, "actions": actions})
    }

    /// The default rule, as DescribeRules lists it.
    fn default_rule(actions: Value) -> Value {
        json!({"arn": "r-default", "priority": "default", "is_default": true,
               "conditions": [], "actions": actions})
    }

    fn path(patterns: &[&str]) -> Value {
        json!({"field": "path-pattern", "header_name": null, "values": patterns})
    }

    #[test]
    fn http_redirecting_to_https_passes() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("redirects", json!({"listeners": http(redirect_https(), json!([default_rule(redirect_https())]))})),
                // The emulator gives HTTP listeners an SslPolicy; it must not matter.
                alb("forwards", json!({"listeners": [listener("HTTP", 80, Some("ELBSecurityPolicy-2016-08"), forward())]})),
                alb("https-only", json!({"listeners": [listener("HTTPS", 443, Some("ELBSecurityPolicy-TLS13-1-2-2021-06"), forward())]})),
                alb("redirect-to-http", json!({"listeners": http(
                    json!([{"kind": "redirect", "redirect_protocol": "HTTP", "redirect_port": "8080", "target_groups": []}]), json!([]))})),
                // `#{protocol}` keeps the request's protocol: plain HTTP stays plain.
                alb("redirect-to-same", json!({"listeners": http(
                    json!([{"kind": "redirect", "redirect_protocol": "#{protocol}", "redirect_port": "8080", "target_groups": []}]), json!([]))})),
                alb("no-action", json!({"listeners": http(json!([]), json!([]))})),
                alb("unread", json!({"listeners": null})),
                alb("nlb", json!({"kind": "network", "listeners": [listener("HTTP", 80, None, forward())]})),
            ]}),
        );
        let findings = check("alb-https-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("redirects", Pass),
                ("forwards", Fail),
                ("https-only", Pass),
                ("redirect-to-http", Fail),
                ("redirect-to-same", Fail),
                ("no-action", Fail),
                ("unread", Unknown)
            ])
        );
        let forwards = named(&findings, "forwards");
        assert_eq!(forwards.evidence["http_listeners"], "1");
        assert_eq!(
            forwards.evidence["http_listeners_not_redirecting"],
            "HTTP:80"
        );
        assert_eq!(
            forwards.message,
            "forwards serves plain HTTP without redirecting to HTTPS: HTTP:80 default action (forward)."
        );
        let redirects = named(&findings, "redirects");
        assert_eq!(redirects.evidence["http_listeners_not_redirecting"], "none");
        assert_eq!(redirects.evidence["http_not_redirecting"], "none");
        assert_eq!(
            named(&findings, "redirect-to-http").evidence["http_not_redirecting"],
            "HTTP:80 default action (redirect to HTTP)"
        );
    }

    /// A rule answers the requests its conditions match before the default
    /// action does: each one must redirect too.
    #[test]
    fn every_rule_of_an_http_listener_must_redirect() {
        let header = json!({"field": "http-header", "header_name": "X-Env", "values": ["beta"]});
        let mut unread_8080 = listener("HTTP", 8080, None, redirect_https());
        unread_8080["rules"] = Value::Null;
        let fixed = json!([{"kind": "fixed-response", "redirect_protocol": null, "redirect_port": null, "target_groups": []}]);
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("rules-redirect", json!({"listeners": http(redirect_https(), json!([
                    rule("10", json!([path(&["/api/*"])]), redirect_https()),
                    default_rule(redirect_https()),
                ]))})),
                alb("rule-forwards", json!({"listeners": http(redirect_https(), json!([
                    rule("10", json!([path(&["/api/*", "/v2/*"]), header]), forward()),
                    rule("20", json!([{"field": "host-header", "header_name": null, "values": ["old.example.com"]}]), fixed),
                    rule("30", json!([path(&["/ok"])]), redirect_https()),
                    default_rule(redirect_https()),
                ]))})),
                // The default action fails whatever the rules; unread rules change nothing.
                alb("default-forwards-rules-unread", json!({"listeners": http(forward(), Value::Null)})),
                // The default action redirects, but a rule that was not read may not.
                alb("rules-unread", json!({"listeners": http(redirect_https(), Value::Null)})),
                alb("one-listener-unread", json!({"listeners": [
                    http(redirect_https(), json!([]))[0].clone(),
                    unread_8080,
                ]})),
            ]}),
        );
        let findings = check("alb-https-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("rules-redirect", Pass),
                ("rule-forwards", Fail),
                ("default-forwards-rules-unread", Fail),
                ("rules-unread", Unknown),
                ("one-listener-unread", Unknown),
            ])
        );
        let forwards = named(&findings, "rule-forwards");
        assert_eq!(
            forwards.evidence["http_not_redirecting"],
            "HTTP:80 rule 10 [path-pattern /api/*, /v2/*; http-header X-Env: beta] (forward); \
             HTTP:80 rule 20 [host-header old.example.com] (fixed-response)"
        );
        assert_eq!(
            forwards.evidence["http_listeners_not_redirecting"],
            "HTTP:80"
        );
        assert!(
            forwards.message.starts_with(
                "rule-forwards serves plain HTTP without redirecting to HTTPS: HTTP:80 rule 10 [path-pattern /api/*"
            ),
            "{}",
            forwards.message
        );
        let unread = named(&findings, "rules-unread");
        assert_eq!(unread.evidence["http_listeners_rules_unread"], "HTTP:80");
        assert_eq!(
            unread.message,
            "The rules of HTTP:80 on rules-unread could not be read: any of them may serve plain HTTP."
        );
        assert_eq!(
            named(&findings, "one-listener-unread").evidence["http_listeners_rules_unread"],
            "HTTP:8080"
        );
    }
}
