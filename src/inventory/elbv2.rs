use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::closed_set! {
    /// The kind of an ELBv2 load balancer.
    pub enum LoadBalancerKind {
        /// Layer 7 (HTTP, HTTPS): security groups, WAF, HTTP attributes.
        Application = "application",
        /// Layer 4 (TCP, TLS, UDP).
        Network = "network",
        /// Layer 3 (GENEVE) to appliances; it keeps no access logs.
        Gateway = "gateway",
    }
}

crate::closed_set! {
    /// The protocol of a listener, a target group or a redirect.
    pub enum ElbProtocol {
        Http = "HTTP",
        Https = "HTTPS",
        Tcp = "TCP",
        /// TCP with TLS terminated by a network load balancer.
        Tls = "TLS",
        Udp = "UDP",
        TcpUdp = "TCP_UDP",
        /// Gateway load balancers' encapsulation.
        Geneve = "GENEVE",
    }
}

crate::closed_set! {
    /// What a listener action does.
    pub enum ListenerActionKind {
        Forward = "forward",
        Redirect = "redirect",
        FixedResponse = "fixed-response",
        AuthenticateOidc = "authenticate-oidc",
        AuthenticateCognito = "authenticate-cognito",
        /// Validates a JSON web token before the next action.
        JwtValidation = "jwt-validation",
    }
}

crate::closed_set! {
    /// The status of an ACM certificate.
    pub enum CertificateStatus {
        PendingValidation = "PENDING_VALIDATION",
        /// The only status in which it can be served.
        Issued = "ISSUED",
        Inactive = "INACTIVE",
        Expired = "EXPIRED",
        ValidationTimedOut = "VALIDATION_TIMED_OUT",
        Revoked = "REVOKED",
        Failed = "FAILED",
    }
}

crate::closed_set! {
    /// Where an ACM certificate comes from.
    pub enum CertificateKind {
        /// Brought in by hand: ACM cannot renew it.
        Imported = "IMPORTED",
        /// Issued by ACM from a public CA.
        AmazonIssued = "AMAZON_ISSUED",
        /// Issued from an AWS Private CA.
        Private = "PRIVATE",
    }
}

crate::closed_set! {
    /// Whether ACM can renew a certificate by itself.
    pub enum RenewalEligibility {
        Eligible = "ELIGIBLE",
        Ineligible = "INELIGIBLE",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    pub kind: LoadBalancerKind,
    pub internet_facing: bool,
    pub vpc_id: Option<String>,
    pub security_groups: Vec<String>,
    /// As AWS lists them; a key AWS did not list means AWS's default.
    pub attributes: Option<BTreeMap<String, String>>,
    pub listeners: Option<Vec<Listener>>,
    /// The associated WAFv2 web ACL.
    pub web_acl: Option<WebAcl>,
    pub target_groups: Option<Vec<TargetGroup>>,
}

impl LoadBalancer {
    pub fn is_application(&self) -> bool {
        self.kind == LoadBalancerKind::Application
    }

    /// An attribute's value, with AWS's default when AWS did not list it.
    pub fn attribute(&self, key: &str) -> Option<String> {
        let attributes = self.attributes.as_ref()?;
        Some(match attributes.get(key) {
            Some(v) => v.clone(),
            None => attribute_default(key).to_string(),
        })
    }
}

/// AWS's defaults for the attributes posture reads.
fn attribute_default(key: &str) -> &'static str {
    match key {
        "deletion_protection.enabled"
        | "routing.http.drop_invalid_header_fields.enabled"
        | "access_logs.s3.enabled" => "false",
        _ => "",
    }
}

/// GetWebACLForResource's answer: the ACL's ARN, `None` when there is none.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebAcl {
    pub arn: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Listener {
    pub arn: String,
    pub port: Option<i32>,
    /// `Other("")` when AWS gave none.
    pub protocol: ElbProtocol,
    pub ssl_policy: Option<String>,
    /// As DescribeListeners lists them: on AWS, the default certificate only.
    pub certificates: Vec<String>,
    pub default_actions: Vec<ListenerAction>,
    /// Every certificate of an HTTPS or TLS listener, the default one and the
    /// rest (DescribeListenerCertificates), each once; `None` when it was not
    /// read (a failed call, or a listener that is not HTTPS or TLS).
    #[serde(default)]
    pub certificate_list: Option<Vec<String>>,
    /// The rules of an HTTP listener as DescribeRules lists them, the default
    /// rule included; `None` when they were not read (a failed call, or a
    /// listener that is not HTTP).
    #[serde(default)]
    pub rules: Option<Vec<ListenerRule>>,
}

impl Listener {
    pub fn is_tls(&self) -> bool {
        matches!(self.protocol, ElbProtocol::Https | ElbProtocol::Tls)
    }

    /// Every certificate the listener serves, each once: the default one
    /// first, then the rest; `None` when the full list was not read.
    pub fn all_certificates(&self) -> Option<Vec<&str>> {
        let list = self.certificate_list.as_ref()?;
        let mut all: Vec<&str> = Vec::new();
        for arn in self.certificates.iter().chain(list) {
            if !all.contains(&arn.as_str()) {
                all.push(arn);
            }
        }
        Some(all)
    }
}

/// A rule of a listener: when its conditions match, its actions run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListenerRule {
    pub arn: String,
    /// `1`…`50000`, or `default` for the listener's default rule.
    pub priority: String,
    /// The default rule: the listener's default actions, without conditions.
    pub is_default: bool,
    pub conditions: Vec<RuleCondition>,
    pub actions: Vec<ListenerAction>,
}

/// One condition of a rule: `path-pattern` `/api/*`, `host-header`
/// `api.example.com`, `http-header` `X-Env` `beta`, …
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleCondition {
    /// `host-header`, `path-pattern`, `http-header`, `http-request-method`,
    /// `query-string`, `source-ip`, as AWS spells it.
    pub field: String,
    /// The header an `http-header` condition reads.
    pub header_name: Option<String>,
    /// The values, any of which matches (`key=value` for a query string;
    /// regular expressions prefixed `regex:`).
    pub values: Vec<String>,
}

impl std::fmt::Display for RuleCondition {
    /// `path-pattern /api/*, /v2/*`; `http-header X-Env: beta`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.field)?;
        if let Some(name) = &self.header_name {
            write!(f, " {name}:")?;
        }
        write!(f, " {}", self.values.join(", "))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListenerAction {
    /// `Other("")` when AWS gave none.
    pub kind: ListenerActionKind,
    /// `HTTP`, `HTTPS`, or `#{protocol}` (keep the request's) as `Other`.
    pub redirect_protocol: Option<ElbProtocol>,
    pub redirect_port: Option<String>,
    pub target_groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub port: Option<i32>,
    pub protocol: Option<ElbProtocol>,
    pub target_type: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Certificate {
    pub arn: String,
    pub domain: Option<String>,
    /// `None` when DescribeCertificate failed.
    pub status: Option<CertificateStatus>,
    pub kind: Option<CertificateKind>,
    pub renewal_eligibility: Option<RenewalEligibility>,
    pub not_after: Option<DateTime<Utc>>,
    /// Whether DescribeCertificate answered for it.
    pub described: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn snapshots_keep_aws_spellings() {
        let listener = json!({"arn": "l", "port": 443, "protocol": "TLS", "ssl_policy": null,
            "certificates": [], "default_actions": [{"kind": "authenticate-oidc",
            "redirect_protocol": "#{protocol}", "redirect_port": null, "target_groups": []}],
            "certificate_list": ["c"], "rules": [{"arn": "r", "priority": "default", "is_default": true,
            "conditions": [{"field": "http-header", "header_name": "X-Env", "values": ["beta"]}], "actions": []}]});
        let read: Listener = serde_json::from_value(listener.clone()).unwrap();
        assert!(read.is_tls());
        assert_eq!(
            read.default_actions[0].kind,
            ListenerActionKind::AuthenticateOidc
        );
        assert_eq!(
            read.default_actions[0].redirect_protocol,
            Some(ElbProtocol::Other("#{protocol}".into()))
        );
        assert_eq!(serde_json::to_value(&read).unwrap(), listener);
    }

    /// A snapshot recorded before listener rules and certificate lists were
    /// collected reads them as not collected.
    #[test]
    fn older_snapshots_read_rules_and_certificate_lists_as_not_collected() {
        let listener = json!({"arn": "l", "port": 80, "protocol": "HTTP", "ssl_policy": null,
            "certificates": ["c"], "default_actions": []});
        let read: Listener = serde_json::from_value(listener).unwrap();
        assert!(read.rules.is_none() && read.certificate_list.is_none());
        assert_eq!(read.all_certificates(), None);
    }

    #[test]
    fn all_certificates_lists_each_once_default_first() {
        let listener = json!({"arn": "l", "port": 443, "protocol": "HTTPS", "ssl_policy": null,
            "certificates": ["a"], "default_actions": [], "certificate_list": ["b", "a", "c", "b"]});
        let read: Listener = serde_json::from_value(listener).unwrap();
        assert_eq!(read.all_certificates(), Some(vec!["a", "b", "c"]));
    }

    #[test]
    fn conditions_read_as_aws_writes_them() {
        let show = |c: serde_json::Value| {
            serde_json::from_value::<RuleCondition>(c)
                .unwrap()
                .to_string()
        };
        assert_eq!(
            show(
                json!({"field": "path-pattern", "header_name": null, "values": ["/api/*", "/v2/*"]})
            ),
            "path-pattern /api/*, /v2/*"
        );
        assert_eq!(
            show(json!({"field": "http-header", "header_name": "X-Env", "values": ["beta"]})),
            "http-header X-Env: beta"
        );
    }

    #[test]
    fn tls_listeners_are_https_and_tls() {
        let is_tls = |protocol: &str| {
            Listener {
                arn: "l".into(),
                port: None,
                protocol: ElbProtocol::from(protocol),
                ssl_policy: None,
                certificates: Vec::new(),
                default_actions: Vec::new(),
                certificate_list: None,
                rules: None,
            }
            .is_tls()
        };
        assert!(is_tls("HTTPS") && is_tls("TLS"));
        assert!(!is_tls("HTTP") && !is_tls("TCP") && !is_tls("https") && !is_tls(""));
    }
}
