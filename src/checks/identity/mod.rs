//! Identity checks (iam).

pub(super) mod iam_access_keys_rotated;
pub(super) mod iam_no_admin_policy;
pub(super) mod iam_no_service_wildcard_actions;
pub(super) mod iam_no_user_access_keys;
pub(super) mod iam_no_wildcard_resources;
pub(super) mod iam_role_session_duration;
pub(super) mod iam_root_mfa;
pub(super) mod iam_root_no_access_keys;
pub(super) mod iam_task_roles_separated;
pub(super) mod iam_user_mfa;

use super::Out;
use super::walk::*;
use crate::inventory::{Iam, InlinePolicy, Inventory};
use crate::policy::{self, Statement};

/// A policy document a check judges, with where it is attached.
struct Judged<'i> {
    resource: String,
    name: String,
    document: Option<&'i str>,
    attached: bool,
}

/// Customer-managed policies and every inline policy of users, roles and groups.
/// Inline policies have no ARN of their own: they are named `<owner ARN>/inline-policy/<name>`.
fn documents(iam: &Iam) -> Vec<Judged<'_>> {
    let managed = iam.policies.iter().map(|p| Judged {
        resource: p.arn.clone(),
        name: p.name.clone(),
        document: p.document.as_deref(),
        attached: p.attachment_count > 0,
    });
    let owners = iam
        .users
        .iter()
        .map(|u| (&u.arn, format!("user/{}", u.name), &u.inline_policies))
        .chain(
            iam.roles
                .iter()
                .map(|r| (&r.arn, format!("role/{}", r.name), &r.inline_policies)),
        )
        .chain(
            iam.groups
                .iter()
                .map(|g| (&g.arn, format!("group/{}", g.name), &g.inline_policies)),
        );
    let inline = owners.flat_map(
        |(arn, owner, policies): (&String, String, &Vec<InlinePolicy>)| {
            policies.iter().map(move |p| Judged {
                resource: format!("{arn}/inline-policy/{}", p.name),
                name: format!("{owner}:{}", p.name),
                document: p.document.as_deref(),
                attached: true,
            })
        },
    );
    managed.chain(inline).collect()
}

/// Run `judge` over the statements of every policy document; `judge` returns
/// what is wrong with one statement (empty when nothing).
fn policy_check(
    out: &mut Out,
    inv: &Inventory,
    attached_only: bool,
    (does, does_not): (&str, &str),
    judge: impl Fn(&Statement) -> Vec<String>,
) {
    for account in &inv.accounts {
        let Some(iam) = &account.iam else {
            out.on(Global { account }, &account.root_arn(), "IAM policies")
                .unknown("IAM authorization details could not be read (see gaps).");
            continue;
        };
        for doc in documents(iam) {
            if attached_only && !doc.attached {
                continue;
            }
            let finding = out.on(Global { account }, &doc.resource, &doc.name);
            let Some(text) = doc.document else {
                finding.unknown(format!(
                    "The document of policy {} could not be read.",
                    doc.name
                ));
                continue;
            };
            let statements = match policy::statements(text) {
                Ok(s) => s,
                Err(err) => {
                    finding.unknown(format!(
                        "The document of policy {} is malformed: {err}.",
                        doc.name
                    ));
                    continue;
                }
            };
            let problems: Vec<String> = statements
                .iter()
                .filter(|s| s.allow)
                .flat_map(|s| {
                    let sid = s
                        .sid
                        .clone()
                        .map(|sid| format!("{sid}: "))
                        .unwrap_or_default();
                    judge(s).into_iter().map(move |p| format!("{sid}{p}"))
                })
                .collect();
            finding
                .evidence("statements", statements.len())
                .evidence(
                    "offending",
                    if problems.is_empty() {
                        "none".into()
                    } else {
                        problems.join("; ")
                    },
                )
                .verdict(
                    problems.is_empty(),
                    format!("Policy {} {does_not}.", doc.name),
                    format!("Policy {} {does}: {}.", doc.name, problems.join("; ")),
                );
        }
    }
}

fn summary_check(
    out: &mut Out,
    inv: &Inventory,
    read: impl Fn(&crate::inventory::AccountSummary) -> Option<(bool, String)>,
    pass: &str,
    fail: &str,
) {
    for account in &inv.accounts {
        let finding = out.on(Global { account }, &account.root_arn(), "root user");
        match account.iam_summary.as_ref().and_then(&read) {
            None => finding.unknown("The IAM account summary could not be read (see gaps)."),
            Some((ok, evidence)) => finding
                .evidence("account_summary", evidence)
                .verdict(ok, pass, fail),
        }
    }
}

/// Principals in a trust policy that are people: AWS accounts, users and roles
/// (people sign in and assume roles) and SAML federation (SSO). Services and
/// OIDC web identity (CI systems, workloads) are not.
fn human_principals(trust: &str) -> Result<Vec<String>, String> {
    let statements = policy::statements(trust)?;
    Ok(statements
        .iter()
        .filter(|s| s.allow)
        .flat_map(policy::principals)
        .filter(|(kind, value)| {
            kind == "AWS" || (kind == "Federated" && value.contains(":saml-provider/"))
        })
        .map(|(kind, value)| format!("{kind}:{value}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn policy(name: &str, document: &str, attachments: i32) -> Value {
        json!({"arn": format!("arn:aws:iam::123456789012:policy/{name}"), "name": name,
               "attachment_count": attachments, "document": document})
    }

    fn iam(policies: Value, users: Value, roles: Value) -> crate::inventory::Inventory {
        inventory(
            json!({"iam": {"users": users, "roles": roles, "groups": [], "policies": policies}}),
            json!({}),
        )
    }

    fn policies() -> crate::inventory::Inventory {
        let users = json!([{
            "arn": "arn:aws:iam::123456789012:user/dev", "name": "dev", "created": null,
            "inline_policies": [{"name": "inline-admin",
                "document": r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#}],
            "attached_policies": [], "groups": [], "console_password": false, "mfa_devices": [], "access_keys": []
        }]);
        iam(
            json!([
                policy(
                    "admin",
                    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*"],"Resource":["*"]}]}"#,
                    1
                ),
                policy(
                    "unattached-admin",
                    r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                    0
                ),
                policy(
                    "deny-all",
                    r#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#,
                    1
                ),
                policy(
                    "not-action",
                    r#"{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
                    1
                ),
                policy(
                    "s3-star",
                    r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}}"#,
                    1
                ),
                policy(
                    "logs",
                    r#"{"Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
                    "Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:log-stream:*"}]}"#,
                    1
                ),
                policy(
                    "read-star",
                    r#"{"Statement":[{"Effect":"Allow","Action":["ec2:Describe*","s3:GetObject"],"Resource":"*"}]}"#,
                    1
                ),
                policy(
                    "scoped",
                    r#"{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/key"}]}"#,
                    1
                ),
                policy("broken", r#"{"Version":"2012-10-17"}"#, 1),
            ]),
            users,
            json!([]),
        )
    }

    #[test]
    fn admin_policies_attached_only_deny_and_not_action() {
        assert_eq!(
            verdicts(&check("iam-no-admin-policy", &policies())),
            v(&[
                ("admin", Fail),
                ("deny-all", Pass),
                ("not-action", Pass),
                ("s3-star", Pass),
                ("logs", Pass),
                ("read-star", Pass),
                ("scoped", Pass),
                ("broken", Unknown),
                ("user/dev:inline-admin", Fail),
            ])
        );
    }

    #[test]
    fn service_wildcards_include_not_action() {
        let findings = check("iam-no-service-wildcard-actions", &policies());
        let failing: Vec<_> = verdicts(&findings)
            .into_iter()
            .filter(|(_, s)| *s == Fail)
            .collect();
        assert_eq!(
            failing,
            v(&[
                ("admin", Fail),
                ("unattached-admin", Fail),
                ("not-action", Fail),
                ("s3-star", Fail),
                ("user/dev:inline-admin", Fail)
            ])
        );
    }

    #[test]
    fn wildcard_resources_with_write_actions() {
        let findings = check("iam-no-wildcard-resources", &policies());
        let failing: Vec<_> = verdicts(&findings)
            .into_iter()
            .filter(|(_, s)| *s == Fail)
            .collect();
        assert_eq!(
            failing,
            v(&[
                ("admin", Fail),
                ("unattached-admin", Fail),
                ("not-action", Fail),
                ("s3-star", Fail),
                ("logs", Fail),
                ("user/dev:inline-admin", Fail),
            ])
        );
    }

    #[test]
    fn root_user_summary() {
        let inv = inventory(
            json!({"iam_summary": {"mfa_enabled": false, "access_keys_present": 1}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("iam-root-mfa", &inv)),
            v(&[("root user", Fail)])
        );
        assert_eq!(
            verdicts(&check("iam-root-no-access-keys", &inv)),
            v(&[("root user", Fail)])
        );
        let unread = inventory(json!({"iam_summary": null}), json!({}));
        assert_eq!(
            verdicts(&check("iam-root-mfa", &unread)),
            v(&[("root user", Unknown)])
        );
    }

    fn user(name: &str, console: Option<bool>, mfa: usize, keys: Value) -> Value {
        json!({"arn": format!("arn:aws:iam::123456789012:user/{name}"), "name": name, "created": null,
               "inline_policies": [], "attached_policies": [], "groups": [], "console_password": console,
               "mfa_devices": vec!["arn:mfa"; mfa], "access_keys": keys})
    }

    #[test]
    fn users_mfa_and_keys() {
        let key = |id: &str, active: bool, created: &str| json!({"id": id, "active": active, "created": created});
        let inv = iam(
            json!([]),
            json!([
                user("console-no-mfa", Some(true), 0, json!([])),
                user(
                    "console-mfa",
                    Some(true),
                    1,
                    json!([key("AKIAOLDINACTIVE", false, "2025-01-01T00:00:00Z")])
                ),
                user(
                    "api-old",
                    Some(false),
                    0,
                    json!([key("AKIAOLD", true, "2026-05-01T00:00:00Z")])
                ),
                user(
                    "api-new",
                    Some(false),
                    0,
                    json!([key("AKIANEW", true, "2026-11-01T00:00:00Z")])
                ),
                user("unread", None, 0, Value::Null),
            ]),
            json!([]),
        );
        assert_eq!(
            verdicts(&check("iam-user-mfa", &inv)),
            v(&[
                ("console-no-mfa", Fail),
                ("console-mfa", Pass),
                ("unread", Unknown)
            ])
        );
        assert_eq!(
            verdicts(&check("iam-access-keys-rotated", &inv)),
            v(&[("api-old", Fail), ("api-new", Pass), ("unread", Unknown)])
        );
        assert_eq!(
            verdicts(&check("iam-no-user-access-keys", &inv)),
            v(&[
                ("console-no-mfa", Pass),
                ("console-mfa", Pass),
                ("api-old", Fail),
                ("api-new", Fail),
                ("unread", Unknown)
            ])
        );
    }

    #[test]
    fn session_duration_for_roles_people_assume() {
        let role = |name: &str, trust: &str, seconds: i32, path: &str| {
            json!({"arn": format!("arn:aws:iam::123456789012:role/{name}"), "name": name, "path": path,
                   "trust_policy": trust, "max_session_duration": seconds, "inline_policies": [], "attached_policies": []})
        };
        let account = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#;
        let saml = r#"{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}}"#;
        let service = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let oidc = r#"{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#;
        let inv = iam(
            json!([]),
            json!([]),
            json!([
                role("admin-long", account, 43200, "/"),
                role("admin-hour", account, 3600, "/"),
                role("sso", saml, 7200, "/"),
                role("task", service, 43200, "/"),
                role("ci", oidc, 43200, "/"),
                role("linked", account, 43200, "/aws-service-role/x/"),
            ]),
        );
        assert_eq!(
            verdicts(&check("iam-role-session-duration", &inv)),
            v(&[("admin-long", Fail), ("admin-hour", Pass), ("sso", Fail)])
        );
    }
}

/// What an ECS task execution role needs: pull images, write logs, read the
/// secrets it injects. AWS's managed policy grants exactly the first two.
const EXECUTION_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
const EXECUTION_ACTIONS: [&str; 11] = [
    "ecr:getauthorizationtoken",
    "ecr:batchchecklayeravailability",
    "ecr:getdownloadurlforlayer",
    "ecr:batchgetimage",
    "logs:createlogstream",
    "logs:createloggroup",
    "logs:putlogevents",
    "secretsmanager:getsecretvalue",
    "kms:decrypt",
    "ssm:getparameters",
    "ssm:getparameter",
];

/// Actions of one policy document beyond ECS execution.
fn beyond_execution(label: &str, document: Option<&str>) -> Result<Vec<String>, String> {
    let document = document.ok_or_else(|| format!("the document of {label} could not be read"))?;
    let statements =
        policy::statements(document).map_err(|e| format!("{label} is malformed: {e}"))?;
    let mut extras = Vec::new();
    for s in statements.iter().filter(|s| s.allow) {
        if s.not_actions.is_some() {
            extras.push(format!("{label}: NotAction"));
        }
        for a in &s.actions {
            if !EXECUTION_ACTIONS.contains(&a.to_ascii_lowercase().as_str()) {
                extras.push(format!("{label}: {a}"));
            }
        }
    }
    Ok(extras)
}

/// What the execution role may do beyond ECS execution, or why that is unknown.
fn execution_extras(iam: &Iam, role_arn: &str) -> Result<Vec<String>, String> {
    let role = iam
        .roles
        .iter()
        .find(|r| r.arn == role_arn)
        .ok_or_else(|| format!("role {role_arn} is not in this account"))?;
    let mut extras = Vec::new();
    for p in &role.inline_policies {
        extras.extend(beyond_execution(
            &format!("inline {}", p.name),
            p.document.as_deref(),
        )?);
    }
    for arn in &role.attached_policies {
        if arn.ends_with(EXECUTION_POLICY.trim_start_matches("arn:aws")) {
            continue;
        }
        match iam.policies.iter().find(|p| &p.arn == arn) {
            Some(p) => extras.extend(beyond_execution(&p.name, p.document.as_deref())?),
            None => extras.push(format!("managed policy {arn}")),
        }
    }
    Ok(extras)
}

#[cfg(test)]
mod task_role_tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn execution_and_task_roles() {
        let role = |name: &str, attached: &[&str], inline: serde_json::Value| {
            json!({"arn": format!("arn:aws:iam::123456789012:role/{name}"), "name": name, "path": "/",
                   "trust_policy": r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
                   "max_session_duration": 3600, "inline_policies": inline, "attached_policies": attached})
        };
        let managed = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
        let td = |family: &str, exec: Option<&str>, task: Option<&str>| {
            json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:3"), "family": family,
                   "revision": 3, "execution_role": exec.map(|r| format!("arn:aws:iam::123456789012:role/{r}")),
                   "task_role": task.map(|r| format!("arn:aws:iam::123456789012:role/{r}")), "containers": []})
        };
        let inv = inventory(
            json!({"iam": {"users": [], "groups": [], "policies": [], "roles": [
                role("exec", &[managed], json!([])),
                role("exec-secrets", &[managed], json!([{"name": "secrets", "document":
                    r#"{"Statement":{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":"*"}}"#}])),
                role("exec-fat", &[managed, "arn:aws:iam::aws:policy/AmazonS3FullAccess"], json!([])),
                role("app", &[], json!([]))
            ]}}),
            json!({"task_definitions": [
                td("separated", Some("exec"), Some("app")),
                td("with-secrets", Some("exec-secrets"), Some("app")),
                td("shared", Some("app"), Some("app")),
                td("fat", Some("exec-fat"), Some("app")),
                td("foreign", Some("elsewhere"), Some("app")),
            ]}),
        );
        assert_eq!(
            verdicts(&check("iam-task-roles-separated", &inv)),
            v(&[
                ("separated:3", Pass),
                ("with-secrets:3", Pass),
                ("shared:3", Fail),
                ("fat:3", Fail),
                ("foreign:3", Unknown)
            ])
        );
    }
}
