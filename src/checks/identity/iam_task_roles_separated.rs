//! `iam-task-roles-separated`: ECS task definitions use separate execution and task roles.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let label = td.label();
        let finding = out
            .on(at, &td.arn, &label)
            .evidence(
                "execution_role",
                td.execution_role.as_deref().unwrap_or("none"),
            )
            .evidence("task_role", td.task_role.as_deref().unwrap_or("none"));
        if td.execution_role.is_some() && td.execution_role == td.task_role {
            return finding.fail(format!(
                "{label} gives the application its execution role: the app can pull any image and read every injected secret."
            ));
        }
        let Some(execution_role) = &td.execution_role else {
            return finding.pass(format!("{label} has no execution role to share."));
        };
        let Some(iam) = &at.account.iam else {
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
        // The managed policy in any partition.
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

    fn td(family: &str, exec: Option<&str>, task: Option<&str>) -> Value {
        json!({"arn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:3"), "family": family,
               "revision": 3, "execution_role": exec.map(|r| format!("arn:aws:iam::123456789012:role/{r}")),
               "task_role": task.map(|r| format!("arn:aws:iam::123456789012:role/{r}")), "containers": []})
    }

    const MANAGED: &str = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    #[test]
    fn execution_and_task_roles() {
        let inv = inventory(
            json!({"iam": {"users": [], "groups": [], "policies": [], "roles": [
                role("exec", &[MANAGED], json!([])),
                role("exec-secrets", &[MANAGED], json!([{"name": "secrets", "document":
                    r#"{"Statement":{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":"*"}}"#}])),
                role("exec-fat", &[MANAGED, "arn:aws:iam::aws:policy/AmazonS3FullAccess"], json!([])),
                role("app", &[], json!([]))
            ]}}),
            json!({"task_definitions": [
                td("separated", Some("exec"), Some("app")),
                td("with-secrets", Some("exec-secrets"), Some("app")),
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
            "managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess"
        );
        assert_eq!(
            named(&findings, "no-exec:3").evidence["execution_role"],
            "none"
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
