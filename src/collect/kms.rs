//! Who manages a KMS key a resource names: the customer or AWS.

use super::Scope;
use crate::inventory::{KeyManager, KmsKey};

/// Describe the key `reference` (key id, key ARN, alias name or alias ARN),
/// once per account and region however many resources name it.
/// Aliases under `alias/aws/` are AWS-managed keys by definition.
pub async fn describe(scope: &Scope, client: &aws_sdk_kms::Client, reference: &str) -> KmsKey {
    // The client's region, not the scope's: buckets are listed under `global`.
    let region = client
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    let key = format!("{}\t{region}\t{reference}", scope.account);
    scope
        .context()
        .kms_keys
        .get_or_init(key, read(scope, client, reference))
        .await
}

async fn read(scope: &Scope, client: &aws_sdk_kms::Client, reference: &str) -> KmsKey {
    if reference.starts_with("alias/aws/") || reference.contains(":alias/aws/") {
        return KmsKey {
            reference: reference.to_string(),
            arn: None,
            manager: Some(KeyManager::Aws),
        };
    }
    let scope = scope.with_service("kms");
    let out = scope
        .call(
            "DescribeKey",
            Some(reference),
            client.describe_key().key_id(reference).send(),
        )
        .await;
    let metadata = out.as_ref().and_then(|o| o.key_metadata());
    KmsKey {
        reference: reference.to_string(),
        arn: metadata.and_then(|m| m.arn()).map(str::to_string),
        manager: metadata
            .and_then(|m| m.key_manager())
            .and_then(|m| match m.as_str() {
                "AWS" => Some(KeyManager::Aws),
                "CUSTOMER" => Some(KeyManager::Customer),
                _ => None,
            }),
    }
}
