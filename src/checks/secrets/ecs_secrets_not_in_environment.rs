//! `ecs-secrets-not-in-environment`: ECS containers receive secrets through `secrets`, not plain environment variables.

use super::*;

/// Environment variable names that say they hold a secret.
/// A variable whose name contains one of these, in any case, holds a secret.
const SECRET_NAMES: [&str; 4] = ["PASSWORD", "SECRET", "API_KEY", "TOKEN"];

/// Credentials Security Hub's ECS.8 also looks for by their exact names: an
/// access key id (its secret key is caught by `SECRET`) and the registry
/// credentials of the ECS agent.
const CREDENTIAL_NAMES: [&str; 2] = ["AWS_ACCESS_KEY_ID", "ECS_ENGINE_AUTH_DATA"];

fn secret_named(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    SECRET_NAMES.iter().any(|s| name.contains(s)) || CREDENTIAL_NAMES.contains(&name.as_str())
}

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let exposed: Vec<String> = td
            .containers
            .iter()
            .flat_map(|c| {
                c.environment
                    .iter()
                    .filter(|name| secret_named(name))
                    .map(move |name| format!("{}: {name}", c.name))
            })
            .collect();
        let label = td.label();
        out.on(at, &td.arn, &label)
            .evidence_names("secret_named_environment_variables", &exposed)
            .verdict(
                exposed.is_empty(),
                format!(
                    "{label} passes secrets through `secrets`, not plain environment variables."
                ),
                format!(
                    "{label} puts secrets in plain environment variables: {}.",
                    exposed.join(", ")
                ),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::fixture::named;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn container(env: &[&str], secrets: &[&str]) -> Value {
        json!({"name": "app", "image": "app:1", "user": "1000", "essential": true, "health_check": true,
               "environment": env, "secrets": secrets})
    }

    fn td(family: &str, container: Value) -> Value {
        json!({"arn": family, "family": family, "revision": 1, "execution_role": null, "task_role": null,
               "containers": [container]})
    }

    #[test]
    fn secret_named_environment_variables() {
        let inv = inventory(
            json!({}),
            json!({"task_definitions": [
                td("leaky", container(&["NODE_ENV", "DB_Password", "STRIPE_API_KEY"], &[])),
                td("clean", container(&["NODE_ENV", "LOG_LEVEL"], &["DB_PASSWORD", "GITHUB_TOKEN"])),
            ]}),
        );
        let findings = check("ecs-secrets-not-in-environment", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("leaky:1", Fail), ("clean:1", Pass)])
        );
        let exposed =
            |name: &str| &named(&findings, name).evidence["secret_named_environment_variables"];
        assert_eq!(exposed("leaky:1"), "app: DB_Password, app: STRIPE_API_KEY");
        assert_eq!(exposed("clean:1"), "none");
    }

    /// ECS.8's own list: an access key id and the agent's registry credentials.
    #[test]
    fn credentials_named_as_security_hub_names_them() {
        let inv = inventory(
            json!({}),
            json!({"task_definitions": [
                td("keys", container(&["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], &[])),
                td("agent", container(&["ECS_ENGINE_AUTH_DATA"], &[])),
                td("lookalike", container(&["AWS_ACCESS_KEY_ID_ROTATION_DAYS", "AWS_REGION"], &[])),
            ]}),
        );
        let findings = check("ecs-secrets-not-in-environment", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("keys:1", Fail), ("agent:1", Fail), ("lookalike:1", Pass)])
        );
        assert_eq!(
            named(&findings, "keys:1").evidence["secret_named_environment_variables"],
            "app: AWS_ACCESS_KEY_ID, app: AWS_SECRET_ACCESS_KEY"
        );
    }

    #[test]
    fn unlisted_task_definitions_are_unknown() {
        // The fixture's region lists no task definitions.
        assert_eq!(
            verdicts(&check(
                "ecs-secrets-not-in-environment",
                &inventory(json!({}), json!({}))
            )),
            v(&[("task definitions", Unknown)])
        );
    }
}
