use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    /// `application`, `network` or `gateway`.
    pub kind: String,
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
        self.kind == "application"
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
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`.
    pub protocol: String,
    pub ssl_policy: Option<String>,
    pub certificates: Vec<String>,
    pub default_actions: Vec<ListenerAction>,
}

impl Listener {
    pub fn is_tls(&self) -> bool {
        matches!(self.protocol.as_str(), "HTTPS" | "TLS")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListenerAction {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, …
    pub kind: String,
    pub redirect_protocol: Option<String>,
    pub redirect_port: Option<String>,
    pub target_groups: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub port: Option<i32>,
    pub protocol: Option<String>,
    pub target_type: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Certificate {
    pub arn: String,
    pub domain: Option<String>,
    /// `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`, …; `None` when DescribeCertificate failed.
    pub status: Option<String>,
    /// `AMAZON_ISSUED`, `IMPORTED`, `PRIVATE`.
    pub kind: Option<String>,
    /// `ELIGIBLE` or `INELIGIBLE`.
    pub renewal_eligibility: Option<String>,
    pub not_after: Option<DateTime<Utc>>,
    /// Whether DescribeCertificate answered for it.
    pub described: bool,
}
