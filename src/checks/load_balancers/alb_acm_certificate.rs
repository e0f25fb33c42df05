//! `alb-acm-certificate`: HTTPS listeners use issued, auto-renewing ACM certificates.

use std::fmt::Display;

use super::*;
use crate::inventory::{CertificateStatus, RenewalEligibility};

pub fn run(out: &mut Out, inv: &Inventory) {
    let min_days = out.settings.certificate_min_days_left;
    let now = out.now;
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
        let finding = out.on(at, &lb.arn, &lb.name);
        let Some(certificates) = &at.region.certificates else {
            return finding.unknown("Certificates could not be read.");
        };
        // Every certificate of every TLS listener: DescribeListeners names only
        // the default one; a listener whose full list was not read is unknown.
        let mut arns: Vec<&str> = Vec::new();
        let mut unlisted = Vec::new();
        for l in &tls {
            let listed = match l.all_certificates() {
                Some(all) => all,
                None => {
                    unlisted.push(format!("{}:{}", l.protocol, l.port.unwrap_or_default()));
                    l.certificates.iter().map(String::as_str).collect()
                }
            };
            for arn in listed {
                if !arns.contains(&arn) {
                    arns.push(arn);
                }
            }
        }
        let mut problems = Vec::new();
        let mut unknown = Vec::new();
        let mut seen = Vec::new();
        for arn in arns {
            // IAM server certificates are listed, never described.
            if is_iam_server_certificate(arn) {
                seen.push(format!("{arn}: IAM server certificate"));
                problems.push(format!(
                    "{arn} is an IAM server certificate, which is never renewed automatically"
                ));
                continue;
            }
            if !arn.contains(":acm:") {
                seen.push(format!("{arn}: not ACM"));
                problems.push(format!("{arn} is not an ACM certificate"));
                continue;
            }
            let Some(cert) = certificates.iter().find(|c| c.arn == arn) else {
                unknown.push(arn.to_string());
                continue;
            };
            let label = cert.domain.clone().unwrap_or_else(|| arn.to_string());
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
            let expired = cert.not_after.filter(|t| *t <= now);
            // An expired certificate says so by its date; any other status by name.
            if cert.status != Some(CertificateStatus::Issued)
                && !(cert.status == Some(CertificateStatus::Expired) && expired.is_some())
            {
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
            if let Some(at) = expired {
                problems.push(match (now - at).num_days() {
                    0 => format!("{label} expired today"),
                    1 => format!("{label} expired 1 day ago"),
                    days => format!("{label} expired {days} days ago"),
                });
            } else if let Some(days) = days_left.filter(|d| *d < min_days) {
                problems.push(match days {
                    0 => format!("{label} expires today"),
                    1 => format!("{label} expires in 1 day"),
                    days => format!("{label} expires in {days} days"),
                });
            }
        }
        let finding = finding.evidence_list("certificates", &seen);
        if !problems.is_empty() {
            finding.fail(format!("{}: {}.", lb.name, problems.join("; ")))
        } else if !unlisted.is_empty() {
            finding
                .evidence_names("listeners_certificates_unread", &unlisted)
                .unknown(format!(
                    "The certificates of {} on {} could not be listed (DescribeListenerCertificates).",
                    unlisted.join(", "),
                    lb.name
                ))
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

/// `arn:aws:iam::123456789012:server-certificate/name`: uploaded to IAM, served
/// until it expires, never renewed.
fn is_iam_server_certificate(arn: &str) -> bool {
    let mut parts = arn.splitn(6, ':');
    parts.nth(2) == Some("iam")
        && parts
            .nth(2)
            .is_some_and(|resource| resource.starts_with("server-certificate/"))
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

    /// An HTTPS listener whose default certificate is the first of `arns`,
    /// and whose certificate list (DescribeListenerCertificates) is all of them.
    fn https(arns: &[&str]) -> Value {
        let mut l = listener(
            "HTTPS",
            443,
            Some("ELBSecurityPolicy-TLS13-1-2-2021-06"),
            forward(),
        );
        l["certificates"] = json!(arns.iter().take(1).collect::<Vec<_>>());
        l["certificate_list"] = json!(arns);
        json!([l])
    }

    /// The same listener, its certificate list not read.
    fn https_unlisted(default: &str) -> Value {
        let mut l = https(&[default]);
        l[0]["certificate_list"] = Value::Null;
        l
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
        assert_eq!(
            named(&findings, "soon").message,
            "soon: arn:aws:acm:us-east-1:1:certificate/soon expires in 7 days."
        );
        assert_eq!(
            named(&findings, "iam-cert").message,
            "iam-cert: arn:aws:iam::1:server-certificate/x is an IAM server certificate, which is never renewed automatically."
        );
        let imported = named(&findings, "imported");
        assert_eq!(
            imported.message,
            "imported: arn:aws:acm:us-east-1:1:certificate/imported is not renewed automatically (AMAZON_ISSUED)."
        );
        let none = named(&findings, "no-certificate");
        assert_eq!(none.evidence["certificates"], "none");
    }

    /// DescribeListeners names only the default certificate; the others a
    /// listener serves (by SNI) are judged as well.
    #[test]
    fn every_certificate_of_a_listener_is_judged() {
        const IAM: &str = "arn:aws:iam::1:server-certificate/legacy";
        const IMPORTED: &str = "arn:aws:acm:us-east-1:1:certificate/imported";
        const OTHER: &str = "arn:aws:acm:us-east-1:1:certificate/other";
        let inv = inventory(
            json!({}),
            json!({
                "certificates": [
                    cert(GOOD, "ISSUED", "ELIGIBLE", "2027-06-01T00:00:00Z"),
                    cert(OTHER, "ISSUED", "ELIGIBLE", "2027-06-01T00:00:00Z"),
                    cert(IMPORTED, "ISSUED", "INELIGIBLE", "2027-06-01T00:00:00Z"),
                ],
                "load_balancers": [
                    alb("two-good", json!({"listeners": https(&[GOOD, OTHER])})),
                    alb("sni-iam", json!({"listeners": https(&[GOOD, IAM])})),
                    alb("sni-imported", json!({"listeners": https(&[GOOD, IMPORTED])})),
                    // The full list was not read: a good default proves nothing ...
                    alb("unlisted", json!({"listeners": https_unlisted(GOOD)})),
                    // ... but a bad default fails whatever the rest.
                    alb("unlisted-bad-default", json!({"listeners": https_unlisted(IMPORTED)})),
                ]
            }),
        );
        let findings = check("alb-acm-certificate", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("two-good", Pass),
                ("sni-iam", Fail),
                ("sni-imported", Fail),
                ("unlisted", Unknown),
                ("unlisted-bad-default", Fail),
            ])
        );
        let iam = named(&findings, "sni-iam");
        assert_eq!(
            iam.message,
            format!(
                "sni-iam: {IAM} is an IAM server certificate, which is never renewed automatically."
            )
        );
        assert!(
            iam.evidence["certificates"].ends_with(&format!("; {IAM}: IAM server certificate"))
        );
        let unlisted = named(&findings, "unlisted");
        assert_eq!(
            unlisted.evidence["listeners_certificates_unread"],
            "HTTPS:443"
        );
        assert_eq!(
            unlisted.message,
            "The certificates of HTTPS:443 on unlisted could not be listed (DescribeListenerCertificates)."
        );
    }

    #[test]
    fn an_expired_certificate_says_when_it_expired() {
        let inv = inventory(
            json!({}),
            json!({
                "certificates": [
                    cert("arn:aws:acm:us-east-1:1:certificate/old", "EXPIRED", "INELIGIBLE", "2026-11-20T00:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/hours", "ISSUED", "ELIGIBLE", "2026-11-23T06:00:00Z"),
                    cert("arn:aws:acm:us-east-1:1:certificate/tomorrow", "ISSUED", "ELIGIBLE", "2026-11-24T13:00:00Z"),
                ],
                "load_balancers": [
                    alb("old", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/old"])})),
                    alb("hours", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/hours"])})),
                    alb("tomorrow", json!({"listeners": https(&["arn:aws:acm:us-east-1:1:certificate/tomorrow"])})),
                ]
            }),
        );
        let findings = check("alb-acm-certificate", &inv);
        assert_eq!(
            named(&findings, "old").message,
            "old: arn:aws:acm:us-east-1:1:certificate/old is not renewed automatically (AMAZON_ISSUED); \
             arn:aws:acm:us-east-1:1:certificate/old expired 3 days ago."
        );
        // Six hours ago is expired, not "expires in 0 days".
        assert_eq!(
            named(&findings, "hours").message,
            "hours: arn:aws:acm:us-east-1:1:certificate/hours expired today."
        );
        assert_eq!(
            named(&findings, "tomorrow").message,
            "tomorrow: arn:aws:acm:us-east-1:1:certificate/tomorrow expires in 1 day."
        );
    }

    /// Network load balancers' TLS listeners serve certificates too; gateway
    /// load balancers have none.
    #[test]
    fn network_load_balancers_judged_gateways_not() {
        let mut tls = https(&[GOOD]);
        tls[0]["protocol"] = json!("TLS");
        let inv = inventory(
            json!({}),
            json!({
                "certificates": [cert(GOOD, "ISSUED", "ELIGIBLE", "2027-06-01T00:00:00Z")],
                "load_balancers": [
                    alb("nlb", json!({"kind": "network", "listeners": tls})),
                    alb("nlb-tcp", json!({"kind": "network", "listeners": [listener("TCP", 5432, None, forward())]})),
                    alb("gwlb", json!({"kind": "gateway", "listeners": null})),
                ]
            }),
        );
        assert_eq!(
            verdicts(&check("alb-acm-certificate", &inv)),
            v(&[("nlb", Pass)])
        );
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
