//! `iam-role-session-duration`: Roles that people can assume allow sessions of one hour at most.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let max = out.settings.role_max_session_seconds;
    for account in &inv.accounts {
        let Some(iam) = &account.iam else {
            out.on(Global { account }, &account.root_arn(), "IAM roles")
                .unknown("IAM roles could not be listed (see gaps).");
            continue;
        };
        for role in iam
            .roles
            .iter()
            .filter(|r| !r.path.starts_with("/aws-service-role/"))
        {
            let Some(trust) = &role.trust_policy else {
                out.on(Global { account }, &role.arn, &role.name)
                    .unknown(format!(
                        "The trust policy of {} could not be read.",
                        role.name
                    ));
                continue;
            };
            let people = match human_principals(trust) {
                Ok(p) => p,
                Err(err) => {
                    out.on(Global { account }, &role.arn, &role.name)
                        .unknown(format!(
                            "The trust policy of {} is malformed: {err}.",
                            role.name
                        ));
                    continue;
                }
            };
            if people.is_empty() {
                continue;
            }
            let finding = out
                .on(Global { account }, &role.arn, &role.name)
                .evidence("trusted_people", people.join(", "));
            match role.max_session_duration {
                None => finding.unknown(format!(
                    "The maximum session duration of {} is not known.",
                    role.name
                )),
                Some(seconds) => finding.evidence("max_session_duration", seconds).verdict(
                    seconds <= max,
                    format!("Sessions of {} last at most {seconds} s.", role.name),
                    format!(
                        "Sessions of {} may last {seconds} s (more than {max} s).",
                        role.name
                    ),
                ),
            }
        }
    }
}
