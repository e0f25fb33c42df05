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
}
