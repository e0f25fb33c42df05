//! Suppressions: accepted risks with a reason and an expiry. They never hide a
//! finding: it shows as `suppressed` with what it was. Expired ones stop
//! applying; ones that match nothing are stale. Both are warned about.

use chrono::NaiveDate;

use crate::config::Suppression;
use crate::finding::{Applied, Finding, Status};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    Expired {
        origin: String,
        check: String,
        resource: String,
        expired: NaiveDate,
    },
    Stale {
        origin: String,
        check: String,
        resource: String,
    },
    /// Its check did not run in this audit (`--checks`, `--tier`,
    /// `--compliance`, `[checks] skip`): nothing says whether it is still needed.
    NotRun {
        origin: String,
        check: String,
        resource: String,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Expired {
                origin,
                check,
                resource,
                expired,
            } => write!(
                f,
                "{origin}: suppression of {check} on {resource} expired on {expired} and no longer applies; renew it with a new date or fix the finding"
            ),
            Warning::Stale {
                origin,
                check,
                resource,
            } => write!(
                f,
                "{origin}: suppression of {check} on {resource} matched no failing finding; remove it"
            ),
            Warning::NotRun {
                origin,
                check,
                resource,
            } => write!(
                f,
                "{origin}: suppression of {check} on {resource} was not checked: {check} did not run in this audit"
            ),
        }
    }
}

/// Apply live suppressions to failing and unknown findings (a suppression is
/// live through its `expires` day). `ran` says whether a check ran in this
/// audit: a suppression of one that did not is neither applied nor stale.
pub fn apply(
    findings: &mut [Finding],
    suppressions: &[Suppression],
    today: NaiveDate,
    ran: impl Fn(&str) -> bool,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for s in suppressions {
        if !ran(&s.check) {
            warnings.push(Warning::NotRun {
                origin: s.origin.clone(),
                check: s.check.clone(),
                resource: s.resource.clone(),
            });
            continue;
        }
        if s.expires < today {
            warnings.push(Warning::Expired {
                origin: s.origin.clone(),
                check: s.check.clone(),
                resource: s.resource.clone(),
                expired: s.expires,
            });
            continue;
        }
        let mut matched = false;
        for f in findings.iter_mut().filter(|f| {
            matches!(
                f.status,
                Status::Fail | Status::Unknown | Status::Suppressed
            )
        }) {
            if !s.matches(&f.check, &f.resource) {
                continue;
            }
            matched = true;
            if f.suppression.is_none() {
                f.suppression = Some(Applied {
                    status: f.status,
                    reason: s.reason.clone(),
                    expires: s.expires,
                    owner: s.owner.clone(),
                });
                f.status = Status::Suppressed;
            }
        }
        if !matched {
            warnings.push(Warning::Stale {
                origin: s.origin.clone(),
                check: s.check.clone(),
                resource: s.resource.clone(),
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::finding::{Severity, Tier};

    fn finding(check: &str, resource: &str, status: Status) -> Finding {
        Finding {
            id: "x".into(),
            check: check.into(),
            status,
            severity: Severity::Medium,
            tier: Tier::Enterprise,
            account: "1".into(),
            region: "us-east-1".into(),
            resource: resource.into(),
            resource_name: resource.into(),
            message: "m".into(),
            evidence: Default::default(),
            suppression: None,
            controls: Default::default(),
            change: None,
            previous_status: None,
            terraform: None,
        }
    }

    fn suppressions(text: &str) -> Vec<Suppression> {
        Config::parse("posture.toml", text).unwrap().suppressions
    }

    #[test]
    fn live_expired_and_stale() {
        let config = suppressions(
            r#"
[[suppress]]
check = "alb-waf-attached"
resource = "arn:aws:elasticloadbalancing:*:loadbalancer/app/public-*"
reason = "CloudFront WAF in front"
expires = 2027-01-31
owner = "platform"

[[suppress]]
check = "alb-access-logs"
resource = "arn:aws:elasticloadbalancing:*"
reason = "old"
expires = 2026-01-01

[[suppress]]
check = "vpc-flow-logs"
resource = "arn:aws:ec2:*:vpc/vpc-gone"
reason = "deleted"
expires = 2027-01-01
"#,
        );
        let mut findings = vec![
            finding(
                "alb-waf-attached",
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/public-web/1",
                Status::Fail,
            ),
            finding(
                "alb-waf-attached",
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/admin/2",
                Status::Fail,
            ),
            finding(
                "alb-access-logs",
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/public-web/1",
                Status::Fail,
            ),
            finding(
                "vpc-flow-logs",
                "arn:aws:ec2:us-east-1:1:vpc/vpc-live",
                Status::Pass,
            ),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let warnings = apply(&mut findings, &config, today, |_| true);
        assert_eq!(findings[0].status, Status::Suppressed);
        let applied = findings[0].suppression.as_ref().unwrap();
        assert_eq!(applied.status, Status::Fail);
        assert_eq!(applied.owner.as_deref(), Some("platform"));
        assert_eq!(
            findings[1].status,
            Status::Fail,
            "the glob must not match another load balancer"
        );
        assert_eq!(
            findings[2].status,
            Status::Fail,
            "an expired suppression no longer applies"
        );
        assert_eq!(findings[3].status, Status::Pass);
        assert_eq!(warnings.len(), 2);
        assert!(
            matches!(&warnings[0], Warning::Expired { origin, .. } if origin == "posture.toml:9")
        );
        assert!(
            matches!(&warnings[1], Warning::Stale { origin, .. } if origin == "posture.toml:15")
        );
        assert!(warnings[0].to_string().contains("expired on 2026-01-01"));
    }

    #[test]
    fn expiry_day_is_still_live() {
        let config = suppressions(
            "[[suppress]]\ncheck = \"iam-root-mfa\"\nresource = \"arn:aws:iam::*:root\"\nreason = \"r\"\nexpires = 2026-11-23\n",
        );
        let mut findings = vec![finding(
            "iam-root-mfa",
            "arn:aws:iam::1:root",
            Status::Unknown,
        )];
        let warnings = apply(
            &mut findings,
            &config,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            |_| true,
        );
        assert!(warnings.is_empty());
        assert_eq!(findings[0].status, Status::Suppressed);
        assert_eq!(
            findings[0].suppression.as_ref().unwrap().status,
            Status::Unknown
        );
    }

    /// Regression: a suppression of a check left out by `--checks`, `--tier`
    /// or `[checks] skip` was reported as stale, "remove it".
    #[test]
    fn a_check_that_did_not_run_leaves_its_suppression_unjudged() {
        let config = suppressions(
            "[[suppress]]\ncheck = \"alb-waf-attached\"\nresource = \"arn:*\"\nreason = \"r\"\nexpires = 2027-01-01\n",
        );
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let warnings = apply(&mut [], &config, today, |check| check != "alb-waf-attached");
        assert_eq!(warnings.len(), 1);
        assert!(
            matches!(&warnings[0], Warning::NotRun { .. }),
            "{warnings:?}"
        );
        assert!(
            !warnings[0].to_string().contains("remove"),
            "{}",
            warnings[0]
        );
        // The same suppression, its check run, matching nothing: stale.
        let warnings = apply(&mut [], &config, today, |_| true);
        assert!(
            matches!(&warnings[0], Warning::Stale { .. }),
            "{warnings:?}"
        );
    }
}
