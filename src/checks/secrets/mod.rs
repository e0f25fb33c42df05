//! Secrets Manager checks: metadata only, never a value.

pub(super) mod ecs_secrets_not_in_environment;
pub(super) mod secret_cmk_encrypted;
pub(super) mod secret_placeholder_value;
pub(super) mod secret_rotated_recently;
pub(super) mod secret_rotation_enabled;
pub(super) mod secret_unused;

use super::Out;
use super::walk::*;
use crate::inventory::{Inventory, KeyManager};

fn day(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "never".into())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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

#[cfg(test)]
mod value_tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
