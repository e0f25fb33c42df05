//! `iam-task-roles-separated`: ECS task definitions use separate execution and task roles.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let label = td.label();
        let iam = at.account.iam.as_ref();
        // ECS takes a role by name or by ARN: compare ARNs.
        let execution = td
            .execution_role
            .as_deref()
            .map(|r| role_arn(at.account, iam, r));
        let task = td.task_role.as_deref().map(|r| role_arn(at.account, iam, r));
        let finding = out
            .on(at, &td.arn, &label)
            .evidence("execution_role", execution.as_deref().unwrap_or("none"))
            .evidence("task_role", task.as_deref().unwrap_or("none"));
        if let (Some(execution), Some(task)) = (&execution, &task)
            && execution.eq_ignore_ascii_case(task)
        {
            return finding.fail(format!(
                "{label} gives the application its execution role: the app can pull any image and read every injected secret."
            ));
        }
        let Some(execution_role) = &execution else {
            return finding.pass(format!("{label} has no execution role to share."));
        };
        let Some(iam) = iam else {
            return finding.unknown("IAM could not be read (see gaps).");
        };
        match execution_extras(iam, execution_role) {
            Err(why) => finding.unknown(format!(
                "The execution role of {label} could not be judged: {why}."
            )),
            Ok(extras) => finding.evidence_list("beyond_execution", &extras).verdict(
                extras.is_empty(),
                format!(
                    "{label} separates its roles; the execution role only pulls images, writes logs and reads its secrets."
                ),
                format!(
                    "The execution role of {label} carries more than ECS execution: {}.",
                    extras.join("; ")
                ),
            ),
        }
    });
}

/// What an ECS task execution role needs: pull images, write logs, read the
/// secrets it injects. AWS's managed policy grants exactly the first two.
const EXECUTION_POLICY: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
const EXECUTION_ACTIONS: [&str; 11] = [
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "logs:CreateLogStream",
    "logs:CreateLogGroup",
    "logs:PutLogEvents",
    "secretsmanager:GetSecretValue",
    "kms:Decrypt",
    "ssm:GetParameters",
    "ssm:GetParameter",
];

/// A role reference as ECS gives it, a name (`app`, `service-role/app`) or
/// an ARN, as the role's ARN: the account's role of that name when IAM lists
/// it (its path included), else the ARN the name stands for. Role names are
/// unique in any case.
fn role_arn(account: &AccountInventory, iam: Option<&Iam>, reference: &str) -> String {
    if reference.starts_with("arn:") {
        return reference.to_string();
    }
    let name = reference.rsplit('/').next().unwrap_or(reference);
    iam.and_then(|iam| iam.roles.iter().find(|r| r.name.eq_ignore_ascii_case(name)))
        .map(|r| r.arn.clone())
        .unwrap_or_else(|| {
            format!(
                "arn:{}:iam::{}:role/{}",
                account.partition,
                account.account_id,
                reference.trim_start_matches('/')
            )
        })
}

/// What the execution role may do beyond ECS execution, or why that is unknown.
fn execution_extras(iam: &Iam, role_arn: &str) -> Result<Vec<String>, String> {
    let role = iam
        .roles
        .iter()
        .find(|r| r.arn.eq_ignore_ascii_case(role_arn))
        .ok_or_else(|| format!("role {role_arn} is not in this account"))?;
    let mut extras = Vec::new();
    for p in &role.inline_policies {
        extras.extend(beyond_execution(
            &format!("inline {}", p.name),
            p.document.as_deref(),
        )?);
    }
    for arn in &role.attached_policies {
        // The managed policy in any partition.
        if arn.ends_with(EXECUTION_POLICY.trim_start_matches("arn:aws")) {
            continue;
        }
        let aws = iam.aws_managed_policies.as_deref();
        match iam
            .policies
            .iter()
            .chain(aws.unwrap_or_default())
            .find(|p| &p.arn == arn)
        {
            Some(p) => extras.extend(beyond_execution(
                &display_name(&p.name, &p.arn),
                p.document.as_deref(),
            )?),
            None if aws.is_none() && aws_managed_arn(arn) => {
                return Err(format!(
                    "AWS-managed policy {arn} was not read (the inventory predates posture reading them)"
                ));
            }
            None => return Err(format!("managed policy {arn} was not read")),
        }
    }
    Ok(extras)
}

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
            // A wildcard may match more than the execution actions.
            let execution = !policy::is_pattern(a)
                && EXECUTION_ACTIONS
                    .iter()
                    .any(|e| policy::action_matches(a, e));
            if !execution {
                extras.push(format!("{label}: {a}"));
            }
        }
    }
    Ok(extras)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::named;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn role(name: &str, attached: &[&str], inline: Value) -> Value {
        json!({"arn": format!("arn:aws:iam::123456789012:role/{name}"), "name": name, "path": "/",
               "trust_policy": r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
               "max_session_duration": 3600, "inline_policies": inline, "attached_policies": attached})
    }

    /// A task definition whose roles are given as ARNs, or as written when
    /// they start with `name:` (ECS takes a role's name too).
    fn td(family: &str, exec: Option<&str>, task: Option<&str>) -> Value {
        let reference = |r: &str| match r.strip_prefix("name:") {
            Some(name) => name.to_string(),
            None => format!("arn:aws:iam::123456789012:role/{r}"),
        };
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:3"), "family": family,
               "revision": 3, "execution_role": exec.map(reference), "task_role": task.map(reference),
               "containers": []})
    }

    const MANAGED: &str = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    const S3_FULL: &str = "arn:aws:iam::aws:policy/AmazonS3FullAccess";

    fn roles(aws_managed: Value) -> Value {
        json!({"iam": {"users": [], "groups": [], "policies": [], "roles": [
            role("exec", &[MANAGED], json!([])),
            role("exec-secrets", &[MANAGED], json!([{"name": "secrets", "document":
                r#"{"Statement":{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":"*"}}"#}])),
            role("exec-lowercase", &[MANAGED], json!([{"name": "secrets", "document":
                r#"{"Statement":{"Effect":"Allow","Action":["SECRETSMANAGER:getsecretvalue"],"Resource":"*"}}"#}])),
            role("exec-globbed", &[MANAGED], json!([{"name": "pull", "document":
                r#"{"Statement":{"Effect":"Allow","Action":["ecr:Get*"],"Resource":"*"}}"#}])),
            role("exec-fat", &[MANAGED, S3_FULL], json!([])),
            role("app", &[], json!([]))
        ], "aws_managed_policies": aws_managed}})
    }

    #[test]
    fn execution_and_task_roles() {
        let s3_full = json!([{"arn": S3_FULL, "name": "AmazonS3FullAccess", "attachment_count": 1,
            "document": r#"{"Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#}]);
        let inv = inventory(
            roles(s3_full),
            json!({"task_definitions": [
                td("separated", Some("exec"), Some("app")),
                td("with-secrets", Some("exec-secrets"), Some("app")),
                td("lowercase", Some("exec-lowercase"), Some("app")),
                td("globbed", Some("exec-globbed"), Some("app")),
                td("shared", Some("app"), Some("app")),
                td("fat", Some("exec-fat"), Some("app")),
                td("foreign", Some("elsewhere"), Some("app")),
                td("no-exec", None, Some("app")),
            ]}),
        );
        let findings = check("iam-task-roles-separated", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("separated:3", Pass),
                ("with-secrets:3", Pass),
                ("lowercase:3", Pass),
                // ecr:Get* matches more than the pulls ECS makes.
                ("globbed:3", Fail),
                ("shared:3", Fail),
                ("fat:3", Fail),
                ("foreign:3", Unknown),
                ("no-exec:3", Pass),
            ])
        );
        let beyond = |name: &str| &named(&findings, name).evidence["beyond_execution"];
        assert_eq!(beyond("separated:3"), "none");
        assert_eq!(
            beyond("fat:3"),
            "AmazonS3FullAccess: s3:*; AmazonS3FullAccess: s3-object-lambda:*"
        );
        assert_eq!(beyond("globbed:3"), "inline pull: ecr:Get*");
        assert_eq!(
            named(&findings, "no-exec:3").evidence["execution_role"],
            "none"
        );
    }

    #[test]
    fn roles_by_name_or_arn_are_the_same_role() {
        let inv = inventory(
            roles(json!([])),
            json!({"task_definitions": [
                // One role, named once by its name and once by its ARN.
                td("shared-by-name", Some("app"), Some("name:app")),
                td("shared-by-case", Some("name:APP"), Some("app")),
                td("separated-by-name", Some("name:exec"), Some("name:app")),
                td("unknown-name", Some("name:elsewhere"), Some("name:app")),
            ]}),
        );
        let findings = check("iam-task-roles-separated", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("shared-by-name:3", Fail),
                ("shared-by-case:3", Fail),
                ("separated-by-name:3", Pass),
                ("unknown-name:3", Unknown),
            ])
        );
        let by_name = named(&findings, "separated-by-name:3");
        assert_eq!(
            by_name.evidence["execution_role"],
            "arn:aws:iam::123456789012:role/exec"
        );
        assert_eq!(
            named(&findings, "unknown-name:3").evidence["execution_role"],
            "arn:aws:iam::123456789012:role/elsewhere"
        );
    }

    #[test]
    fn aws_managed_policies_not_read_are_unknown() {
        let inv = inventory(
            roles(Value::Null),
            json!({"task_definitions": [td("fat", Some("exec-fat"), Some("app")),
                td("separated", Some("exec"), Some("app"))]}),
        );
        let findings = check("iam-task-roles-separated", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("fat:3", Unknown), ("separated:3", Pass)])
        );
        assert!(
            named(&findings, "fat:3")
                .message
                .contains("AmazonS3FullAccess")
        );
    }

    #[test]
    fn unread_iam_or_task_definitions_are_unknown() {
        let unread_iam = inventory(
            json!({"iam": null}),
            json!({"task_definitions": [td("t", Some("exec"), Some("app"))]}),
        );
        let findings = check("iam-task-roles-separated", &unread_iam);
        assert_eq!(verdicts(&findings), v(&[("t:3", Unknown)]));
        assert_eq!(findings[0].message, "IAM could not be read (see gaps).");
        // The fixture's region lists no task definitions.
        assert_eq!(
            verdicts(&check(
                "iam-task-roles-separated",
                &inventory(json!({}), json!({}))
            )),
            v(&[("task definitions", Unknown)])
        );
    }
}
