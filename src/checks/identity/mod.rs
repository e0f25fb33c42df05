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

use super::walk::*;
use super::{Out, Pending};
use crate::inventory::{AccountSummary, Iam, InlinePolicy, Inventory};
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

/// Run `judge` over the statements of every policy document (only attached
/// ones with `attached_only`); `judge` returns what is wrong with one
/// statement (empty when nothing). `phrases` end the fail and pass messages:
/// what an offending policy does, what a clean one does not.
fn policy_check(
    out: &mut Out,
    inv: &Inventory,
    attached_only: bool,
    phrases: (&str, &str),
    judge: impl Fn(&Statement) -> Vec<String>,
) {
    // Not a walker kind: the documents are gathered from users, roles, groups
    // and policies alike, and their unknown names the call that failed.
    for account in &inv.accounts {
        let at = Global { account };
        let Some(iam) = &account.iam else {
            out.on(at, &account.root_arn(), "IAM policies")
                .unknown("IAM authorization details could not be read (see gaps).");
            continue;
        };
        for doc in documents(iam) {
            if doc.attached || !attached_only {
                let finding = out.on(at, &doc.resource, &doc.name);
                judge_document(finding, &doc, phrases, &judge);
            }
        }
    }
}

/// One document's finding: unknown when it is missing or malformed.
fn judge_document(
    finding: Pending,
    doc: &Judged,
    (does, does_not): (&str, &str),
    judge: impl Fn(&Statement) -> Vec<String>,
) {
    let Some(text) = doc.document else {
        return finding.unknown(format!(
            "The document of policy {} could not be read.",
            doc.name
        ));
    };
    let statements = match policy::statements(text) {
        Ok(statements) => statements,
        Err(err) => {
            return finding.unknown(format!(
                "The document of policy {} is malformed: {err}.",
                doc.name
            ));
        }
    };
    let problems: Vec<String> = statements
        .iter()
        .filter(|s| s.allow)
        .flat_map(|s| {
            let sid = s
                .sid
                .as_ref()
                .map(|sid| format!("{sid}: "))
                .unwrap_or_default();
            judge(s).into_iter().map(move |p| format!("{sid}{p}"))
        })
        .collect();
    finding
        .evidence("statements", statements.len())
        .evidence_list("offending", &problems)
        .verdict(
            problems.is_empty(),
            format!("Policy {} {does_not}.", doc.name),
            format!("Policy {} {does}: {}.", doc.name, problems.join("; ")),
        );
}

/// One finding on the root user of each account from its account summary;
/// `read` gives the verdict and its evidence, `None` when the fact is missing.
fn summary_check(
    out: &mut Out,
    inv: &Inventory,
    read: impl Fn(&AccountSummary) -> Option<(bool, String)>,
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

#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{inventory, verdicts};
    use crate::finding::{Finding, Status};
    use crate::inventory::Inventory;

    pub fn policy(name: &str, document: &str, attachments: i32) -> Value {
        json!({"arn": format!("arn:aws:iam::123456789012:policy/{name}"), "name": name,
               "attachment_count": attachments, "document": document})
    }

    pub fn iam(policies: Value, users: Value, roles: Value) -> Inventory {
        inventory(
            json!({"iam": {"users": users, "roles": roles, "groups": [], "policies": policies}}),
            json!({}),
        )
    }

    /// The finding on the resource named `name`; there must be one.
    pub fn named<'f>(findings: &'f [Finding], name: &str) -> &'f Finding {
        findings
            .iter()
            .find(|f| f.resource_name == name)
            .unwrap_or_else(|| panic!("no finding on {name}"))
    }

    /// The failing verdicts among `findings`.
    pub fn failing(findings: &[Finding]) -> Vec<(String, Status)> {
        verdicts(findings)
            .into_iter()
            .filter(|(_, s)| *s == Status::Fail)
            .collect()
    }

    /// An account whose IAM could not be read.
    pub fn unread() -> Inventory {
        inventory(json!({"iam": null}), json!({}))
    }

    /// Managed policies of every shape the policy checks judge, and a user
    /// with an inline admin policy.
    pub fn policies() -> Inventory {
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

    pub fn user(name: &str, console: Option<bool>, mfa: usize, keys: Value) -> Value {
        json!({"arn": format!("arn:aws:iam::123456789012:user/{name}"), "name": name, "created": null,
               "inline_policies": [], "attached_policies": [], "groups": [], "console_password": console,
               "mfa_devices": vec!["arn:mfa"; mfa], "access_keys": keys})
    }

    pub fn key(id: &str, active: bool, created: Option<&str>) -> Value {
        json!({"id": id, "active": active, "created": created})
    }

    /// Users with and without console passwords, MFA devices and keys, one of
    /// them unread; the fixture's "now" is 2026-11-23.
    pub fn users() -> Inventory {
        let created = Some("2025-01-01T00:00:00Z");
        iam(
            json!([]),
            json!([
                user("console-no-mfa", Some(true), 0, json!([])),
                user(
                    "console-mfa",
                    Some(true),
                    1,
                    json!([key("AKIAOLDINACTIVE", false, created)])
                ),
                user(
                    "api-old",
                    Some(false),
                    0,
                    json!([key("AKIAOLD", true, Some("2026-05-01T00:00:00Z"))])
                ),
                user(
                    "api-new",
                    Some(false),
                    0,
                    json!([key("AKIANEW", true, Some("2026-11-01T00:00:00Z"))])
                ),
                user("unread", None, 0, Value::Null),
            ]),
            json!([]),
        )
    }
}
