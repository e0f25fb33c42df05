//! Secrets Manager checks: metadata only, never a value.
//!
//! Secrets an AWS service created (ListSecrets' `OwningService`: RDS and
//! Aurora master passwords, Redshift admin passwords, EventBridge connection
//! credentials, …) are rotated, updated and deleted by that service, not by
//! the customer. Each check says whether it applies to them:
//!
//! - `secret-rotation-enabled`, `secret-rotated-recently`: not failed — the
//!   rotation settings are the service's (managed rotation, or none); a
//!   service-owned secret passes, and the evidence names the owner.
//! - `secret-unused`: not failed — such a secret lives as long as the
//!   resource that created it (an RDS master password that no application
//!   reads is good practice, not waste); it passes, naming the owner.
//! - `secret-cmk-encrypted`: applies — the key is chosen through the owning
//!   service (`master_user_secret_kms_key_id` for RDS, a connection's KMS key
//!   for EventBridge).
//! - `secret-placeholder-value`: applies — the value is read and judged like
//!   any other.
//!
//! A snapshot recorded before posture read the owner (`owner: None`) leaves a
//! verdict that would fail a customer's secret `unknown`: it may be a
//! service's.

pub(super) mod ecs_secrets_not_in_environment;
pub(super) mod secret_cmk_encrypted;
pub(super) mod secret_placeholder_value;
pub(super) mod secret_rotated_recently;
pub(super) mod secret_rotation_enabled;
pub(super) mod secret_unused;
pub(super) mod tf_no_secret_literals;

use chrono::{DateTime, Utc};

use super::walk::*;
use super::{Out, Pending};
use crate::inventory::{Inventory, KeyManager, Secret, SecretOwner};

/// A date as evidence: its day, or `never`.
fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "never".into())
}

/// Who owns a secret, as evidence: `customer`, the owning service, or `not recorded`.
fn owner(s: &Secret) -> String {
    match &s.owner {
        Some(SecretOwner::Customer) => "customer".into(),
        Some(SecretOwner::Service(service)) => format!("{service} (OwningService)"),
        None => "not recorded".into(),
    }
}

/// How a check that would fail a customer's secret ends for one it cannot
/// blame the customer for: a pass for a service's secret (`why` says what
/// the service does), unknown when the owner was not recorded, `None` for
/// the customer's own (the check fails it).
fn not_the_customers<'o, 'a>(
    finding: Pending<'o, 'a>,
    s: &Secret,
    why: impl FnOnce(&str) -> String,
) -> Option<Pending<'o, 'a>> {
    match &s.owner {
        Some(SecretOwner::Customer) => Some(finding),
        Some(SecretOwner::Service(service)) => {
            finding.pass(why(service));
            None
        }
        None => {
            finding.unknown(format!(
                "Whether an AWS service owns secret {} was not recorded (a snapshot of an older posture): collect again to judge it.",
                s.name
            ));
            None
        }
    }
}

#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::inventory;
    use crate::finding::Finding;
    use crate::inventory::Inventory;

    /// A customer's secret created on 2026-01-01, never rotated nor read, on
    /// the AWS-managed key; `extra` overrides fields.
    pub fn secret(name: &str, extra: Value) -> Value {
        let mut s = json!({"arn": format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}"), "name": name,
            "kms_key": null, "rotation_enabled": false, "rotation_days": null,
            "created": "2026-01-01T00:00:00Z", "last_rotated": null, "last_accessed": null,
            "owner": "customer"});
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

    /// Secrets like `old` (never rotated nor read since 2026-01-01, AWS key)
    /// owned by RDS and by EventBridge, and one whose owner was not recorded
    /// (a snapshot of an older posture).
    pub fn owned() -> Inventory {
        let mut older = secret("older-snapshot", json!({}));
        older.as_object_mut().unwrap().remove("owner");
        inventory(
            json!({}),
            json!({"secrets": [
                secret("rds!db-0a1b2c3d", json!({"owner": {"service": "rds"}})),
                secret("events!connection/hooks/9f8e", json!({"owner": {"service": "events"}})),
                older,
            ]}),
        )
    }

    /// A region whose secrets could not be listed.
    pub fn unlisted() -> Inventory {
        inventory(json!({}), json!({"secrets": null}))
    }
}
