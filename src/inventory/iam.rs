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
    /// The AWS-managed policies attached to a user, group or role, each read
    /// once (GetPolicy, then GetPolicyVersion of its default version); `None`
    /// in a snapshot taken before posture read them.
    #[serde(default)]
    pub aws_managed_policies: Option<Vec<ManagedPolicy>>,
    /// When IAM generated the credential report the users' console, MFA and
    /// access-key facts come from (`None`: each user was read on its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_report: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub arn: String,
    pub name: String,
    pub created: Option<DateTime<Utc>>,
    pub inline_policies: Vec<InlinePolicy>,
    pub attached_policies: Vec<String>,
    pub groups: Vec<String>,
    /// Whether the user has a console password (the credential report's
    /// `password_enabled`, or GetLoginProfile).
    pub console_password: Option<bool>,
    /// The serial numbers of the user's MFA devices (ListMFADevices), when
    /// the user was read on its own.
    pub mfa_devices: Option<Vec<String>>,
    /// The credential report's `mfa_active`, when the user's facts came from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_active: Option<bool>,
    /// ListAccessKeys. A user whose credential report line shows no active
    /// key is not listed: `Some([])`, though an inactive key may exist.
    pub access_keys: Option<Vec<AccessKey>>,
    /// When the console password and each active access key were last used,
    /// from the credential report's line (`None`: the user was read on its
    /// own, and no call of that path tells the last use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_use: Option<CredentialUse>,
}

/// The credential report's last-use facts of one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialUse {
    /// `password_last_used`, when `password_enabled` is true (`None`: no
    /// console password).
    pub password: Option<LastUse>,
    /// `access_key_N_last_used_date` of each active key, by its column
    /// (`access_key_1`, `access_key_2`): the report has no key ids.
    pub access_keys: Vec<KeyUse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyUse {
    /// `access_key_1` or `access_key_2`.
    pub slot: String,
    pub last_use: LastUse,
}

/// When a credential was last used, as the credential report says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum LastUse {
    /// A date of last use.
    Used { at: DateTime<Utc> },
    /// Never used, or not since IAM began tracking it (`no_information`,
    /// `N/A`): the credential has gone unused since it was set, which is
    /// `password_last_changed` or `access_key_N_last_rotated` (`None`: that
    /// column could not be read).
    Never { set: Option<DateTime<Utc>> },
    /// A value posture cannot read as either.
    Unreadable { value: String },
}

impl LastUse {
    /// Since when the credential has gone unused; `None` when that is not known.
    pub fn unused_since(&self) -> Option<DateTime<Utc>> {
        match self {
            LastUse::Used { at } => Some(*at),
            LastUse::Never { set } => *set,
            LastUse::Unreadable { .. } => None,
        }
    }
}

impl User {
    /// Whether an MFA device is assigned, by whichever source read it.
    pub fn has_mfa(&self) -> Option<bool> {
        match (&self.mfa_devices, self.mfa_active) {
            (Some(devices), _) => Some(!devices.is_empty()),
            (None, active) => active,
        }
    }
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
    /// The default version's document, as JSON text; `None` when it could not be read.
    pub document: Option<String>,
    /// The default version's id (`v3`).
    #[serde(default)]
    pub default_version: Option<String>,
}

/// The root user's facts from GetAccountSummary, and whether the account's
/// organization manages root credentials centrally (ListOrganizationsFeatures).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountSummary {
    pub mfa_enabled: Option<bool>,
    pub access_keys_present: Option<i32>,
    /// `AccountPasswordPresent`: whether the root user has a password.
    #[serde(default)]
    pub password_present: Option<bool>,
    /// `None` when ListOrganizationsFeatures failed or was not called (a
    /// snapshot taken before posture called it).
    #[serde(default)]
    pub root_access: Option<RootAccess>,
}

/// What ListOrganizationsFeatures says about centralized root access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum RootAccess {
    /// The account belongs to no organization (OrganizationNotFound).
    NoOrganization,
    /// The organization cannot centralize root access: it lacks all features,
    /// or IAM's trusted access is not enabled (the error code says which).
    NotAvailable { reason: String },
    /// A member account: only the organization's management account or IAM's
    /// delegated administrator can read the features
    /// (AccountNotManagementOrDelegatedAdministrator).
    MemberAccount,
    /// The account manages the organization's root access (its management
    /// account or IAM's delegated administrator): the features enabled
    /// (`RootCredentialsManagement`, `RootSessions`).
    Features {
        organization_id: Option<String>,
        enabled: Vec<String>,
    },
}

impl RootAccess {
    /// Member accounts' root credentials are managed centrally: deleted ones
    /// cannot be recovered without the organization's consent.
    pub fn manages_root_credentials(&self) -> bool {
        matches!(self, RootAccess::Features { enabled, .. } if enabled.iter().any(|f| f == "RootCredentialsManagement"))
    }
}
