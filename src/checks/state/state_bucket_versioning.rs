//! `state-bucket-versioning`: The Terraform state bucket has versioning enabled.

use super::*;
use crate::inventory::VersioningStatus;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, _| {
        let name = &bucket.name;
        let Some(versioning) = &bucket.versioning else {
            return finding.unknown(format!("Versioning of {name} could not be read."));
        };
        let status = versioning
            .status
            .as_ref()
            .map_or("never enabled", VersioningStatus::as_str);
        finding.evidence("versioning", status).verdict(
            versioning.status == Some(VersioningStatus::Enabled),
            format!("State bucket {name} keeps every version of the state."),
            format!("State bucket {name} has versioning {status}: a bad write loses the state."),
        );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{bucket, mixed, named, only_hardened_passes, with_buckets};
    use crate::checks::fixtures::{check, check_with, v, verdicts};
    use crate::checks::settings::Settings;
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn state_buckets_by_name_key_or_flag() {
        let inv = with_buckets(vec![
            bucket("acme-tfstate", json!({})),
            bucket(
                "infra",
                json!({"tfstate_keys": ["env/prod/terraform.tfstate"]}),
            ),
            bucket("assets", json!({})),
            bucket("named-by-flag", json!({})),
        ]);
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
    fn only_enabled_versioning_passes() {
        let inv = with_buckets(vec![
            bucket(
                "on-tfstate",
                json!({"versioning": {"status": "Enabled", "mfa_delete": null}}),
            ),
            bucket(
                "paused-tfstate",
                json!({"versioning": {"status": "Suspended", "mfa_delete": null}}),
            ),
            bucket("never-tfstate", json!({})),
            bucket("unread-tfstate", json!({"versioning": null})),
        ]);
        let findings = check("state-bucket-versioning", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("on-tfstate", Pass),
                ("paused-tfstate", Fail),
                ("never-tfstate", Fail),
                ("unread-tfstate", Unknown)
            ])
        );
        let never = named(&findings, "never-tfstate");
        assert_eq!(never.evidence["versioning"], "never enabled");
        assert_eq!(
            never.message,
            "State bucket never-tfstate has versioning never enabled: a bad write loses the state."
        );
        let paused = named(&findings, "paused-tfstate");
        assert_eq!(paused.evidence["versioning"], "Suspended");
        assert_eq!(paused.resource, "arn:aws:s3:::paused-tfstate");
        assert_eq!(paused.region, "us-east-1");
        assert_eq!(
            verdicts(&check("state-bucket-versioning", &mixed())),
            only_hardened_passes()
        );
    }
}
