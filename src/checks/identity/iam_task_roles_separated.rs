//! `iam-task-roles-separated`: ECS task definitions use separate execution and task roles.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<TaskDefinitions>(inv, |out, at, td| {
        let account = at.account;
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
        let Some(iam) = &account.iam else {
            return finding.unknown("IAM could not be read (see gaps).");
        };
        match execution_extras(iam, execution_role) {
            Err(why) => finding.unknown(format!("The execution role of {label} could not be judged: {why}.")),
            Ok(extras) => finding
                .evidence("beyond_execution", if extras.is_empty() { "none".into() } else { extras.join("; ") })
                .verdict(
                    extras.is_empty(),
                    format!("{label} separates its roles; the execution role only pulls images, writes logs and reads its secrets."),
                    format!("The execution role of {label} carries more than ECS execution: {}.", extras.join("; ")),
                ),
        }
    });
}
