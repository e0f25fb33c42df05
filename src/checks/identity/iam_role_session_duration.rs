//! `iam-role-session-duration`: Roles that people can assume allow sessions of one hour at most.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let max = out.settings.role_max_session_seconds;
    out.each::<Roles>(inv, |out, at, role| {
        // Service-linked roles are AWS's to configure.
        if role.path.starts_with("/aws-service-role/") {
            return;
        }
        let Some(trust) = &role.trust_policy else {
            return out.on(at, &role.arn, &role.name).unknown(format!(
                "The trust policy of {} could not be read.",
                role.name
            ));
        };
        let people = match human_principals(trust) {
            Ok(people) => people,
            Err(err) => {
                return out.on(at, &role.arn, &role.name).unknown(format!(
                    "The trust policy of {} is malformed: {err}.",
                    role.name
                ));
            }
        };
        if people.is_empty() {
            return;
        }
        let finding = out
            .on(at, &role.arn, &role.name)
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
    });
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

    use super::super::fixture::{iam, named, unread};
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    const ACCOUNT: &str = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#;

    fn role(name: &str, trust: Option<&str>, seconds: Option<i32>, path: &str) -> Value {
        json!({"arn": format!("arn:aws:iam::123456789012:role/{name}"), "name": name, "path": path,
               "trust_policy": trust, "max_session_duration": seconds, "inline_policies": [], "attached_policies": []})
    }

    #[test]
    fn session_duration_for_roles_people_assume() {
        let saml = r#"{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}}"#;
        let service = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let oidc = r#"{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#;
        let inv = iam(
            json!([]),
            json!([]),
            json!([
                role("admin-long", Some(ACCOUNT), Some(43200), "/"),
                role("admin-hour", Some(ACCOUNT), Some(3600), "/"),
                role("sso", Some(saml), Some(7200), "/"),
                role("task", Some(service), Some(43200), "/"),
                role("ci", Some(oidc), Some(43200), "/"),
                role("linked", Some(ACCOUNT), Some(43200), "/aws-service-role/x/"),
            ]),
        );
        let findings = check("iam-role-session-duration", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("admin-long", Fail), ("admin-hour", Pass), ("sso", Fail)])
        );
        let sso = named(&findings, "sso");
        assert_eq!(
            sso.evidence["trusted_people"],
            "Federated:arn:aws:iam::123456789012:saml-provider/Okta"
        );
        assert_eq!(sso.evidence["max_session_duration"], "7200");
    }

    #[test]
    fn unreadable_trust_or_duration_is_unknown() {
        let inv = iam(
            json!([]),
            json!([]),
            json!([
                role("unread-trust", None, Some(3600), "/"),
                role("malformed-trust", Some("{}"), Some(3600), "/"),
                role("unknown-duration", Some(ACCOUNT), None, "/"),
            ]),
        );
        let findings = check("iam-role-session-duration", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("unread-trust", Unknown),
                ("malformed-trust", Unknown),
                ("unknown-duration", Unknown)
            ])
        );
        assert_eq!(
            named(&findings, "malformed-trust").message,
            "The trust policy of malformed-trust is malformed: no Statement."
        );
    }

    #[test]
    fn unlisted_roles_are_one_unknown_on_the_account() {
        let findings = check("iam-role-session-duration", &unread());
        assert_eq!(verdicts(&findings), v(&[("IAM roles", Unknown)]));
        assert_eq!(findings[0].resource, "arn:aws:iam::123456789012:root");
        assert_eq!(
            findings[0].message,
            "IAM roles could not be listed (see gaps)."
        );
    }
}
