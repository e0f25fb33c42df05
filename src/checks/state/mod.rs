//! Terraform state checks (s3, dynamodb).
//!
//! A state bucket is one named with `--state-bucket`, one whose name contains
//! `tfstate` or `terraform-state`, or one that holds a `*.tfstate` key. The
//! bucket checks judge state buckets only; the lock table and the backend are
//! judged once per account.

pub(super) mod state_bucket_access_logging;
pub(super) mod state_bucket_cmk_encrypted;
pub(super) mod state_bucket_encryption;
pub(super) mod state_bucket_mfa_delete;
pub(super) mod state_bucket_public_access_block;
pub(super) mod state_bucket_tls_only;
pub(super) mod state_bucket_versioning;
pub(super) mod state_lock_table;
pub(super) mod state_remote_backend;
pub(super) mod tf_ignores_reviewed;

use super::walk::*;
use super::{GLOBAL, Out, Pending};
use crate::checks::settings::Settings;
use crate::inventory::{AccountInventory, Bucket, Inventory};

pub fn is_state_bucket(bucket: &Bucket, settings: &Settings) -> bool {
    bucket.is_state_bucket(&settings.state_buckets)
}

/// Judge every state bucket: `judge` gets the finding started on the bucket
/// (in its own region, `global` when that could not be read) and the account
/// it belongs to. An account whose buckets could not be listed gets the
/// walker's one `unknown`.
fn each_state_bucket<'i>(
    out: &mut Out,
    inv: &'i Inventory,
    mut judge: impl FnMut(Pending, &'i Bucket, &'i AccountInventory),
) {
    out.each::<Buckets>(inv, |out, at, bucket| {
        if !is_state_bucket(bucket, out.settings) {
            return;
        }
        let region = bucket.region.as_deref().unwrap_or(GLOBAL);
        let finding = out.on(
            In {
                account: at.account,
                region,
            },
            &bucket.arn(&at.account.partition),
            &bucket.name,
        );
        judge(finding, bucket, at.account);
    });
}

/// Builders of state buckets and inventories for the area's unit tests.
#[cfg(test)]
pub(super) mod fixture {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{inventory, v};
    use crate::finding::Finding;
    use crate::finding::Status::{self, Fail, Pass};
    use crate::inventory::Inventory;

    /// A bucket in us-east-1 with SSE-S3 and nothing else configured;
    /// `extra` replaces fields.
    pub fn bucket(name: &str, extra: Value) -> Value {
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

    /// An inventory whose one account has these buckets.
    pub fn with_buckets(buckets: Vec<Value>) -> Inventory {
        inventory(json!({"s3": {"buckets": buckets}}), json!({}))
    }

    pub fn all_blocked() -> Value {
        json!({"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true})
    }

    pub fn customer_key() -> Value {
        json!({"reference": "arn:aws:kms:us-east-1:1:key/k", "arn": "arn:aws:kms:us-east-1:1:key/k", "manager": "customer"})
    }

    /// A policy that denies every S3 action over plain HTTP.
    pub const TLS_ONLY_POLICY: &str = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

    /// Five state buckets: no encryption, SSE-S3, SSE-KMS with aws/s3, one
    /// hardened in every way (`cmk-tfstate`), and one logging into itself
    /// whose encryption could not be read.
    pub fn mixed() -> Inventory {
        with_buckets(vec![
            bucket("plain-tfstate", json!({"encryption": []})),
            bucket("sse-s3-tfstate", json!({})),
            bucket(
                "aws-kms-tfstate",
                json!({"encryption": [{"algorithm": "aws:kms", "kms_key": null}]}),
            ),
            bucket(
                "cmk-tfstate",
                json!({"encryption": [{"algorithm": "aws:kms", "kms_key": customer_key()}],
                "versioning": {"status": "Enabled", "mfa_delete": "Enabled"},
                "logging": {"target_bucket": "audit-logs"}, "policy": {"document": TLS_ONLY_POLICY}}),
            ),
            bucket(
                "self-log-tfstate",
                json!({"logging": {"target_bucket": "self-log-tfstate"}, "encryption": null}),
            ),
        ])
    }

    /// The verdicts on [`mixed`] of a check only the hardened bucket passes.
    pub fn only_hardened_passes() -> Vec<(String, Status)> {
        v(&[
            ("plain-tfstate", Fail),
            ("sse-s3-tfstate", Fail),
            ("aws-kms-tfstate", Fail),
            ("cmk-tfstate", Pass),
            ("self-log-tfstate", Fail),
        ])
    }

    /// The finding on the resource named `name`.
    pub fn named<'f>(findings: &'f [Finding], name: &str) -> &'f Finding {
        findings
            .iter()
            .find(|f| f.resource_name == name)
            .unwrap_or_else(|| panic!("no finding on {name}"))
    }
}
