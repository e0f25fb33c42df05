//! `state-remote-backend`: Terraform state is stored in an S3 state bucket.

use super::*;

/// One finding per account, on the account: its buckets together decide.
pub fn run(out: &mut Out, inv: &Inventory) {
    let settings = out.settings;
    for (at, buckets) in Buckets::places(inv) {
        let finding = out.on(at, &at.account.root_arn(), "Terraform backend");
        let Some(buckets) = buckets else {
            finding.unknown(Buckets::unlisted_message());
            continue;
        };
        let holding: Vec<String> = buckets
            .iter()
            .filter_map(|b| {
                let key = b.tfstate_keys.as_ref()?.first()?;
                Some(format!("s3://{}/{key}", b.name))
            })
            .collect();
        let empty_state = names(buckets.iter().filter(|b| {
            is_state_bucket(b, settings) && b.tfstate_keys.as_ref().is_some_and(Vec::is_empty)
        }));
        let unread = names(buckets.iter().filter(|b| b.tfstate_keys.is_none()));
        let finding = finding
            .evidence_names("state_objects", &holding)
            .evidence_names("empty_state_buckets", &empty_state);
        if !holding.is_empty() {
            finding.pass(format!(
                "Terraform state lives in S3 ({}).",
                holding.join(", ")
            ))
        } else if !unread.is_empty() {
            finding
                .evidence_names("unlisted_buckets", &unread)
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

fn names<'b>(buckets: impl Iterator<Item = &'b Bucket>) -> Vec<&'b str> {
    buckets.map(|b| b.name.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{bucket, with_buckets};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn bootstrapped_but_empty_backend_fails() {
        let inv = with_buckets(vec![bucket("acme-terraform-state", json!({}))]);
        assert_eq!(
            verdicts(&check("state-remote-backend", &inv)),
            v(&[("Terraform backend", Fail)])
        );
        let none = with_buckets(vec![bucket("assets", json!({}))]);
        assert_eq!(
            verdicts(&check("state-remote-backend", &none)),
            v(&[("Terraform backend", Fail)])
        );
        let unlisted = with_buckets(vec![bucket("assets", json!({"tfstate_keys": null}))]);
        assert_eq!(
            verdicts(&check("state-remote-backend", &unlisted)),
            v(&[("Terraform backend", Unknown)])
        );
    }

    #[test]
    fn evidence_names_the_state_and_the_empty_buckets() {
        let inv = with_buckets(vec![
            bucket(
                "infra",
                json!({"tfstate_keys": ["prod/terraform.tfstate", "dev/terraform.tfstate"]}),
            ),
            bucket("other", json!({"tfstate_keys": ["x.tfstate"]})),
            bucket("spare-tfstate", json!({})),
        ]);
        let findings = check("state-remote-backend", &inv);
        assert_eq!(verdicts(&findings), v(&[("Terraform backend", Pass)]));
        let f = &findings[0];
        assert_eq!(
            f.evidence["state_objects"],
            "s3://infra/prod/terraform.tfstate, s3://other/x.tfstate"
        );
        assert_eq!(f.evidence["empty_state_buckets"], "spare-tfstate");
        assert_eq!(f.resource, "arn:aws:iam::123456789012:root");
        assert_eq!(f.region, "global");

        let empty = check(
            "state-remote-backend",
            &with_buckets(vec![bucket("assets", json!({}))]),
        );
        assert_eq!(empty[0].evidence["state_objects"], "none");
        assert_eq!(empty[0].evidence["empty_state_buckets"], "none");
        assert_eq!(
            empty[0].message,
            "No Terraform state bucket exists: state lives on someone's machine."
        );
    }

    #[test]
    fn unlisted_buckets_leave_the_backend_unknown() {
        let inv = inventory(json!({"s3": null}), json!({}));
        let findings = check("state-remote-backend", &inv);
        assert_eq!(verdicts(&findings), v(&[("Terraform backend", Unknown)]));
        assert_eq!(
            findings[0].message,
            "S3 buckets could not be listed (see gaps)."
        );
        assert_eq!(findings[0].resource, "arn:aws:iam::123456789012:root");
    }
}
