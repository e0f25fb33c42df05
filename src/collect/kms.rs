//! KMS keys: who manages a key a resource names, and every key of a region
//! with its rotation status. One DescribeKey per key and region serves both.

use std::collections::BTreeMap;

use aws_config::SdkConfig;

use super::Scope;
use crate::inventory::{KeyManager, KmsKey, ListedKey};

/// Describe the key `reference` (key id, key ARN, alias name or alias ARN),
/// once per account and region however many resources name it, and whether
/// they name it by id or by ARN (the region's key listing names it by ARN).
/// Aliases under `alias/aws/` are AWS-managed keys by definition; another
/// alias costs a DescribeKey of its own.
pub async fn describe(scope: &Scope, client: &aws_sdk_kms::Client, reference: &str) -> KmsKey {
    // The client's region, not the scope's: buckets are listed under `global`.
    let region = client
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    let key = format!(
        "{}\t{region}\t{}",
        scope.account,
        canonical(scope, &region, reference)
    );
    let mut described = scope
        .context()
        .kms_keys
        .get_or_init(key, read(scope, client, reference))
        .await;
    described.reference = reference.to_string();
    described
}

/// A bare key id is the key of that id in the caller's account and region:
/// its ARN. Key ARNs and aliases are kept as given.
fn canonical(scope: &Scope, region: &str, reference: &str) -> String {
    if reference.starts_with("arn:") || reference.starts_with("alias/") {
        reference.to_string()
    } else {
        format!(
            "arn:{}:kms:{region}:{}:key/{reference}",
            scope.partition, scope.account
        )
    }
}

async fn read(scope: &Scope, client: &aws_sdk_kms::Client, reference: &str) -> KmsKey {
    let unknown = KmsKey {
        reference: reference.to_string(),
        arn: None,
        manager: None,
        spec: None,
        origin: None,
        state: None,
        primary_region: None,
    };
    if reference.starts_with("alias/aws/") || reference.contains(":alias/aws/") {
        return KmsKey {
            manager: Some(KeyManager::Aws),
            ..unknown
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
    let Some(m) = out.as_ref().and_then(|o| o.key_metadata()) else {
        return unknown;
    };
    let replica = m
        .multi_region_configuration()
        .filter(|c| c.multi_region_key_type().map(|t| t.as_str()) == Some("REPLICA"));
    KmsKey {
        arn: m.arn().map(str::to_string),
        manager: m.key_manager().and_then(|m| match m.as_str() {
            "AWS" => Some(KeyManager::Aws),
            "CUSTOMER" => Some(KeyManager::Customer),
            _ => None,
        }),
        spec: m.key_spec().map(|s| s.as_str().into()),
        origin: m.origin().map(|o| o.as_str().into()),
        state: m.key_state().map(|s| s.as_str().into()),
        primary_region: replica
            .and_then(|c| c.primary_key())
            .and_then(|p| p.region())
            .map(str::to_string),
        ..unknown
    }
}

/// Every key of the region (ListKeys), each described, named by its aliases
/// (ListAliases), and the rotation status (GetKeyRotationStatus) of each key
/// whose rotation is judged. `None` when the keys could not be listed.
pub async fn collect(scope: &Scope, config: &SdkConfig) -> Option<Vec<ListedKey>> {
    let client = crate::metered!(aws_sdk_kms, scope.meter(), config);
    let c = &client;
    let keys = scope.pages(
        "ListKeys",
        None,
        c.list_keys().into_paginator().send().try_collect(),
    );
    let aliases = scope.pages(
        "ListAliases",
        None,
        c.list_aliases().into_paginator().send().try_collect(),
    );
    let (keys, aliases) = tokio::join!(keys, aliases);
    let mut named: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for alias in aliases.iter().flatten().flat_map(|p| p.aliases()) {
        if let (Some(key), Some(name)) = (alias.target_key_id(), alias.alias_name()) {
            named
                .entry(key.to_string())
                .or_default()
                .push(name.to_string());
        }
    }
    let listed: Vec<(String, String)> = keys?
        .iter()
        .flat_map(|p| p.keys())
        .filter_map(|k| Some((k.key_id()?.to_string(), k.key_arn()?.to_string())))
        .collect();
    let named = &named;
    let read = listed.into_iter().map(|(id, arn)| async move {
        let key = describe(scope, c, &arn).await;
        let rotation_enabled = match key.rotation_judged() {
            Some(true) => scope
                .call(
                    "GetKeyRotationStatus",
                    Some(&arn),
                    c.get_key_rotation_status().key_id(&arn).send(),
                )
                .await
                .map(|o| o.key_rotation_enabled()),
            _ => None,
        };
        ListedKey {
            aliases: named.get(&id).cloned().unwrap_or_default(),
            id,
            arn,
            key,
            rotation_enabled,
        }
    });
    Some(scope.each(read).await)
}
