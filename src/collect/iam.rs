//! Users, roles, groups and customer-managed policies with their documents,
//! console passwords, MFA devices, access keys, and the root user's summary.

use aws_config::SdkConfig;
use aws_sdk_iam::Client;
use aws_sdk_iam::types::{EntityType, PolicyDetail, StatusType, SummaryKeyType};
use futures::future::join_all;
use percent_encoding::percent_decode_str;

use super::{Scope, time};
use crate::inventory::{
    AccessKey, AccountSummary, Group, Iam, InlinePolicy, ManagedPolicy, Role, User,
};

/// IAM documents are URL-encoded JSON on AWS (plain JSON on some emulators).
/// Returns the JSON text, or `None` when it is neither.
pub fn decode_document(raw: &str) -> Option<String> {
    let text = if raw.trim_start().starts_with('{') {
        raw.to_string()
    } else {
        percent_decode_str(raw).decode_utf8().ok()?.into_owned()
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()?
        .is_object()
        .then_some(text)
}

pub async fn collect(scope: &Scope, config: &SdkConfig) -> Option<Iam> {
    let client = Client::new(config);
    let details = scope.pages(
        "GetAccountAuthorizationDetails",
        None,
        client
            .get_account_authorization_details()
            .filter(EntityType::User)
            .filter(EntityType::Role)
            .filter(EntityType::Group)
            .filter(EntityType::LocalManagedPolicy)
            .into_paginator()
            .send()
            .try_collect(),
    );
    // RoleDetail lacks MaxSessionDuration; ListRoles has it.
    let roles = scope.pages(
        "ListRoles",
        None,
        client.list_roles().into_paginator().send().try_collect(),
    );
    let (details, roles) = tokio::join!(details, roles);
    let details = details?;
    let durations: std::collections::HashMap<String, i32> = roles
        .iter()
        .flatten()
        .flat_map(|p| p.roles())
        .filter_map(|r| Some((r.arn().to_string(), r.max_session_duration()?)))
        .collect();

    let inline = |arn: &str, list: &[PolicyDetail]| -> Vec<InlinePolicy> {
        list.iter()
            .map(|p| {
                // The name is the ARN's last path segment; some emulators omit PolicyName.
                let name = p
                    .policy_name()
                    .map(str::to_string)
                    .unwrap_or_else(|| arn.rsplit('/').next().unwrap_or_default().to_string());
                let document = document(scope, arn, &name, p.policy_document());
                InlinePolicy { name, document }
            })
            .collect()
    };
    let attached = |list: &[aws_sdk_iam::types::AttachedPolicy]| -> Vec<String> {
        list.iter()
            .filter_map(|a| a.policy_arn())
            .map(str::to_string)
            .collect()
    };

    let mut users = Vec::new();
    let mut roles = Vec::new();
    let mut groups = Vec::new();
    let mut policies = Vec::new();
    for page in &details {
        for u in page.user_detail_list() {
            let arn = u.arn().unwrap_or_default().to_string();
            users.push(User {
                name: u.user_name().unwrap_or_default().to_string(),
                created: time(u.create_date()),
                inline_policies: inline(&arn, u.user_policy_list()),
                attached_policies: attached(u.attached_managed_policies()),
                groups: u.group_list().to_vec(),
                console_password: None,
                mfa_devices: None,
                access_keys: None,
                arn,
            });
        }
        for r in page.role_detail_list() {
            let arn = r.arn().unwrap_or_default().to_string();
            roles.push(Role {
                name: r.role_name().unwrap_or_default().to_string(),
                path: r.path().unwrap_or("/").to_string(),
                trust_policy: document(
                    scope,
                    &arn,
                    "trust policy",
                    r.assume_role_policy_document(),
                ),
                max_session_duration: durations.get(&arn).copied(),
                inline_policies: inline(&arn, r.role_policy_list()),
                attached_policies: attached(r.attached_managed_policies()),
                arn,
            });
        }
        for g in page.group_detail_list() {
            let arn = g.arn().unwrap_or_default().to_string();
            groups.push(Group {
                name: g.group_name().unwrap_or_default().to_string(),
                inline_policies: inline(&arn, g.group_policy_list()),
                attached_policies: attached(g.attached_managed_policies()),
                arn,
            });
        }
        for p in page.policies() {
            let arn = p.arn().unwrap_or_default().to_string();
            let default = p
                .policy_version_list()
                .iter()
                .find(|v| v.is_default_version());
            let name = p.policy_name().unwrap_or_default().to_string();
            policies.push(ManagedPolicy {
                document: document(scope, &arn, &name, default.and_then(|v| v.document())),
                attachment_count: p.attachment_count().unwrap_or(0),
                name,
                arn,
            });
        }
    }

    let users = join_all(users.into_iter().map(|u| user_details(scope, &client, u))).await;
    Some(Iam {
        users,
        roles,
        groups,
        policies,
    })
}

fn document(scope: &Scope, owner: &str, name: &str, raw: Option<&str>) -> Option<String> {
    let raw = raw?;
    let decoded = decode_document(raw);
    if decoded.is_none() {
        scope.gap(
            "GetAccountAuthorizationDetails",
            Some(owner),
            format!("policy document {name:?} is not valid JSON (URL-encoded or plain); its statements were not evaluated"),
        );
    }
    decoded
}

async fn user_details(scope: &Scope, client: &Client, mut user: User) -> User {
    let name = user.name.clone();
    let arn = user.arn.clone();
    let login = scope.call_absent(
        "GetLoginProfile",
        Some(&arn),
        &["NoSuchEntity"],
        client.get_login_profile().user_name(&name).send(),
    );
    let mfa = scope.pages(
        "ListMFADevices",
        Some(&arn),
        client
            .list_mfa_devices()
            .user_name(&name)
            .into_paginator()
            .send()
            .try_collect(),
    );
    let keys = scope.pages(
        "ListAccessKeys",
        Some(&arn),
        client
            .list_access_keys()
            .user_name(&name)
            .into_paginator()
            .send()
            .try_collect(),
    );
    let (login, mfa, keys) = tokio::join!(login, mfa, keys);
    user.console_password = login.map(|profile| profile.is_some());
    user.mfa_devices = mfa.map(|pages| {
        pages
            .iter()
            .flat_map(|p| p.mfa_devices())
            .map(|d| d.serial_number().to_string())
            .collect()
    });
    user.access_keys = keys.map(|pages| {
        pages
            .iter()
            .flat_map(|p| p.access_key_metadata())
            .map(|k| AccessKey {
                id: k.access_key_id().unwrap_or_default().to_string(),
                active: k.status() == Some(&StatusType::Active),
                created: time(k.create_date()),
            })
            .collect()
    });
    user
}

pub async fn summary(scope: &Scope, config: &SdkConfig) -> Option<AccountSummary> {
    let client = Client::new(config);
    let out = scope
        .call(
            "GetAccountSummary",
            None,
            client.get_account_summary().send(),
        )
        .await?;
    let map = out.summary_map()?;
    Some(AccountSummary {
        mfa_enabled: map.get(&SummaryKeyType::AccountMfaEnabled).map(|v| *v > 0),
        access_keys_present: map.get(&SummaryKeyType::AccountAccessKeysPresent).copied(),
    })
}

#[cfg(test)]
mod tests {
    use super::decode_document;

    #[test]
    fn decodes_url_encoded_and_plain_documents() {
        let plain = r#"{"Version":"2012-10-17","Statement":[]}"#;
        assert_eq!(decode_document(plain).as_deref(), Some(plain));
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(decode_document(encoded).as_deref(), Some(plain));
        // `+` is a literal plus in IAM's encoding, not a space.
        let plus = "%7B%22Sid%22%3A%22a+b%22%7D";
        assert_eq!(decode_document(plus).as_deref(), Some(r#"{"Sid":"a+b"}"#));
        assert_eq!(decode_document("not json"), None);
        assert_eq!(decode_document("%7Bbroken"), None);
        assert_eq!(decode_document("[1]"), None);
    }
}
