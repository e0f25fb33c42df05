//! `alb-acm-certificate`: HTTPS listeners use issued, auto-renewing ACM certificates.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let min_days = out.settings.certificate_min_days_left;
    let now = out.now;
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        let region = at.region;
        let Some(listeners) = &lb.listeners else {
            return out
                .on(at, &lb.arn, &lb.name)
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
        let finding = out.on(at, &lb.arn, &lb.name);
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
