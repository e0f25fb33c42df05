use serde::{Deserialize, Serialize};

use super::LOCK_KEY;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DynamoTable {
    pub arn: String,
    pub name: String,
    /// The partition key's attribute name; `None` when DescribeTable failed.
    pub hash_key: Option<String>,
    /// Point-in-time recovery; `None` when DescribeContinuousBackups failed,
    /// and for tables not keyed like a lock table (not asked).
    pub point_in_time_recovery: Option<bool>,
}

impl DynamoTable {
    /// Keyed as Terraform's S3 backend locks (hash key `LockID`).
    pub fn keyed_for_locks(&self) -> bool {
        self.hash_key.as_deref() == Some(LOCK_KEY)
    }
}
