use serde::{Deserialize, Serialize};

use super::KmsKey;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct S3 {
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bucket {
    pub name: String,
    /// `None` when GetBucketLocation failed.
    pub region: Option<String>,
    pub versioning: Option<Versioning>,
    /// Default encryption rules; empty when none is configured.
    pub encryption: Option<Vec<EncryptionRule>>,
    /// All `false` when no bucket-level block is set.
    pub public_access_block: Option<PublicAccessBlock>,
    pub policy: Option<BucketPolicy>,
    pub logging: Option<Logging>,
    /// Object keys ending in `.tfstate` (at most a few), `None` when listing failed.
    pub tfstate_keys: Option<Vec<String>>,
}

impl Bucket {
    pub fn arn(&self, partition: &str) -> String {
        format!("arn:{partition}:s3:::{}", self.name)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BucketPolicy {
    /// The policy as JSON text; `None` when the bucket has none.
    pub document: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Logging {
    /// Target bucket of server access logging; `None` when logging is off.
    pub target_bucket: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Versioning {
    /// `Enabled`, `Suspended`, or `None` when never enabled.
    pub status: Option<String>,
    /// `Enabled` or `Disabled`.
    pub mfa_delete: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncryptionRule {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub algorithm: String,
    /// The KMS key of SSE-KMS; `None` for SSE-KMS means the AWS-managed `aws/s3` key.
    pub kms_key: Option<KmsKey>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub fn all(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }

    /// Either block applies: a flag set at account level holds for every bucket.
    pub fn union(&self, other: &PublicAccessBlock) -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: self.block_public_acls || other.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || other.ignore_public_acls,
            block_public_policy: self.block_public_policy || other.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || other.restrict_public_buckets,
        }
    }
}
