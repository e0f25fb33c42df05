//! `alb-https-only`: Load balancers serve HTTP only as a redirect to HTTPS.

use super::*;
use crate::inventory::{ElbProtocol, ListenerActionKind};

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
        let plain: Vec<String> = http
            .iter()
            .filter(|l| !redirects_to_https(l))
            .map(|l| format!("HTTP:{}", l.port.unwrap_or_default()))
            .collect();
        out.on(at, &lb.arn, &lb.name)
            .evidence("http_listeners", http.len())
            .evidence_names("http_listeners_not_redirecting", &plain)
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

fn redirects_to_https(listener: &Listener) -> bool {
    listener.default_actions.iter().any(|a| {
        a.kind == ListenerActionKind::Redirect && a.redirect_protocol == Some(ElbProtocol::Https)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{alb, forward, listener, named, redirect_https};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
                // `#{protocol}` keeps the request's protocol: plain HTTP stays plain.
                alb("redirect-to-same", json!({"listeners": [listener("HTTP", 80, None,
                    json!([{"kind": "redirect", "redirect_protocol": "#{protocol}", "redirect_port": "8080", "target_groups": []}]))]})),
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
                ("unread", Unknown)
            ])
        );
        let forwards = named(&findings, "forwards");
        assert_eq!(forwards.evidence["http_listeners"], "1");
        assert_eq!(
            forwards.evidence["http_listeners_not_redirecting"],
            "HTTP:80"
        );
        let redirects = named(&findings, "redirects");
        assert_eq!(redirects.evidence["http_listeners_not_redirecting"], "none");
    }
}
