//! Terraform state checks (s3, dynamodb).
//!
//! A state bucket is one named with `--state-bucket`, one whose name contains
//! `tfstate` or `terraform-state`, or one that holds a `*.tfstate` key.

use super::{GLOBAL, Out};
use crate::inventory::{AccountInventory, Bucket, Inventory, KeyManager, PublicAccessBlock};
use crate::settings::Settings;

fn named_like_state(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("tfstate") || name.contains("terraform-state")
}

pub fn is_state_bucket(bucket: &Bucket, settings: &Settings) -> bool {
    settings.state_buckets.iter().any(|b| b == &bucket.name)
        || named_like_state(&bucket.name)
        || bucket.tfstate_keys.as_ref().is_some_and(|k| !k.is_empty())
}

fn each_state_bucket<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut f: impl FnMut(&mut Out, &'i AccountInventory, &'i Bucket),
) {
    for account in &inv.accounts {
        match &account.s3 {
            Some(s3) => {
                let settings = out.settings;
                let state: Vec<&Bucket> = s3
                    .buckets
                    .iter()
                    .filter(|b| is_state_bucket(b, settings))
                    .collect();
                state.into_iter().for_each(|b| f(out, account, b));
            }
            None => out
                .on(
                    account,
                    GLOBAL,
                    &format!("arn:{}:s3:::*", account.partition),
                    "S3 buckets",
                )
                .unknown("S3 buckets could not be listed (see gaps)."),
        }
    }
}

fn region_of(b: &Bucket) -> &str {
    b.region.as_deref().unwrap_or(GLOBAL)
}

pub fn remote_backend(out: &mut Out, inv: &Inventory) {
    let settings = out.settings;
    for account in &inv.accounts {
        let finding = out.on(account, GLOBAL, &account.root_arn(), "Terraform backend");
        let Some(s3) = &account.s3 else {
            finding.unknown("S3 buckets could not be listed (see gaps).");
            continue;
        };
        let holding: Vec<String> = s3
            .buckets
            .iter()
            .filter_map(|b| {
                Some(format!(
                    "s3://{}/{}",
                    b.name,
                    b.tfstate_keys.as_ref()?.first()?
                ))
            })
            .collect();
        let empty_state: Vec<&str> = s3
            .buckets
            .iter()
            .filter(|b| {
                is_state_bucket(b, settings)
                    && b.tfstate_keys.as_ref().is_some_and(|k| k.is_empty())
            })
            .map(|b| b.name.as_str())
            .collect();
        let unread: Vec<&str> = s3
            .buckets
            .iter()
            .filter(|b| b.tfstate_keys.is_none())
            .map(|b| b.name.as_str())
            .collect();
        let finding = finding
            .evidence(
                "state_objects",
                if holding.is_empty() {
                    "none".into()
                } else {
                    holding.join(", ")
                },
            )
            .evidence(
                "empty_state_buckets",
                if empty_state.is_empty() {
                    "none".into()
                } else {
                    empty_state.join(", ")
                },
            );
        if !holding.is_empty() {
            finding.pass(format!(
                "Terraform state lives in S3 ({}).",
                holding.join(", ")
            ))
        } else if !unread.is_empty() {
            finding
                .evidence("unlisted_buckets", unread.join(", "))
                .unknown("No Terraform state found, but some buckets could not be listed.")
        } else if !empty_state.is_empty() {
            finding.fail(format!(
                "State bucket {} exists but holds no *.tfstate: the backend was never migrated (terraform init -migrate-state).",
                empty_state.join(", ")
            ))
        } else {
            finding.fail("No Terraform state bucket exists: state lives on someone's machine.")
        }
    }
}

pub fn bucket_versioning(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        let Some(v) = &b.versioning else {
            return finding.unknown(format!("Versioning of {} could not be read.", b.name));
        };
        let status = v.status.clone().unwrap_or_else(|| "never enabled".into());
        finding.evidence("versioning", &status).verdict(
            v.status.as_deref() == Some("Enabled"),
            format!("State bucket {} keeps every version of the state.", b.name),
            format!(
                "State bucket {} has versioning {status}: a bad write loses the state.",
                b.name
            ),
        );
    });
}

pub fn bucket_encryption(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        let Some(rules) = &b.encryption else {
            return finding.unknown(format!(
                "Default encryption of {} could not be read.",
                b.name
            ));
        };
        let algorithms: Vec<&str> = rules.iter().map(|r| r.algorithm.as_str()).collect();
        finding
            .evidence(
                "sse_algorithm",
                if algorithms.is_empty() {
                    "none".into()
                } else {
                    algorithms.join(", ")
                },
            )
            .verdict(
                !algorithms.is_empty(),
                format!(
                    "State bucket {} encrypts objects by default ({}).",
                    b.name,
                    algorithms.join(", ")
                ),
                format!("State bucket {} has no default encryption.", b.name),
            );
    });
}

pub fn bucket_cmk_encrypted(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        let Some(rules) = &b.encryption else {
            return finding.unknown(format!(
                "Default encryption of {} could not be read.",
                b.name
            ));
        };
        let kms = rules.iter().find(|r| r.algorithm.starts_with("aws:kms"));
        let Some(rule) = kms else {
            let algorithm = rules
                .first()
                .map(|r| r.algorithm.as_str())
                .unwrap_or("none");
            return finding.evidence("sse_algorithm", algorithm).fail(format!(
                "State bucket {} is not encrypted with KMS ({algorithm}).",
                b.name
            ));
        };
        let finding = finding.evidence("sse_algorithm", &rule.algorithm);
        match &rule.kms_key {
            None => finding
                .evidence("kms_key", "aws/s3 (AWS managed)")
                .fail(format!(
                    "State bucket {} uses the AWS-managed key aws/s3.",
                    b.name
                )),
            Some(key) => {
                let finding =
                    finding.evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference));
                match key.manager {
                    None => finding
                        .unknown(format!("The KMS key of {} could not be described.", b.name)),
                    Some(m) => finding.verdict(
                        m == KeyManager::Customer,
                        format!(
                            "State bucket {} is encrypted with a customer-managed KMS key.",
                            b.name
                        ),
                        format!("State bucket {} uses an AWS-managed KMS key.", b.name),
                    ),
                }
            }
        }
    });
}

fn flags(p: &PublicAccessBlock) -> String {
    format!(
        "BlockPublicAcls={} IgnorePublicAcls={} BlockPublicPolicy={} RestrictPublicBuckets={}",
        p.block_public_acls, p.ignore_public_acls, p.block_public_policy, p.restrict_public_buckets
    )
}

pub fn bucket_public_access_block(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        let (bucket, acct) = (
            b.public_access_block,
            account.s3_account_public_access_block,
        );
        let finding = finding
            .evidence(
                "bucket_block",
                bucket
                    .as_ref()
                    .map(flags)
                    .unwrap_or_else(|| "unknown".into()),
            )
            .evidence(
                "account_block",
                acct.as_ref().map(flags).unwrap_or_else(|| "unknown".into()),
            );
        let effective = match (bucket, acct) {
            (Some(b), Some(a)) => Some(b.union(&a)),
            (Some(b), None) if b.all() => Some(b),
            (None, Some(a)) if a.all() => Some(a),
            _ => None,
        };
        match effective {
            None => finding.unknown(format!(
                "The public access block of {} could not be read.",
                b.name
            )),
            Some(e) => finding.verdict(
                e.all(),
                format!("All four public access block settings hold for {}.", b.name),
                format!(
                    "Public access to state bucket {} is not fully blocked ({}).",
                    b.name,
                    flags(&e)
                ),
            ),
        }
    });
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

pub fn bucket_tls_only(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        match b.policy.as_ref().map(|p| &p.document) {
            None => finding.unknown(format!("The policy of {} could not be read.", b.name)),
            Some(None) => finding.evidence("bucket_policy", "none").fail(format!(
                "State bucket {} has no policy denying plain-HTTP access.",
                b.name
            )),
            Some(Some(policy)) => {
                let ok = denies_insecure_transport(policy);
                finding.evidence("denies_insecure_transport", ok).verdict(
                    ok,
                    format!("State bucket {} refuses requests without TLS.", b.name),
                    format!(
                        "The policy of state bucket {} does not deny aws:SecureTransport=false.",
                        b.name
                    ),
                )
            }
        }
    });
}

pub fn bucket_mfa_delete(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        let Some(v) = &b.versioning else {
            return finding.unknown(format!("Versioning of {} could not be read.", b.name));
        };
        let mfa = v.mfa_delete.clone().unwrap_or_else(|| "Disabled".into());
        finding.evidence("mfa_delete", &mfa).verdict(
            mfa == "Enabled",
            format!("Deleting versions of {} needs MFA.", b.name),
            format!(
                "Versions of state bucket {} can be deleted without MFA.",
                b.name
            ),
        );
    });
}

pub fn bucket_access_logging(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |out, account, b| {
        let finding = out.on(account, region_of(b), &b.arn(&account.partition), &b.name);
        match b.logging.as_ref().map(|l| &l.target_bucket) {
            None => finding.unknown(format!("Access logging of {} could not be read.", b.name)),
            Some(None) => finding.evidence("logging_target", "none").fail(format!(
                "State bucket {} has no server access logging.",
                b.name
            )),
            Some(Some(target)) => finding.evidence("logging_target", target).verdict(
                target != &b.name,
                format!("State bucket {} logs access to {target}.", b.name),
                format!("State bucket {} logs access into itself.", b.name),
            ),
        }
    });
}

/// Tables with hash key `LockID` are lock tables; so are the tables the
/// configuration names, which then must have that key.
pub fn lock_table(out: &mut Out, inv: &Inventory) {
    let named = out.settings.lock_tables.clone();
    for account in &inv.accounts {
        let mut found = Vec::new();
        let mut unread = Vec::new();
        for region in &account.regions {
            let Some(tables) = &region.dynamodb_tables else {
                unread.push(region.region.clone());
                continue;
            };
            for t in tables {
                let lock_key = t.hash_key.as_deref() == Some(crate::inventory::LOCK_KEY);
                if !lock_key && !named.contains(&t.name) {
                    continue;
                }
                found.push(t.name.clone());
                let finding = out
                    .on(account, &region.region, &t.arn, &t.name)
                    .evidence("hash_key", t.hash_key.as_deref().unwrap_or("unknown"));
                if !lock_key {
                    finding.fail(format!(
                        "Table {} is named as the lock table but its hash key is not LockID.",
                        t.name
                    ));
                    continue;
                }
                match t.point_in_time_recovery {
                    None => finding.unknown(format!(
                        "Point-in-time recovery of {} could not be read.",
                        t.name
                    )),
                    Some(pitr) => finding.evidence("point_in_time_recovery", pitr).verdict(
                        pitr,
                        format!("Lock table {} exists with point-in-time recovery.", t.name),
                        format!("Lock table {} has no point-in-time recovery.", t.name),
                    ),
                }
            }
        }
        let missing: Vec<&String> = named.iter().filter(|n| !found.contains(n)).collect();
        if !found.is_empty() && (missing.is_empty() || !unread.is_empty()) {
            continue;
        }
        let finding = out.on(account, GLOBAL, &account.root_arn(), "Terraform lock table");
        if !unread.is_empty() {
            finding
                .evidence("unlisted_regions", unread.join(", "))
                .unknown("No lock table found, but DynamoDB could not be listed in every region.")
        } else if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            finding.fail(format!(
                "Configured lock table {} does not exist in the audited regions.",
                names.join(", ")
            ))
        } else {
            finding.fail("No DynamoDB table with hash key LockID: concurrent terraform applies can corrupt the state.")
        }
    }
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
    use crate::model::Status::{Fail, Pass, Unknown};
    use crate::settings::Settings;

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
