//! Secrets Manager checks: metadata only, never a value.

pub(super) mod ecs_secrets_not_in_environment;
pub(super) mod secret_cmk_encrypted;
pub(super) mod secret_placeholder_value;
pub(super) mod secret_rotated_recently;
pub(super) mod secret_rotation_enabled;
pub(super) mod secret_unused;

use chrono::{DateTime, Utc};

use super::Out;
use super::walk::*;
use crate::inventory::{Inventory, KeyManager};

/// A date as evidence: its day, or `never`.
fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "never".into())
}

#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::inventory;
    use crate::finding::Finding;
    use crate::inventory::Inventory;

    /// A secret created on 2026-01-01, never rotated nor read, on the AWS-managed
    /// key; `extra` overrides fields.
    pub fn secret(name: &str, extra: Value) -> Value {
        let mut s = json!({"arn": format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}"), "name": name,
            "kms_key": null, "rotation_enabled": false, "rotation_days": null,
            "created": "2026-01-01T00:00:00Z", "last_rotated": null, "last_accessed": null});
        for (k, val) in extra.as_object().unwrap() {
            s[k] = val.clone();
        }
        s
    }

    /// Four secrets: old, rotated on a customer key, freshly created on the
    /// AWS key, and one of unknown dates whose key could not be described.
    /// The fixture's "now" is 2026-11-23.
    pub fn secrets() -> Inventory {
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

    /// The finding on the resource named `name`; there must be one.
    pub fn named<'f>(findings: &'f [Finding], name: &str) -> &'f Finding {
        findings
            .iter()
            .find(|f| f.resource_name == name)
            .unwrap_or_else(|| panic!("no finding on {name}"))
    }

    /// A region whose secrets could not be listed.
    pub fn unlisted() -> Inventory {
        inventory(json!({}), json!({"secrets": null}))
    }
}
