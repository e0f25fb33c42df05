//! `kms-cmk-rotation`: Every customer-managed symmetric KMS key has automatic
//! rotation on.

use super::*;
use crate::inventory::ListedKey;

/// Judged: customer managed, `SYMMETRIC_DEFAULT`, material from KMS
/// (`AWS_KMS`), `Enabled` ([`crate::inventory::KmsKey::rotation_judged`]).
/// A multi-Region replica reports the rotation its primary key sets.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<KmsKeys>(inv, |out, at, listed| {
        let name = key_name(listed);
        let key = &listed.key;
        let finding = out.on(at, &listed.arn, &name).evidence("key_id", &listed.id);
        let judged = match key.rotation_judged() {
            Some(judged) => judged,
            None => {
                return finding.unknown(format!(
                    "Whether KMS key {name} is a customer managed symmetric key could not be read (DescribeKey; see gaps)."
                ));
            }
        };
        if !judged {
            return;
        }
        let finding = match &key.primary_region {
            Some(region) => finding.evidence("primary_region", region),
            None => finding,
        };
        let set_on = match &key.primary_region {
            Some(region) => format!(" (a multi-Region replica: rotation is set on its primary key in {region})"),
            None => String::new(),
        };
        match listed.rotation_enabled {
            Some(enabled) => finding.evidence("rotation_enabled", enabled).verdict(
                enabled,
                format!("{name} rotates its key material automatically."),
                format!("{name} has automatic key rotation off{set_on}."),
            ),
            None => finding.unknown(format!(
                "The rotation status of KMS key {name} could not be read (GetKeyRotationStatus; see gaps)."
            )),
        }
    });
}

/// Its aliases, else its id.
fn key_name(listed: &ListedKey) -> String {
    if listed.aliases.is_empty() {
        listed.id.clone()
    } else {
        listed.aliases.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    /// A listed key of us-east-1; `key` patches its DescribeKey facts.
    fn key(
        id: &str,
        aliases: &[&str],
        manager: Value,
        spec: &str,
        origin: &str,
        state: &str,
        rotation: Value,
    ) -> Value {
        json!({"id": id, "arn": format!("arn:aws:kms:us-east-1:123456789012:key/{id}"), "aliases": aliases,
               "key": {"reference": format!("arn:aws:kms:us-east-1:123456789012:key/{id}"),
                       "arn": format!("arn:aws:kms:us-east-1:123456789012:key/{id}"),
                       "manager": manager, "spec": spec, "origin": origin, "state": state},
               "rotation_enabled": rotation})
    }

    fn customer(id: &str, rotation: Value) -> Value {
        key(
            id,
            &[],
            json!("customer"),
            "SYMMETRIC_DEFAULT",
            "AWS_KMS",
            "Enabled",
            rotation,
        )
    }

    fn keys(list: Vec<Value>) -> crate::inventory::Inventory {
        inventory(json!({}), json!({"kms_keys": list}))
    }

    #[test]
    fn customer_managed_symmetric_keys_need_rotation() {
        let findings = check(
            "kms-cmk-rotation",
            &keys(vec![
                key(
                    "k-1",
                    &["alias/app", "alias/app-old"],
                    json!("customer"),
                    "SYMMETRIC_DEFAULT",
                    "AWS_KMS",
                    "Enabled",
                    json!(true),
                ),
                customer("k-2", json!(false)),
            ]),
        );
        assert_eq!(
            verdicts(&findings),
            v(&[("alias/app, alias/app-old", Pass), ("k-2", Fail)])
        );
        assert_eq!(findings[1].message, "k-2 has automatic key rotation off.");
        assert_eq!(
            findings[1].resource,
            "arn:aws:kms:us-east-1:123456789012:key/k-2"
        );
        assert_eq!(findings[1].evidence["rotation_enabled"], "false");
        assert_eq!(findings[1].evidence["key_id"], "k-2");
    }

    /// AWS managed keys rotate by themselves; asymmetric, HMAC, imported and
    /// custom key store keys cannot rotate; disabled keys and keys pending
    /// deletion are not rotated by KMS: none is judged.
    #[test]
    fn keys_whose_rotation_does_not_apply_are_not_judged() {
        let findings = check(
            "kms-cmk-rotation",
            &keys(vec![
                key(
                    "aws",
                    &["alias/aws/s3"],
                    json!("aws"),
                    "SYMMETRIC_DEFAULT",
                    "AWS_KMS",
                    "Enabled",
                    Value::Null,
                ),
                key(
                    "rsa",
                    &[],
                    json!("customer"),
                    "RSA_2048",
                    "AWS_KMS",
                    "Enabled",
                    Value::Null,
                ),
                key(
                    "hmac",
                    &[],
                    json!("customer"),
                    "HMAC_256",
                    "AWS_KMS",
                    "Enabled",
                    Value::Null,
                ),
                key(
                    "imported",
                    &[],
                    json!("customer"),
                    "SYMMETRIC_DEFAULT",
                    "EXTERNAL",
                    "Enabled",
                    Value::Null,
                ),
                key(
                    "hsm",
                    &[],
                    json!("customer"),
                    "SYMMETRIC_DEFAULT",
                    "AWS_CLOUDHSM",
                    "Enabled",
                    Value::Null,
                ),
                key(
                    "off",
                    &[],
                    json!("customer"),
                    "SYMMETRIC_DEFAULT",
                    "AWS_KMS",
                    "Disabled",
                    Value::Null,
                ),
                key(
                    "going",
                    &[],
                    json!("customer"),
                    "SYMMETRIC_DEFAULT",
                    "AWS_KMS",
                    "PendingDeletion",
                    Value::Null,
                ),
            ]),
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn a_replica_is_judged_by_the_rotation_its_primary_sets() {
        let mut replica = customer("mrk-1", json!(false));
        replica["key"]["primary_region"] = json!("eu-west-1");
        let findings = check("kms-cmk-rotation", &keys(vec![replica]));
        assert_eq!(verdicts(&findings), v(&[("mrk-1", Fail)]));
        assert_eq!(
            findings[0].message,
            "mrk-1 has automatic key rotation off (a multi-Region replica: rotation is set on its primary key in eu-west-1)."
        );
        assert_eq!(findings[0].evidence["primary_region"], "eu-west-1");
    }

    #[test]
    fn what_could_not_be_read_is_unknown() {
        let mut undescribed = customer("k-3", Value::Null);
        undescribed["key"] = json!({"reference": "k-3", "arn": null, "manager": null});
        let findings = check(
            "kms-cmk-rotation",
            &keys(vec![customer("k-1", Value::Null), undescribed]),
        );
        assert_eq!(
            verdicts(&findings),
            v(&[("k-1", Unknown), ("k-3", Unknown)])
        );
        assert_eq!(
            findings[0].message,
            "The rotation status of KMS key k-1 could not be read (GetKeyRotationStatus; see gaps)."
        );
        let unlisted = check(
            "kms-cmk-rotation",
            &inventory(json!({}), json!({"kms_keys": null})),
        );
        assert_eq!(verdicts(&unlisted), v(&[("KMS keys", Unknown)]));
        assert_eq!(
            unlisted[0].resource,
            "arn:aws:kms:us-east-1:123456789012:key/*"
        );
    }
}
