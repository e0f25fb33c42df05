//! `state-bucket-tls-only`: The Terraform state bucket policy denies requests without TLS.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, _| {
        let name = &bucket.name;
        match bucket.policy.as_ref().map(|p| &p.document) {
            None => finding.unknown(format!("The policy of {name} could not be read.")),
            Some(None) => finding.evidence("bucket_policy", "none").fail(format!(
                "State bucket {name} has no policy denying plain-HTTP access."
            )),
            Some(Some(policy)) => {
                let denies = denies_insecure_transport(policy);
                finding.evidence("denies_insecure_transport", denies).verdict(
                    denies,
                    format!("State bucket {name} refuses requests without TLS."),
                    format!(
                        "The policy of state bucket {name} does not deny aws:SecureTransport=false."
                    ),
                )
            }
        }
    });
}

/// A Deny of every S3 action for `aws:SecureTransport = false` (Bool or
/// BoolIfExists), for everyone.
fn denies_insecure_transport(policy: &str) -> bool {
    let Ok(statements) = crate::policy::statements(policy) else {
        return false;
    };
    statements.iter().filter(|s| !s.allow).any(|s| {
        let everyone = crate::policy::principals(s)
            .iter()
            .any(|(kind, v)| kind == "AWS" && v == "*");
        let condition = s.condition.as_ref().and_then(|c| c.as_object());
        let insecure = condition.is_some_and(|c| {
            ["Bool", "BoolIfExists"]
                .iter()
                .filter_map(|op| c.get(*op)?.as_object())
                .any(|m| {
                    m.iter()
                        .any(|(k, v)| k.eq_ignore_ascii_case("aws:SecureTransport") && is_false(v))
                })
        });
        // Every S3 action, as AWS matches them: `s3:*`, `S3:*`, `*`.
        let covers_s3 = s
            .actions
            .iter()
            .any(|a| crate::policy::covers_service(a, "s3"));
        everyone && insecure && covers_s3
    })
}

/// `false` as a policy condition may write it: a string, a boolean, or a list holding one.
fn is_false(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.eq_ignore_ascii_case("false"),
        serde_json::Value::Bool(b) => !b,
        serde_json::Value::Array(a) => a.iter().any(|x| x.as_str() == Some("false") || x == false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{
        TLS_ONLY_POLICY, bucket, mixed, named, only_hardened_passes, with_buckets,
    };
    use super::denies_insecure_transport;
    use crate::checks::fixtures::{check, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn secure_transport_policies() {
        let good = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert!(denies_insecure_transport(good));
        let allow = good.replace("Deny", "Allow");
        assert!(!denies_insecure_transport(&allow));
        let narrow = good.replace("\"s3:*\"", "\"s3:GetObject\"");
        assert!(!denies_insecure_transport(&narrow));
        // Action names in any case, globbed as AWS globs them.
        for every in ["S3:*", "s3*", "*", "*:*"] {
            let globbed = good.replace("\"s3:*\"", &format!("\"{every}\""));
            assert!(denies_insecure_transport(&globbed), "{every}");
        }
        for part in ["s3:Get*", "s3:*Object"] {
            let globbed = good.replace("\"s3:*\"", &format!("\"{part}\""));
            assert!(!denies_insecure_transport(&globbed), "{part}");
        }
        let bool_value = good
            .replace("\"false\"", "false")
            .replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":\"*\"}");
        assert!(denies_insecure_transport(&bool_value));
        assert!(!denies_insecure_transport("not json"));
    }

    #[test]
    fn the_policy_must_deny_plain_http() {
        assert_eq!(
            verdicts(&check("state-bucket-tls-only", &mixed())),
            only_hardened_passes()
        );
    }

    #[test]
    fn unread_or_permissive_policies() {
        let allow_all = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
        let inv = with_buckets(vec![
            bucket("unread-tfstate", json!({"policy": null})),
            bucket("open-tfstate", json!({"policy": {"document": allow_all}})),
            bucket(
                "tls-tfstate",
                json!({"policy": {"document": TLS_ONLY_POLICY}}),
            ),
            bucket("bare-tfstate", json!({})),
        ]);
        let findings = check("state-bucket-tls-only", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("unread-tfstate", Unknown),
                ("open-tfstate", Fail),
                ("tls-tfstate", Pass),
                ("bare-tfstate", Fail)
            ])
        );
        let evidence = |name| &named(&findings, name).evidence;
        assert_eq!(
            evidence("open-tfstate")["denies_insecure_transport"],
            "false"
        );
        assert_eq!(evidence("tls-tfstate")["denies_insecure_transport"], "true");
        assert_eq!(evidence("bare-tfstate")["bucket_policy"], "none");
    }
}
