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
pub(super) mod iam_unused_credentials;
pub(super) mod iam_user_mfa;

use std::collections::BTreeMap;

use super::walk::*;
use super::{Out, Pending};
use crate::inventory::{AccountInventory, AccountSummary, Iam, Inventory, RootAccess};
use crate::policy::{self, Statement};

/// A name as the inventory has it or, when it is empty (a snapshot of an
/// emulator that left names out), the last part of the ARN.
fn display_name(name: &str, arn: &str) -> String {
    if !name.is_empty() {
        return name.to_string();
    }
    arn.rsplit(['/', ':'])
        .next()
        .filter(|last| !last.is_empty())
        .unwrap_or(arn)
        .to_string()
}

/// A policy document a check judges, with where it is attached.
struct Judged<'i> {
    resource: String,
    name: String,
    document: Option<&'i str>,
    attached: bool,
    /// Managed policies: the users, groups and roles they are attached to.
    attached_to: Option<Vec<String>>,
    aws_managed: bool,
    default_version: Option<&'i str>,
    /// Why the document is missing, when it is not a failed read.
    unread: Option<String>,
}

/// Each managed policy's ARN and the principals it is attached to
/// (`user/alice`, `group/admins`, `role/app`), in a stable order.
fn attachments(iam: &Iam) -> BTreeMap<&str, Vec<String>> {
    let mut map: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let principals = iam
        .users
        .iter()
        .map(|u| {
            (
                format!("user/{}", display_name(&u.name, &u.arn)),
                &u.attached_policies,
            )
        })
        .chain(iam.groups.iter().map(|g| {
            (
                format!("group/{}", display_name(&g.name, &g.arn)),
                &g.attached_policies,
            )
        }))
        .chain(iam.roles.iter().map(|r| {
            (
                format!("role/{}", display_name(&r.name, &r.arn)),
                &r.attached_policies,
            )
        }));
    for (principal, policies) in principals {
        for arn in policies {
            map.entry(arn.as_str()).or_default().push(principal.clone());
        }
    }
    map
}

/// `arn:<partition>:iam::aws:policy/…`: a policy AWS manages.
fn aws_managed_arn(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws")
}

/// Customer-managed policies, the AWS-managed policies attached to a user,
/// group or role (judged by their default version), and every inline policy
/// of users, roles and groups. Inline policies have no ARN of their own: they
/// are named `<owner ARN>/inline-policy/<name>`.
fn documents(iam: &Iam) -> Vec<Judged<'_>> {
    let attached = attachments(iam);
    let customer = iam.policies.iter().map(|p| Judged {
        resource: p.arn.clone(),
        name: display_name(&p.name, &p.arn),
        document: p.document.as_deref(),
        attached: p.attachment_count > 0 || attached.contains_key(p.arn.as_str()),
        attached_to: Some(attached.get(p.arn.as_str()).cloned().unwrap_or_default()),
        aws_managed: false,
        default_version: p.default_version.as_deref(),
        unread: None,
    });
    let aws = attached
        .iter()
        .filter(|(arn, _)| aws_managed_arn(arn))
        .map(|(arn, principals)| {
            let read = iam
                .aws_managed_policies
                .as_ref()
                .map(|list| list.iter().find(|p| p.arn == *arn));
            let name = match read {
                Some(Some(p)) => display_name(&p.name, arn),
                _ => display_name("", arn),
            };
            Judged {
                resource: arn.to_string(),
                document: read.flatten().and_then(|p| p.document.as_deref()),
                default_version: read.flatten().and_then(|p| p.default_version.as_deref()),
                attached: true,
                attached_to: Some(principals.clone()),
                aws_managed: true,
                unread: match read {
                    None => Some(format!(
                        "AWS-managed policy {name} was not read: the inventory predates posture reading AWS-managed policies."
                    )),
                    Some(None) => Some(format!("AWS-managed policy {name} was not read (see gaps).")),
                    Some(Some(_)) => None,
                },
                name,
            }
        });
    let owners = iam
        .users
        .iter()
        .map(|u| {
            (
                &u.arn,
                format!("user/{}", display_name(&u.name, &u.arn)),
                &u.inline_policies,
            )
        })
        .chain(iam.roles.iter().map(|r| {
            (
                &r.arn,
                format!("role/{}", display_name(&r.name, &r.arn)),
                &r.inline_policies,
            )
        }))
        .chain(iam.groups.iter().map(|g| {
            (
                &g.arn,
                format!("group/{}", display_name(&g.name, &g.arn)),
                &g.inline_policies,
            )
        }));
    let inline = owners.flat_map(|(arn, owner, policies)| {
        policies.iter().enumerate().map(move |(i, p)| {
            let name = if p.name.is_empty() {
                format!("inline-policy-{}", i + 1)
            } else {
                p.name.clone()
            };
            Judged {
                resource: format!("{arn}/inline-policy/{name}"),
                name: format!("{owner}:{name}"),
                document: p.document.as_deref(),
                attached: true,
                attached_to: None,
                aws_managed: false,
                default_version: None,
                unread: None,
            }
        })
    });
    customer.chain(aws).chain(inline).collect()
}

/// How a check judges AWS-managed policies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AwsManaged {
    /// By the check's own rule, like any other policy.
    Same,
    /// Only a grant of every service (or all but a few) on every resource
    /// fails one: AWS maintains the narrower grants of its job-function
    /// policies, and the customer cannot edit them.
    AccountWideOnly,
}

/// Run `judge` over the statements of every policy document (only attached
/// ones with `attached_only`); `judge` returns what is wrong with one Allow
/// statement (empty when nothing). `phrases` end the fail and pass messages:
/// what an offending policy does, what a clean one does not.
fn policy_check(
    out: &mut Out,
    inv: &Inventory,
    attached_only: bool,
    phrases: (&str, &str),
    aws_rule: AwsManaged,
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
                judge_document(finding, &doc, phrases, aws_rule, &judge);
            }
        }
    }
}

/// What `judge` finds in every Allow statement, each prefixed by its Sid.
fn problems(statements: &[Statement], judge: impl Fn(&Statement) -> Vec<String>) -> Vec<String> {
    statements
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
        .collect()
}

/// One document's finding: unknown when it is missing or malformed.
fn judge_document(
    finding: Pending,
    doc: &Judged,
    (does, does_not): (&str, &str),
    aws_rule: AwsManaged,
    judge: impl Fn(&Statement) -> Vec<String>,
) {
    let mut finding = match &doc.attached_to {
        Some(principals) => finding.evidence_names("attached_to", principals),
        None => finding,
    };
    if doc.aws_managed {
        finding = finding.evidence("aws_managed", true);
    }
    if let Some(version) = doc.default_version {
        finding = finding.evidence("default_version", version);
    }
    let kind = if doc.aws_managed {
        "AWS-managed policy"
    } else {
        "Policy"
    };
    let Some(text) = doc.document else {
        return finding.unknown(
            doc.unread.clone().unwrap_or_else(|| {
                format!("The document of policy {} could not be read.", doc.name)
            }),
        );
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
    let finding = finding.evidence("statements", statements.len());
    if doc.aws_managed && aws_rule == AwsManaged::AccountWideOnly {
        let offending = problems(&statements, |s| s.account_wide().into_iter().collect());
        let maintained = if offending.is_empty() {
            problems(&statements, &judge)
        } else {
            Vec::new()
        };
        return finding
            .evidence_list("offending", &offending)
            .evidence_list("maintained_by_aws", &maintained)
            .verdict(
                offending.is_empty(),
                if maintained.is_empty() {
                    format!("{kind} {} {does_not}.", doc.name)
                } else {
                    format!(
                        "{kind} {} does not grant every service; AWS maintains its narrower grants.",
                        doc.name
                    )
                },
                format!(
                    "{kind} {} grants every service (or all but a few) on every resource: {}.",
                    doc.name,
                    offending.join("; ")
                ),
            );
    }
    let problems = problems(&statements, judge);
    finding.evidence_list("offending", &problems).verdict(
        problems.is_empty(),
        format!("{kind} {} {does_not}.", doc.name),
        format!("{kind} {} {does}: {}.", doc.name, problems.join("; ")),
    )
}

/// Whether the account is in the GovCloud (US) partition, whose accounts
/// have no root console sign-in.
fn govcloud(account: &AccountInventory) -> bool {
    account.partition == "aws-us-gov"
}

/// How the organization manages the root user, as evidence.
fn root_access_evidence(root_access: Option<&RootAccess>) -> String {
    match root_access {
        None => "not read (see gaps)".to_string(),
        Some(RootAccess::NoOrganization) => "not in an organization".to_string(),
        Some(RootAccess::NotAvailable { reason }) => {
            format!("the organization cannot centralize root access ({reason})")
        }
        Some(RootAccess::MemberAccount) => {
            "member account: the organization's features are read from its management account"
                .to_string()
        }
        Some(RootAccess::Features {
            organization_id,
            enabled,
        }) => format!(
            "organization {}: {}",
            organization_id.as_deref().unwrap_or("(no id)"),
            if enabled.is_empty() {
                "no centralized root access feature".to_string()
            } else {
                enabled.join(", ")
            }
        ),
    }
}

/// One finding on the root user of each account, `decide`d on its account
/// summary (`None` when it could not be read), with where the root user
/// stands as evidence: GovCloud, the organization's centralized root access,
/// whether it has a password.
fn root_check(
    out: &mut Out,
    inv: &Inventory,
    decide: impl Fn(Pending, &AccountInventory, Option<&AccountSummary>),
) {
    for account in &inv.accounts {
        let mut finding = out.on(Global { account }, &account.root_arn(), "root user");
        if govcloud(account) {
            finding = finding.evidence(
                "partition",
                "aws-us-gov: GovCloud (US) accounts have no root console sign-in",
            );
        }
        if let Some(summary) = &account.iam_summary {
            finding = finding
                .evidence(
                    "root_access",
                    root_access_evidence(summary.root_access.as_ref()),
                )
                .evidence(
                    "root_password",
                    match summary.password_present {
                        Some(true) => "AccountPasswordPresent=1",
                        Some(false) => "AccountPasswordPresent=0",
                        None => "not in the account summary",
                    },
                );
        }
        decide(finding, account, account.iam_summary.as_ref());
    }
}

/// The unknown finding of a root check whose account summary is missing.
const SUMMARY_UNREAD: &str = "The IAM account summary could not be read (see gaps).";

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

    /// An AWS-managed policy as GetPolicy and GetPolicyVersion read it
    /// (`document` `None`: the read failed).
    pub fn aws_policy(path: &str, document: Option<&str>) -> Value {
        let name = path.rsplit('/').next().unwrap();
        json!({"arn": format!("arn:aws:iam::aws:policy/{path}"), "name": name,
               "attachment_count": 1, "document": document, "default_version": "v7"})
    }

    pub const ADMINISTRATOR_ACCESS: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    /// AWS's PowerUserAccess (v5): every service but IAM, Organizations and
    /// Account, and a few of their actions back.
    pub const POWER_USER_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},
        {"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles",
            "organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}"#;
    const S3_FULL_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#;
    const EC2_READ_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"},
        {"Effect":"Allow","Action":["elasticloadbalancing:Describe*","cloudwatch:ListMetrics"],"Resource":"*"}]}"#;

    fn principal(kind: &str, name: &str, attached: &[&str]) -> Value {
        let arns: Vec<String> = attached
            .iter()
            .map(|p| {
                if p.starts_with("arn:") {
                    p.to_string()
                } else {
                    format!("arn:aws:iam::aws:policy/{p}")
                }
            })
            .collect();
        let mut v = json!({"arn": format!("arn:aws:iam::123456789012:{kind}/{name}"), "name": name,
            "inline_policies": [], "attached_policies": arns});
        match kind {
            "user" => {
                v["created"] = Value::Null;
                v["groups"] = json!([]);
                v["console_password"] = json!(false);
                v["mfa_devices"] = json!([]);
                v["access_keys"] = json!([]);
            }
            "role" => {
                v["path"] = json!("/");
                v["trust_policy"] = Value::Null;
                v["max_session_duration"] = json!(3600);
            }
            _ => {}
        }
        v
    }

    /// AWS-managed policies attached to users, a group and roles: admin,
    /// power user, a service's full access, a read-only one, one whose read
    /// failed, one posture did not read; and a customer policy granting every
    /// action but billing. `aws` false: a snapshot taken before posture read
    /// AWS-managed policies.
    pub fn aws_managed(aws: bool) -> Inventory {
        let customer = "arn:aws:iam::123456789012:policy/all-but-billing";
        let read = json!([
            aws_policy("AdministratorAccess", Some(ADMINISTRATOR_ACCESS)),
            aws_policy("PowerUserAccess", Some(POWER_USER_ACCESS)),
            aws_policy("AmazonS3FullAccess", Some(S3_FULL_ACCESS)),
            aws_policy("AmazonEC2ReadOnlyAccess", Some(EC2_READ_ONLY)),
            aws_policy("SecurityAudit", None),
        ]);
        inventory(
            json!({"iam": {
                "users": [principal("user", "ci", &["PowerUserAccess", customer])],
                "groups": [principal("group", "admins", &["AdministratorAccess"])],
                "roles": [
                    principal("role", "app", &["AmazonS3FullAccess", "AmazonEC2ReadOnlyAccess"]),
                    principal("role", "audit", &["SecurityAudit", "job-function/Unlisted"]),
                    principal("role", "break-glass", &["AdministratorAccess"]),
                ],
                "policies": [policy("all-but-billing",
                    r#"{"Statement":{"Sid":"Everything","Effect":"Allow","NotAction":["aws-portal:*","billing:*"],"Resource":"*"}}"#, 1)],
                "aws_managed_policies": if aws { read } else { Value::Null },
            }}),
            json!({}),
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
