use serde::{Deserialize, Serialize};

use super::{DynamoTable, KmsKey};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct S3 {
    pub buckets: Vec<Bucket>,
    /// The DynamoDB tables of each region that holds a state bucket but was
    /// not audited: Terraform's S3 backend keeps its lock table in the
    /// bucket's region. A state bucket's region missing here (a snapshot of
    /// an older posture) was not searched.
    #[serde(default)]
    pub state_region_tables: Vec<RegionTables>,
}

/// The DynamoDB tables of one region.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionTables {
    pub region: String,
    /// `None` when ListTables failed.
    pub tables: Option<Vec<DynamoTable>>,
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

    /// A Terraform state bucket: one of `named` (`--state-bucket`, `[state]
    /// buckets`), one named like one (`tfstate`, `terraform-state`), or one
    /// that holds a `*.tfstate` key.
    pub fn is_state_bucket(&self, named: &[String]) -> bool {
        let lower = self.name.to_ascii_lowercase();
        named.iter().any(|b| b == &self.name)
            || lower.contains("tfstate")
            || lower.contains("terraform-state")
            || self.tfstate_keys.as_ref().is_some_and(|k| !k.is_empty())
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
    /// `None`: never enabled (AWS reports no status for such a bucket).
    pub status: Option<VersioningStatus>,
    /// `None`: never configured (AWS omits it), which is the same as disabled.
    pub mfa_delete: Option<MfaDelete>,
}

crate::closed_set! {
    /// The versioning state of a bucket that has had versioning enabled once.
    pub enum VersioningStatus {
        /// Every write keeps the previous version.
        Enabled = "Enabled",
        /// Versions kept so far remain, new writes overwrite.
        Suspended = "Suspended",
    }
}

crate::closed_set! {
    /// Whether deleting a version, or changing versioning, needs an MFA code.
    pub enum MfaDelete {
        Enabled = "Enabled",
        Disabled = "Disabled",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncryptionRule {
    pub algorithm: SseAlgorithm,
    /// The KMS key of SSE-KMS; `None` for SSE-KMS means the AWS-managed `aws/s3` key.
    pub kms_key: Option<KmsKey>,
}

crate::closed_set! {
    /// The server-side encryption of a bucket's default encryption rule.
    pub enum SseAlgorithm {
        /// SSE-S3: keys S3 owns and manages.
        Aes256 = "AES256",
        /// SSE-KMS: a KMS key, AWS-managed (`aws/s3`) or customer-managed.
        Kms = "aws:kms",
        /// DSSE-KMS: two layers of encryption, with a KMS key.
        KmsDsse = "aws:kms:dsse",
    }
}

impl SseAlgorithm {
    /// Encrypts with a KMS key (SSE-KMS or DSSE-KMS), so the key's manager decides who can read.
    pub fn uses_kms(&self) -> bool {
        matches!(self, SseAlgorithm::Kms | SseAlgorithm::KmsDsse)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kms_algorithms_use_kms() {
        assert!(SseAlgorithm::from("aws:kms").uses_kms());
        assert!(SseAlgorithm::from("aws:kms:dsse").uses_kms());
        assert!(!SseAlgorithm::from("AES256").uses_kms());
        assert!(!SseAlgorithm::from("aws:kms:later").uses_kms());
    }

    #[test]
    fn versioning_reads_as_aws_spells_it() {
        let v: Versioning =
            serde_json::from_str(r#"{"status": "Suspended", "mfa_delete": null}"#).unwrap();
        assert_eq!(v.status, Some(VersioningStatus::Suspended));
        assert_eq!(v.mfa_delete, None);
        let back = serde_json::to_string(&Versioning {
            status: Some(VersioningStatus::Enabled),
            mfa_delete: Some(MfaDelete::Disabled),
        })
        .unwrap();
        assert_eq!(back, r#"{"status":"Enabled","mfa_delete":"Disabled"}"#);
    }
}
