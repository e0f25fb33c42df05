//! Secrets Manager checks: metadata only, never a value.

use super::{Out, regions};
use crate::inventory::{AccountInventory, Inventory, KeyManager, RegionInventory, Secret};

fn each_secret<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut f: impl FnMut(&mut Out, &'i AccountInventory, &'i RegionInventory, &'i Secret),
) {
    for (account, region) in regions(inv) {
        match &region.secrets {
            Some(secrets) => secrets.iter().for_each(|s| f(out, account, region, s)),
            None => out.unlisted(
                account,
                &region.region,
                "secretsmanager",
                "secret:*",
                "secrets",
            ),
        }
    }
}

fn day(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "never".into())
}

pub fn rotation_enabled(out: &mut Out, inv: &Inventory) {
    each_secret(out, inv, |out, account, region, s| {
        out.on(account, &region.region, &s.arn, &s.name)
            .evidence("rotation_enabled", s.rotation_enabled)
            .evidence(
                "rotation_days",
                s.rotation_days
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "none".into()),
            )
            .verdict(
                s.rotation_enabled,
                format!("Secret {} rotates automatically.", s.name),
                format!("Secret {} has no automatic rotation.", s.name),
            );
    });
}

pub fn rotated_recently(out: &mut Out, inv: &Inventory) {
    let max_age = out.settings.secret_rotation_max_age_days;
    let now = out.now;
    each_secret(out, inv, |out, account, region, s| {
        let finding = out
            .on(account, &region.region, &s.arn, &s.name)
            .evidence("last_rotated", day(s.last_rotated))
            .evidence("created", day(s.created));
        let Some(changed) = s.last_rotated.or(s.created) else {
            return finding.unknown(format!(
                "Neither rotation nor creation date of {} is known.",
                s.name
            ));
        };
        let age = (now - changed).num_days();
        finding.evidence("age_days", age).verdict(
            age <= max_age,
            format!("Secret {} changed {age} days ago.", s.name),
            format!(
                "Secret {} has not been rotated for {age} days (limit {max_age}).",
                s.name
            ),
        );
    });
}

pub fn cmk_encrypted(out: &mut Out, inv: &Inventory) {
    each_secret(out, inv, |out, account, region, s| {
        let finding = out.on(account, &region.region, &s.arn, &s.name);
        match &s.kms_key {
            None => finding
                .evidence("kms_key", "aws/secretsmanager (AWS managed)")
                .fail(format!(
                    "Secret {} is encrypted with the AWS-managed key aws/secretsmanager.",
                    s.name
                )),
            Some(key) => {
                let finding =
                    finding.evidence("kms_key", key.arn.as_deref().unwrap_or(&key.reference));
                match key.manager {
                    None => finding.unknown(format!(
                        "The KMS key of secret {} could not be described.",
                        s.name
                    )),
                    Some(manager) => finding
                        .evidence("key_manager", format!("{manager:?}").to_lowercase())
                        .verdict(
                            manager == KeyManager::Customer,
                            format!(
                                "Secret {} is encrypted with a customer-managed key.",
                                s.name
                            ),
                            format!("Secret {} is encrypted with an AWS-managed key.", s.name),
                        ),
                }
            }
        }
    });
}

pub fn unused(out: &mut Out, inv: &Inventory) {
    let max_idle = out.settings.secret_unused_days;
    let now = out.now;
    each_secret(out, inv, |out, account, region, s| {
        let finding = out
            .on(account, &region.region, &s.arn, &s.name)
            .evidence("last_accessed", day(s.last_accessed))
            .evidence("created", day(s.created));
        // A secret never read counts from its creation: a new one is not "unused" yet.
        let Some(since) = s.last_accessed.or(s.created) else {
            return finding.unknown(format!(
                "Neither last access nor creation date of {} is known.",
                s.name
            ));
        };
        let idle = (now - since).num_days();
        finding.evidence("idle_days", idle).verdict(
            idle <= max_idle,
            format!("Secret {} was used within {max_idle} days.", s.name),
            format!(
                "Secret {} has not been read for {idle} days: delete it or find its owner.",
                s.name
            ),
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::model::Status::{Fail, Pass, Unknown};

    fn secret(name: &str, extra: Value) -> Value {
        let mut s = json!({"arn": format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}"), "name": name,
            "kms_key": null, "rotation_enabled": false, "rotation_days": null,
            "created": "2026-01-01T00:00:00Z", "last_rotated": null, "last_accessed": null});
        for (k, val) in extra.as_object().unwrap() {
            s[k] = val.clone();
        }
        s
    }

    fn secrets() -> crate::inventory::Inventory {
        inventory(
            json!({}),
            json!({"secrets": [
                secret("old", json!({})),
                secret("rotated", json!({"rotation_enabled": true, "rotation_days": 30,
                    "last_rotated": "2026-11-01T00:00:00Z", "last_accessed": "2026-11-22T00:00:00Z",
                    "kms_key": {"reference": "arn:aws:kms:us-east-1:123456789012:key/k", "arn": "arn:aws:kms:us-east-1:123456789012:key/k", "manager": "customer"}})),
                secret("fresh", json!({"created": "2026-11-20T00:00:00Z",
                    "kms_key": {"reference": "alias/aws/secretsmanager", "arn": null, "manager": "aws"}})),
                secret("undescribed-key", json!({"created": null,
                    "kms_key": {"reference": "alias/gone", "arn": null, "manager": null}})),
            ]}),
        )
    }

    #[test]
    fn rotation() {
        let inv = secrets();
        assert_eq!(
            verdicts(&check("secret-rotation-enabled", &inv)),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Fail),
                ("undescribed-key", Fail)
            ])
        );
        assert_eq!(
            verdicts(&check("secret-rotated-recently", &inv)),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Pass),
                ("undescribed-key", Unknown)
            ])
        );
    }

    #[test]
    fn keys_and_use() {
        let inv = secrets();
        assert_eq!(
            verdicts(&check("secret-cmk-encrypted", &inv)),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Fail),
                ("undescribed-key", Unknown)
            ])
        );
        assert_eq!(
            verdicts(&check("secret-unused", &inv)),
            v(&[
                ("old", Fail),
                ("rotated", Pass),
                ("fresh", Pass),
                ("undescribed-key", Unknown)
            ])
        );
    }
}

/// Environment variable names that say they hold a secret.
const SECRET_NAMES: [&str; 4] = ["PASSWORD", "SECRET", "API_KEY", "TOKEN"];

pub fn secrets_not_in_environment(out: &mut Out, inv: &Inventory) {
    super::containers::each_task_definition(out, inv, |out, account, region, td| {
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
        out.on(account, &region.region, &td.arn, &label)
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

/// Opt-in (`--inspect-secret-values`): the collector kept only a boolean.
pub fn placeholder_value(out: &mut Out, inv: &Inventory) {
    each_secret(out, inv, |out, account, region, s| {
        let finding = out.on(account, &region.region, &s.arn, &s.name);
        match s.placeholder {
            None => finding.unknown(format!(
                "The value of {} was not inspected (collect with --inspect-secret-values).",
                s.name
            )),
            Some(placeholder) => finding.evidence("placeholder", placeholder).verdict(
                !placeholder,
                format!("Secret {} holds a real value.", s.name),
                format!("Secret {} still holds a placeholder value: set the real one outside Terraform.", s.name),
            ),
        }
    });
}

#[cfg(test)]
mod value_tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::model::Status::{Fail, Pass, Unknown};

    #[test]
    fn secret_named_environment_variables() {
        let c = |env: &[&str], secrets: &[&str]| {
            json!({"name": "app", "image": "app:1", "user": "1000", "essential": true, "health_check": true,
                   "environment": env, "secrets": secrets})
        };
        let td = |family: &str, container: serde_json::Value| json!({"arn": family, "family": family, "revision": 1, "execution_role": null, "task_role": null, "containers": [container]});
        let inv = inventory(
            json!({}),
            json!({"task_definitions": [
                td("leaky", c(&["NODE_ENV", "DB_Password", "STRIPE_API_KEY"], &[])),
                td("clean", c(&["NODE_ENV", "LOG_LEVEL"], &["DB_PASSWORD", "GITHUB_TOKEN"])),
            ]}),
        );
        assert_eq!(
            verdicts(&check("ecs-secrets-not-in-environment", &inv)),
            v(&[("leaky:1", Fail), ("clean:1", Pass)])
        );
    }

    #[test]
    fn placeholder_verdicts_come_from_the_collected_boolean() {
        let secret = |name: &str, placeholder: Option<bool>| {
            json!({"arn": name, "name": name, "kms_key": null, "rotation_enabled": false, "rotation_days": null,
                   "created": null, "last_rotated": null, "last_accessed": null, "placeholder": placeholder})
        };
        let inv = inventory(
            json!({}),
            json!({"secrets": [secret("a", Some(true)), secret("b", Some(false)), secret("c", None)]}),
        );
        assert_eq!(
            verdicts(&check("secret-placeholder-value", &inv)),
            v(&[("a", Fail), ("b", Pass), ("c", Unknown)])
        );
    }
}
