use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::KmsKey;

/// Secret metadata only: posture never reads a secret value here.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Secret {
    pub arn: String,
    pub name: String,
    /// `None` means the AWS-managed key `aws/secretsmanager`.
    pub kms_key: Option<KmsKey>,
    pub rotation_enabled: bool,
    pub rotation_days: Option<i64>,
    pub created: Option<DateTime<Utc>>,
    pub last_rotated: Option<DateTime<Utc>>,
    pub last_accessed: Option<DateTime<Utc>>,
    /// Only with `--inspect-secret-values`: whether the value looks like a
    /// placeholder. The value itself is never kept; `None` when not read.
    #[serde(default)]
    pub placeholder: Option<bool>,
    /// Who created the secret and manages it (ListSecrets' `OwningService`);
    /// `None` in a snapshot recorded before posture read it.
    #[serde(default)]
    pub owner: Option<SecretOwner>,
}

/// Who owns a secret: the customer, or the AWS service that created it
/// (RDS, Aurora, Redshift, EventBridge, …) and that alone rotates, updates
/// and deletes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretOwner {
    Customer,
    /// The service's id as ListSecrets spells it: `rds`, `events`, ….
    Service(String),
}

impl SecretOwner {
    /// From ListSecrets' `OwningService` (absent or empty: the customer's).
    pub fn from_owning_service(service: Option<&str>) -> SecretOwner {
        match service.map(str::trim).filter(|s| !s.is_empty()) {
            Some(service) => SecretOwner::Service(service.to_string()),
            None => SecretOwner::Customer,
        }
    }

    /// The owning service, when a service owns the secret.
    pub fn service(&self) -> Option<&str> {
        match self {
            SecretOwner::Service(service) => Some(service),
            SecretOwner::Customer => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_reads_owning_service() {
        assert_eq!(
            SecretOwner::from_owning_service(Some("rds")),
            SecretOwner::Service("rds".into())
        );
        assert_eq!(
            SecretOwner::from_owning_service(Some("")),
            SecretOwner::Customer
        );
        assert_eq!(
            SecretOwner::from_owning_service(None),
            SecretOwner::Customer
        );
        let json = serde_json::to_string(&SecretOwner::Service("events".into())).unwrap();
        assert_eq!(json, r#"{"service":"events"}"#);
        assert_eq!(
            serde_json::from_str::<SecretOwner>(r#""customer""#).unwrap(),
            SecretOwner::Customer
        );
    }
}
