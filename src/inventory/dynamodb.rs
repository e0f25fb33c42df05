use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DynamoTable {
    pub arn: String,
    pub name: String,
    pub hash_key: Option<String>,
    /// Point-in-time recovery; `None` when DescribeContinuousBackups failed.
    pub point_in_time_recovery: Option<bool>,
}
