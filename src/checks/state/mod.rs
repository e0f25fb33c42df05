//! Terraform state checks (s3, dynamodb).
//!
//! A state bucket is one named with `--state-bucket`, one whose name contains
//! `tfstate` or `terraform-state`, or one that holds a `*.tfstate` key.

pub(super) mod state_bucket_access_logging;
pub(super) mod state_bucket_cmk_encrypted;
pub(super) mod state_bucket_encryption;
pub(super) mod state_bucket_mfa_delete;
pub(super) mod state_bucket_public_access_block;
pub(super) mod state_bucket_tls_only;
pub(super) mod state_bucket_versioning;
pub(super) mod state_lock_table;
pub(super) mod state_remote_backend;

use super::walk::*;
use super::{GLOBAL, Out};
use crate::checks::settings::Settings;
use crate::inventory::{Bucket, Inventory, KeyManager, PublicAccessBlock};

fn named_like_state(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("tfstate") || name.contains("terraform-state")
}

pub fn is_state_bucket(bucket: &Bucket, settings: &Settings) -> bool {
    settings.state_buckets.iter().any(|b| b == &bucket.name)
        || named_like_state(&bucket.name)
        || bucket.tfstate_keys.as_ref().is_some_and(|k| !k.is_empty())
}

fn region_of(b: &Bucket) -> &str {
    b.region.as_deref().unwrap_or(GLOBAL)
}

fn flags(p: &PublicAccessBlock) -> String {
    format!(
        "BlockPublicAcls={} IgnorePublicAcls={} BlockPublicPolicy={} RestrictPublicBuckets={}",
        p.block_public_acls, p.ignore_public_acls, p.block_public_policy, p.restrict_public_buckets
    )
}

/// A Deny for `aws:SecureTransport = false` (Bool or BoolIfExists), for everyone.
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
                    m.iter().any(|(k, v)| {
                        k.eq_ignore_ascii_case("aws:SecureTransport")
                            && match v {
                                serde_json::Value::String(s) => s.eq_ignore_ascii_case("false"),
                                serde_json::Value::Bool(b) => !b,
                                serde_json::Value::Array(a) => {
                                    a.iter().any(|x| x.as_str() == Some("false") || x == false)
                                }
                                _ => false,
                            }
                    })
                })
        });
        let covers_s3 = s.actions.iter().any(|a| a == "*" || a == "s3:*");
        everyone && insecure && covers_s3
    })
}

#[cfg(test)]
mod tests {
    use super::denies_insecure_transport;

    #[test]
    fn secure_transport_policies() {
        let good = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        assert!(denies_insecure_transport(good));
        let allow = good.replace("Deny", "Allow");
        assert!(!denies_insecure_transport(&allow));
        let narrow = good.replace("\"s3:*\"", "\"s3:GetObject\"");
        assert!(!denies_insecure_transport(&narrow));
        let bool_value = good
            .replace("\"false\"", "false")
            .replace("\"Principal\":\"*\"", "\"Principal\":{\"AWS\":\"*\"}");
        assert!(denies_insecure_transport(&bool_value));
        assert!(!denies_insecure_transport("not json"));
    }
}

#[cfg(test)]
mod check_tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, check_with, inventory, v, verdicts};
    use crate::checks::settings::Settings;
    use crate::finding::Status::{Fail, Pass, Unknown};

    fn bucket(name: &str, extra: Value) -> Value {
        let mut b = json!({"name": name, "region": "us-east-1",
            "versioning": {"status": null, "mfa_delete": null},
            "encryption": [{"algorithm": "AES256", "kms_key": null}],
            "public_access_block": {"block_public_acls": false, "ignore_public_acls": false,
                                    "block_public_policy": false, "restrict_public_buckets": false},
            "policy": {"document": null}, "logging": {"target_bucket": null}, "tfstate_keys": []});
        for (k, val) in extra.as_object().unwrap() {
            b[k] = val.clone();
        }
        b
    }

    fn all_blocked() -> Value {
        json!({"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true})
    }

    #[test]
    fn state_buckets_by_name_key_or_flag() {
        let inv = inventory(
            json!({"s3": {"buckets": [
                bucket("acme-tfstate", json!({})),
                bucket("infra", json!({"tfstate_keys": ["env/prod/terraform.tfstate"]})),
                bucket("assets", json!({})),
                bucket("named-by-flag", json!({})),
            ]}}),
            json!({}),
        );
        // A bucket without state keys and without a state name is not judged.
        assert_eq!(
            verdicts(&check("state-bucket-versioning", &inv)),
            v(&[("acme-tfstate", Fail), ("infra", Fail)])
        );
        let settings = Settings {
            state_buckets: vec!["named-by-flag".into()],
            ..Settings::default()
        };
        assert_eq!(
            verdicts(&check_with("state-bucket-versioning", &inv, &settings)),
            v(&[
                ("acme-tfstate", Fail),
                ("infra", Fail),
                ("named-by-flag", Fail)
            ])
        );
        assert_eq!(
            verdicts(&check("state-remote-backend", &inv)),
            v(&[("Terraform backend", Pass)])
        );
    }

    #[test]
    fn bootstrapped_but_empty_backend_fails() {
        let inv = inventory(
            json!({"s3": {"buckets": [bucket("acme-terraform-state", json!({}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-remote-backend", &inv)),
            v(&[("Terraform backend", Fail)])
        );
        let none = inventory(
            json!({"s3": {"buckets": [bucket("assets", json!({}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-remote-backend", &none)),
            v(&[("Terraform backend", Fail)])
        );
        let unlisted = inventory(
            json!({"s3": {"buckets": [bucket("assets", json!({"tfstate_keys": null}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-remote-backend", &unlisted)),
            v(&[("Terraform backend", Unknown)])
        );
    }

    #[test]
    fn public_access_block_at_account_level_counts() {
        let inv = inventory(
            json!({"s3_account_public_access_block": all_blocked(), "s3": {"buckets": [bucket("a-tfstate", json!({}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-bucket-public-access-block", &inv)),
            v(&[("a-tfstate", Pass)])
        );
        let partial = inventory(
            json!({"s3": {"buckets": [bucket("a-tfstate", json!({"public_access_block":
                {"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": false}}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-bucket-public-access-block", &partial)),
            v(&[("a-tfstate", Fail)])
        );
        let bucket_only = inventory(
            json!({"s3_account_public_access_block": null,
                   "s3": {"buckets": [bucket("a-tfstate", json!({"public_access_block": all_blocked()}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-bucket-public-access-block", &bucket_only)),
            v(&[("a-tfstate", Pass)])
        );
    }

    #[test]
    fn encryption_keys_mfa_delete_logging_and_tls() {
        let cmk = json!({"reference": "arn:aws:kms:us-east-1:1:key/k", "arn": "arn:aws:kms:us-east-1:1:key/k", "manager": "customer"});
        let tls_policy = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
        let inv = inventory(
            json!({"s3": {"buckets": [
                bucket("plain-tfstate", json!({"encryption": []})),
                bucket("sse-s3-tfstate", json!({})),
                bucket("aws-kms-tfstate", json!({"encryption": [{"algorithm": "aws:kms", "kms_key": null}]})),
                bucket("cmk-tfstate", json!({"encryption": [{"algorithm": "aws:kms", "kms_key": cmk}],
                    "versioning": {"status": "Enabled", "mfa_delete": "Enabled"},
                    "logging": {"target_bucket": "audit-logs"}, "policy": {"document": tls_policy}})),
                bucket("self-log-tfstate", json!({"logging": {"target_bucket": "self-log-tfstate"}, "encryption": null})),
            ]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-bucket-encryption", &inv)),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Pass),
                ("aws-kms-tfstate", Pass),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Unknown)
            ])
        );
        assert_eq!(
            verdicts(&check("state-bucket-cmk-encrypted", &inv)),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Fail),
                ("aws-kms-tfstate", Fail),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Unknown)
            ])
        );
        assert_eq!(
            verdicts(&check("state-bucket-mfa-delete", &inv)),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Fail),
                ("aws-kms-tfstate", Fail),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Fail)
            ])
        );
        assert_eq!(
            verdicts(&check("state-bucket-access-logging", &inv)),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Fail),
                ("aws-kms-tfstate", Fail),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Fail)
            ])
        );
        assert_eq!(
            verdicts(&check("state-bucket-tls-only", &inv)),
            v(&[
                ("plain-tfstate", Fail),
                ("sse-s3-tfstate", Fail),
                ("aws-kms-tfstate", Fail),
                ("cmk-tfstate", Pass),
                ("self-log-tfstate", Fail)
            ])
        );
    }

    #[test]
    fn lock_table_needs_lock_id_and_recovery() {
        let table = |name: &str, key: &str, pitr: Option<bool>| {
            json!({"arn": format!("arn:aws:dynamodb:us-east-1:123456789012:table/{name}"), "name": name,
                   "hash_key": key, "point_in_time_recovery": pitr})
        };
        let inv = inventory(
            json!({}),
            json!({"dynamodb_tables": [table("locks", "LockID", Some(false)), table("sessions", "id", None)]}),
        );
        assert_eq!(
            verdicts(&check("state-lock-table", &inv)),
            v(&[("locks", Fail)])
        );
        let none = inventory(
            json!({}),
            json!({"dynamodb_tables": [table("sessions", "id", None)]}),
        );
        assert_eq!(
            verdicts(&check("state-lock-table", &none)),
            v(&[("Terraform lock table", Fail)])
        );
        let good = inventory(
            json!({}),
            json!({"dynamodb_tables": [table("locks", "LockID", Some(true))]}),
        );
        assert_eq!(
            verdicts(&check("state-lock-table", &good)),
            v(&[("locks", Pass)])
        );
    }
}
