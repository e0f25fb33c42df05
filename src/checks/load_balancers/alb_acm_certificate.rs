//! `alb-acm-certificate`: HTTPS listeners use issued, auto-renewing ACM certificates.

use std::fmt::Display;

use super::*;
use crate::inventory::{CertificateStatus, RenewalEligibility};

pub fn run(out: &mut Out, inv: &Inventory) {
    let min_days = out.settings.certificate_min_days_left;
    let now = out.now;
    out.each::<LoadBalancers>(inv, |out, at, lb| {
        let Some(listeners) = listeners_or_unknown(out, at, lb) else {
            return;
        };
        if !listeners.iter().any(Listener::is_tls) {
            return;
        }
        let finding = out.on(at, &lb.arn, &lb.name);
        let Some(certificates) = &at.region.certificates else {
            return finding.unknown("Certificates could not be read.");
        };
        let arns = listeners
            .iter()
            .filter(|l| l.is_tls())
            .flat_map(|l| &l.certificates);
        let mut problems = Vec::new();
        let mut unknown = Vec::new();
        let mut seen = Vec::new();
        for arn in arns {
            let Some(cert) = certificates.iter().find(|c| &c.arn == arn) else {
                unknown.push(arn.clone());
                continue;
            };
            let label = cert.domain.clone().unwrap_or_else(|| arn.clone());
            // IAM server certificates are listed, never described: ACM cannot renew them.
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
                or_unknown(cert.status.as_ref()),
                or_unknown(cert.kind.as_ref()),
                or_unknown(cert.renewal_eligibility.as_ref()),
                or_unknown(days_left),
            ));
            if cert.status != Some(CertificateStatus::Issued) {
                problems.push(format!(
                    "{label} is {}",
                    cert.status
                        .as_ref()
                        .map_or("not issued", CertificateStatus::as_str)
                ));
            }
            if cert.renewal_eligibility != Some(RenewalEligibility::Eligible) {
                problems.push(format!(
                    "{label} is not renewed automatically ({})",
                    or_unknown(cert.kind.as_ref())
                ));
            }
            if let Some(days) = days_left.filter(|d| *d < min_days) {
                problems.push(format!("{label} expires in {days} days"));
            }
        }
        let finding = finding.evidence_list("certificates", &seen);
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

/// A detail of a certificate as evidence, `?` when ACM did not give it.
fn or_unknown(value: Option<impl Display>) -> String {
    value.map_or_else(|| "?".into(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::{alb, forward, listener, named};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn cert(arn: &str, status: &str, renewal: &str, not_after: &str) -> Value {
        json!({"arn": arn, "domain": arn, "status": status, "kind": "AMAZON_ISSUED",
               "renewal_eligibility": renewal, "not_after": not_after, "described": true})
    }

    fn undescribed(arn: &str) -> Value {
        json!({"arn": arn, "domain": null, "status": null, "kind": null,
               "renewal_eligibility": null, "not_after": null, "described": false})
    }

    fn https(arns: &[&str]) -> Value {
        let mut l = listener(
            "HTTPS",
            443,
            Some("ELBSecurityPolicy-TLS13-1-2-2021-06"),
            forward(),
        );
        l["certificates"] = json!(arns);
        json!([l])
    }

    const GOOD: &str = "arn:aws:acm:us-east-1:1:certificate/good";

    #[test]
    fn certificates_issued_renewable_and_not_expiring() {
        let inv = inventory(
            json!({}),
            json!({
                "certificates": [
                    cert(GOOD, "ISSUED", "ELIGIBLE", "2027-06-01T00:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/soon", "ISSUED", "ELIGIBLE", "2026-12-01T00:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/imported", "ISSUED", "INELIGIBLE", "2027-06-01T00:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/pending", "PENDING_VALIDATION", "ELIGIBLE", "2027-06-01T00:00:00Z"),
                    undescribed("arn:aws:iam::1:server-certificate/x"),
                    undescribed("arn:aws:acm:us-east-1:1:certificate/undescribed"),
                ],
                "load_balancers": [
                    alb("good", json!({"listeners": https(&[GOOD])})),
                    alb("soon", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/soon"])})),
                    alb("imported", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/imported"])})),
                    alb("pending", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/pending"])})),
                    alb("iam-cert", json!({"listeners": https(&["arn:aws:iam::1:server-certificate/x"])})),
                    alb("undescribed", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/undescribed"])})),
                    alb("not-collected", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/gone"])})),
                    alb("no-certificate", json!({"listeners": https(&[])})),
                    alb("http-only", json!({"listeners": [listener("HTTP", 80, None, forward())]})),
                    alb("unread", json!({"listeners": null})),
                ]
            }),
        );
        let findings = check("alb-acm-certificate", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("good", Pass),
                ("soon", Fail),
                ("imported", Fail),
                ("pending", Fail),
                ("iam-cert", Fail),
                ("undescribed", Unknown),
                ("not-collected", Unknown),
                ("no-certificate", Fail),
                ("unread", Unknown)
            ])
        );
        let good = named(&findings, "good");
        assert_eq!(
            good.evidence["certificates"],
            format!("{GOOD}: status=ISSUED type=AMAZON_ISSUED renewal=ELIGIBLE days_left=189")
        );
        let pending = named(&findings, "pending");
        assert_eq!(
            pending.message,
            "pending: arn:aws:acm:us-east-1:1:certificate/pending is PENDING_VALIDATION."
        );
        let imported = named(&findings, "imported");
        assert_eq!(
            imported.message,
            "imported: arn:aws:acm:us-east-1:1:certificate/imported is not renewed automatically (AMAZON_ISSUED)."
        );
        let none = named(&findings, "no-certificate");
        assert_eq!(none.evidence["certificates"], "none");
    }

    #[test]
    fn certificates_not_collected_are_unknown() {
        let inv = inventory(
            json!({}),
            json!({
                "certificates": null,
                "load_balancers": [
                    alb("tls", json!({"listeners": https(&[GOOD])})),
                    alb("http-only", json!({"listeners": [listener("HTTP", 80, None, forward())]})),
                ]
            }),
        );
        assert_eq!(
            verdicts(&check("alb-acm-certificate", &inv)),
            v(&[("tls", Unknown)])
        );
    }
}
