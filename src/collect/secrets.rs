//! Secrets Manager metadata (never a value) and the KMS keys secrets use.

use aws_config::SdkConfig;

use super::{Scope, kms, time};
use crate::inventory::{Secret, SecretOwner};

/// With `inspect_values`, each value is read, judged in memory, and dropped:
/// only the boolean of [`crate::placeholder::looks_like_placeholder`] is kept.
pub async fn collect(
    scope: &Scope,
    config: &SdkConfig,
    inspect_values: bool,
) -> Option<Vec<Secret>> {
    let client = crate::metered!(aws_sdk_secretsmanager, scope.meter(), config);
    let kms_client = crate::metered!(aws_sdk_kms, scope.meter(), config);
    let pages = scope
        .pages(
            "ListSecrets",
            None,
            client.list_secrets().into_paginator().send().try_collect(),
        )
        .await?;
    let secrets = pages.iter().flat_map(|p| p.secret_list()).map(|s| {
        let (kms_client, client) = (&kms_client, &client);
        async move {
            let kms_key = match s.kms_key_id().filter(|k| !k.is_empty()) {
                Some(reference) => Some(kms::describe(scope, kms_client, reference).await),
                None => None,
            };
            let arn = s.arn().unwrap_or_default().to_string();
            let placeholder = if inspect_values {
                placeholder(scope, client, &arn).await
            } else {
                None
            };
            Secret {
                placeholder,
                arn,
                name: s.name().unwrap_or_default().to_string(),
                kms_key,
                rotation_enabled: s.rotation_enabled().unwrap_or(false),
                rotation_days: s
                    .rotation_rules()
                    .and_then(|r| r.automatically_after_days()),
                created: time(s.created_date()),
                last_rotated: time(s.last_rotated_date()),
                last_accessed: time(s.last_accessed_date()),
                owner: Some(SecretOwner::from_owning_service(s.owning_service())),
            }
        }
    });
    Some(scope.each(secrets).await)
}

async fn placeholder(
    scope: &Scope,
    client: &aws_sdk_secretsmanager::Client,
    arn: &str,
) -> Option<bool> {
    // The SDK redacts the value in Debug output; errors carry no value.
    let out = scope
        .call(
            "GetSecretValue",
            Some(arn),
            client.get_secret_value().secret_id(arn).send(),
        )
        .await?;
    let verdict = match (out.secret_string(), out.secret_binary()) {
        (Some(text), _) => crate::placeholder::looks_like_placeholder(text),
        (None, Some(bytes)) => std::str::from_utf8(bytes.as_ref())
            .is_ok_and(crate::placeholder::looks_like_placeholder),
        (None, None) => true,
    };
    drop(out);
    Some(verdict)
}
