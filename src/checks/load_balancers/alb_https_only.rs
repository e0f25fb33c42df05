//! `alb-https-only`: Load balancers serve HTTP only as a redirect to HTTPS.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        if !lb.is_application() {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name);
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
