use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// GetAccountAuthorizationDetails, with documents already decoded to JSON text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Iam {
    pub users: Vec<User>,
    pub roles: Vec<Role>,
    pub groups: Vec<Group>,
    /// Customer-managed policies (default version document).
    pub policies: Vec<ManagedPolicy>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub arn: String,
    pub name: String,
    pub created: Option<DateTime<Utc>>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<String>,
    pub groups: Vec<String>,
    /// Whether the user has a console password (GetLoginProfile).
    pub console_password: Option<bool>,
    pub mfa_devices: Option<Vec<String>>,
    pub access_keys: Option<Vec<AccessKey>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessKey {
    pub id: String,
    /// Status `Active`: the key can sign requests (`Inactive` and `Expired` ones cannot).
    pub active: bool,
    pub created: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub arn: String,
    pub name: String,
    /// `/aws-service-role/…` for service-linked roles, which AWS manages.
    pub path: String,
    /// The trust policy as JSON text; `None` if it could not be read.
    pub trust_policy: Option<String>,
    /// Seconds, from ListRoles; `None` when that call failed or did not return the role.
    pub max_session_duration: Option<i32>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub arn: String,
    pub name: String,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InlinePolicy {
    pub name: String,
    /// JSON text; `None` when the document could not be decoded.
    pub document: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub arn: String,
    pub name: String,
    pub attachment_count: i32,
    pub document: Option<String>,
}

/// The root user's facts from GetAccountSummary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountSummary {
    pub mfa_enabled: Option<bool>,
    pub access_keys_present: Option<i32>,
}
