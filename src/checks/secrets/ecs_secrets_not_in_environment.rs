//! `ecs-secrets-not-in-environment`: ECS containers receive secrets through `secrets`, not plain environment variables.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let exposed: Vec<String> = td
            .containers
            .iter()
            .flat_map(|c| {
                c.environment
                    .iter()
                    .filter(|name| {
                        SECRET_NAMES
                            .iter()
                            .any(|s| name.to_ascii_uppercase().contains(s))
                    })
                    .map(move |name| format!("{}: {name}", c.name))
            })
            .collect();
        let label = td.label();
        out.on(at, &td.arn, &label)
            .evidence(
                "secret_named_environment_variables",
                if exposed.is_empty() {
                    "none".into()
                } else {
                    exposed.join(", ")
                },
            )
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
