//! Users, roles, groups and customer-managed policies with their documents,
//! the AWS-managed policies attached to them, console passwords, MFA devices,
//! access keys, and the root user's summary (with the organization's
//! centralized root access).

use aws_config::SdkConfig;
use aws_sdk_iam::Client;
use std::collections::BTreeSet;

use aws_sdk_iam::types::{EntityType, PolicyDetail, StatusType, SummaryKeyType};
use percent_encoding::percent_decode_str;

use super::{Scope, credential_report, time};
use crate::inventory::{
    AccessKey, AccountSummary, Group, Iam, InlinePolicy, ManagedPolicy, Role, RootAccess, User,
};

/// A name AWS gave, or, when it came back empty (some emulators leave
/// `PolicyName` out), the last part of the ARN: never an empty string.
pub(crate) fn name_or_arn(name: Option<&str>, arn: &str) -> String {
    match name {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => arn
            .rsplit(['/', ':'])
            .next()
            .filter(|last| !last.is_empty())
            .unwrap_or(arn)
            .to_string(),
    }
}

/// `arn:<partition>:iam::aws:policy/…`: a policy AWS manages.
fn aws_managed(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws")
}

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
    let client: Client = crate::metered!(aws_sdk_iam, scope.meter(), config);
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
    let report = credential_report::read(scope, &client);
    let (details, roles, report) = tokio::join!(details, roles, report);
    let details = details?;
    let durations: std::collections::HashMap<String, i32> = roles
        .iter()
        .flatten()
        .flat_map(|p| p.roles())
        .filter_map(|r| Some((r.arn().to_string(), r.max_session_duration()?)))
        .collect();

    let inline = |arn: &str, list: &[PolicyDetail]| -> Vec<InlinePolicy> {
        list.iter()
            .enumerate()
            .map(|(i, p)| {
                // An inline policy has no ARN of its own: one whose name came
                // back empty is named by its place among the owner's.
                let name = p
                    .policy_name()
                    .filter(|n| !n.is_empty())
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("inline-policy-{}", i + 1));
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
                name: name_or_arn(u.user_name(), &arn),
                created: time(u.create_date()),
                inline_policies: inline(&arn, u.user_policy_list()),
                attached_policies: attached(u.attached_managed_policies()),
                groups: u.group_list().to_vec(),
                console_password: None,
                mfa_devices: None,
                mfa_active: None,
                access_keys: None,
                credential_use: None,
                arn,
            });
        }
        for r in page.role_detail_list() {
            let arn = r.arn().unwrap_or_default().to_string();
            roles.push(Role {
                name: name_or_arn(r.role_name(), &arn),
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
                name: name_or_arn(g.group_name(), &arn),
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
            let name = name_or_arn(p.policy_name(), &arn);
            policies.push(ManagedPolicy {
                document: document(scope, &arn, &name, default.and_then(|v| v.document())),
                default_version: default.and_then(|v| v.version_id()).map(str::to_string),
                attachment_count: p.attachment_count().unwrap_or(0),
                name,
                arn,
            });
        }
    }

    // Each AWS-managed policy attached anywhere, once.
    let attached: BTreeSet<String> = users
        .iter()
        .flat_map(|u| &u.attached_policies)
        .chain(roles.iter().flat_map(|r| &r.attached_policies))
        .chain(groups.iter().flat_map(|g| &g.attached_policies))
        .filter(|arn| aws_managed(arn))
        .cloned()
        .collect();
    let aws_policies = scope.each(attached.iter().map(|arn| aws_policy(scope, &client, arn)));
    let report = report.as_ref();
    let users = scope.each(
        users
            .into_iter()
            .map(|u| user_facts(scope, &client, report, u)),
    );
    let (aws_policies, users) = tokio::join!(aws_policies, users);
    Some(Iam {
        users,
        roles,
        groups,
        policies,
        aws_managed_policies: Some(aws_policies),
        credential_report: report.and_then(|r| r.generated),
    })
}

/// One AWS-managed policy by its default version: GetPolicy names the
/// version, GetPolicyVersion gives its document. A failed call leaves the
/// document unread (`None`, and a gap).
async fn aws_policy(scope: &Scope, client: &Client, arn: &String) -> ManagedPolicy {
    let mut policy = ManagedPolicy {
        arn: arn.clone(),
        name: name_or_arn(None, arn),
        attachment_count: 0,
        document: None,
        default_version: None,
    };
    let Some(got) = scope
        .call(
            "GetPolicy",
            Some(arn),
            client.get_policy().policy_arn(arn).send(),
        )
        .await
    else {
        return policy;
    };
    let Some(detail) = got.policy() else {
        scope.gap("GetPolicy", Some(arn), "the answer holds no policy".into());
        return policy;
    };
    policy.name = name_or_arn(detail.policy_name(), arn);
    policy.attachment_count = detail.attachment_count().unwrap_or(0);
    let Some(version) = detail.default_version_id() else {
        scope.gap(
            "GetPolicy",
            Some(arn),
            "the policy names no default version; its statements were not evaluated".into(),
        );
        return policy;
    };
    policy.default_version = Some(version.to_string());
    let raw = scope
        .call(
            "GetPolicyVersion",
            Some(arn),
            client
                .get_policy_version()
                .policy_arn(arn)
                .version_id(version)
                .send(),
        )
        .await;
    if let Some(raw) = raw {
        let text = raw.policy_version().and_then(|v| v.document());
        if text.is_none() {
            scope.gap(
                "GetPolicyVersion",
                Some(arn),
                format!("version {version} came without its document"),
            );
        }
        policy.document = decoded(scope, "GetPolicyVersion", arn, &policy.name, text);
    }
    policy
}

fn document(scope: &Scope, owner: &str, name: &str, raw: Option<&str>) -> Option<String> {
    decoded(scope, "GetAccountAuthorizationDetails", owner, name, raw)
}

fn decoded(
    scope: &Scope,
    operation: &str,
    owner: &str,
    name: &str,
    raw: Option<&str>,
) -> Option<String> {
    let raw = raw?;
    let decoded = decode_document(raw);
    if decoded.is_none() {
        scope.gap(
            operation,
            Some(owner),
            format!("policy document {name:?} is not valid JSON (URL-encoded or plain); its statements were not evaluated"),
        );
    }
    decoded
}

/// A user's console, MFA and access-key facts: from the credential report's
/// line, with ListAccessKeys only for a user with an active key (see
/// [`credential_report::Row::has_active_key`]); or, for a user the report
/// does not hold, three calls.
async fn user_facts(
    scope: &Scope,
    client: &Client,
    report: Option<&credential_report::Report>,
    mut user: User,
) -> User {
    let Some(row) = report.and_then(|r| r.row(&user.arn, user.created)) else {
        return user_details(scope, client, user).await;
    };
    user.console_password = Some(row.password_enabled);
    user.mfa_active = Some(row.mfa_active);
    user.credential_use = Some(row.usage.clone());
    user.access_keys = if row.has_active_key {
        access_keys(scope, client, &user).await
    } else {
        Some(Vec::new())
    };
    user
}

async fn access_keys(scope: &Scope, client: &Client, user: &User) -> Option<Vec<AccessKey>> {
    let pages = scope
        .pages(
            "ListAccessKeys",
            Some(&user.arn),
            client
                .list_access_keys()
                .user_name(&user.name)
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    Some(
        pages
            .iter()
            .flat_map(|p| p.access_key_metadata())
            .map(|k| AccessKey {
                id: k.access_key_id().unwrap_or_default().to_string(),
                active: k.status() == Some(&StatusType::Active),
                created: time(k.create_date()),
            })
            .collect(),
    )
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
    let keys = access_keys(scope, client, &user);
    let (login, mfa, keys) = tokio::join!(login, mfa, keys);
    user.console_password = login.map(|profile| profile.is_some());
    user.mfa_devices = mfa.map(|pages| {
        pages
            .iter()
            .flat_map(|p| p.mfa_devices())
            .map(|d| d.serial_number().to_string())
            .collect()
    });
    user.access_keys = keys;
    user
}

pub async fn summary(scope: &Scope, config: &SdkConfig) -> Option<AccountSummary> {
    let client: Client = crate::metered!(aws_sdk_iam, scope.meter(), config);
    let summary = scope.call(
        "GetAccountSummary",
        None,
        client.get_account_summary().send(),
    );
    let (summary, root_access) = tokio::join!(summary, root_access(scope, &client));
    let map = summary?.summary_map()?.clone();
    Some(AccountSummary {
        mfa_enabled: map.get(&SummaryKeyType::AccountMfaEnabled).map(|v| *v > 0),
        access_keys_present: map.get(&SummaryKeyType::AccountAccessKeysPresent).copied(),
        password_present: map
            .get(&SummaryKeyType::AccountPasswordPresent)
            .map(|v| *v > 0),
        root_access,
    })
}

/// ListOrganizationsFeatures. Its documented errors are answers, not gaps:
/// no organization, an organization that cannot centralize root access, or a
/// member account, which may not read the features.
async fn root_access(scope: &Scope, client: &Client) -> Option<RootAccess> {
    let call = async {
        match client.list_organizations_features().send().await {
            Ok(out) => Ok(RootAccess::Features {
                organization_id: out.organization_id().map(str::to_string),
                enabled: out
                    .enabled_features()
                    .iter()
                    .map(|f| f.as_str().to_string())
                    .collect(),
            }),
            Err(err) => match err.as_service_error() {
                Some(e) if e.is_organization_not_found_exception() => {
                    Ok(RootAccess::NoOrganization)
                }
                Some(e) if e.is_account_not_management_or_delegated_administrator_exception() => {
                    Ok(RootAccess::MemberAccount)
                }
                Some(e)
                    if e.is_organization_not_in_all_features_mode_exception()
                        || e.is_service_access_not_enabled_exception() =>
                {
                    Ok(RootAccess::NotAvailable {
                        reason: e.meta().code().unwrap_or_default().to_string(),
                    })
                }
                _ => Err(err),
            },
        }
    };
    scope.call("ListOrganizationsFeatures", None, call).await
}

#[cfg(test)]
mod tests {
    use super::{aws_managed, decode_document, name_or_arn};

    #[test]
    fn empty_names_are_the_arns_last_part() {
        let arn = "arn:aws:iam::123456789012:policy/team/startup-admin-access";
        assert_eq!(name_or_arn(None, arn), "startup-admin-access");
        assert_eq!(name_or_arn(Some(""), arn), "startup-admin-access");
        assert_eq!(name_or_arn(Some("given"), arn), "given");
        assert_eq!(name_or_arn(None, "arn:aws:iam::1:root"), "root");
        assert_eq!(name_or_arn(None, "odd/"), "odd/");
    }

    #[test]
    fn aws_managed_policies_by_their_arn() {
        assert!(aws_managed("arn:aws:iam::aws:policy/AdministratorAccess"));
        assert!(aws_managed(
            "arn:aws-us-gov:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
        ));
        assert!(!aws_managed("arn:aws:iam::123456789012:policy/aws"));
    }

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
