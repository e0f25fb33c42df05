use serde::{Deserialize, Serialize};

use super::KmsKey;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EcrRepository {
    pub arn: String,
    pub name: String,
    pub scan_on_push: bool,
    /// `AES256` or `KMS` (`KMS_DSSE`).
    pub encryption_type: String,
    /// The key of KMS encryption; `None` with `KMS` means the AWS-managed `aws/ecr` key.
    pub kms_key: Option<KmsKey>,
}

/// Registry-level scanning (`GetRegistryScanningConfiguration`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistryScanning {
    /// `BASIC` or `ENHANCED`.
    pub scan_type: String,
    pub rules: Vec<ScanningRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanningRule {
    /// `SCAN_ON_PUSH`, `CONTINUOUS_SCAN` or `MANUAL`.
    pub frequency: String,
    /// Repository name filters (wildcards `*`).
    pub filters: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trail {
    pub arn: String,
    pub name: String,
    pub home_region: Option<String>,
    pub multi_region: bool,
    /// GetTrailStatus's IsLogging; `None` when it could not be read.
    pub logging: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Detector {
    pub id: String,
    /// `ENABLED` or `DISABLED`; `None` when GetDetector failed.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogGroup {
    pub arn: String,
    pub name: String,
    /// CloudWatch Logs encrypts with customer-managed keys only: a key here is one.
    pub kms_key_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Database {
    pub arn: String,
    pub id: String,
    /// `instance` or `cluster`.
    pub kind: String,
    pub engine: Option<String>,
    pub storage_encrypted: bool,
}
