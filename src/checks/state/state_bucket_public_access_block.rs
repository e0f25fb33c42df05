//! `state-bucket-public-access-block`: Public access is fully blocked for the Terraform state bucket.

use super::*;
use crate::inventory::PublicAccessBlock;

pub fn run(out: &mut Out, inv: &Inventory) {
    each_state_bucket(out, inv, |finding, bucket, account| {
        let name = &bucket.name;
        let (own, account_wide) = (
            bucket.public_access_block,
            account.s3_account_public_access_block,
        );
        let finding = finding
            .evidence("bucket_block", read_flags(own))
            .evidence("account_block", read_flags(account_wide));
        // One unread block leaves the verdict open unless the other blocks everything.
        let effective = match (own, account_wide) {
            (Some(own), Some(account_wide)) => Some(own.union(&account_wide)),
            (Some(only), None) | (None, Some(only)) if only.all() => Some(only),
            _ => None,
        };
        match effective {
            None => finding.unknown(format!(
                "The public access block of {name} could not be read."
            )),
            Some(effective) => finding.verdict(
                effective.all(),
                format!("All four public access block settings hold for {name}."),
                format!(
                    "Public access to state bucket {name} is not fully blocked ({}).",
                    flags(&effective)
                ),
            ),
        }
    });
}

fn flags(p: &PublicAccessBlock) -> String {
    format!(
        "BlockPublicAcls={} IgnorePublicAcls={} BlockPublicPolicy={} RestrictPublicBuckets={}",
        p.block_public_acls, p.ignore_public_acls, p.block_public_policy, p.restrict_public_buckets
    )
}

fn read_flags(block: Option<PublicAccessBlock>) -> String {
    block.as_ref().map_or_else(|| "unknown".into(), flags)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{all_blocked, bucket};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

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
    fn an_unread_block_is_unknown_unless_the_other_blocks_everything() {
        let partial = json!({"block_public_acls": true, "ignore_public_acls": false,
                             "block_public_policy": true, "restrict_public_buckets": false});
        let unread_account = inventory(
            json!({"s3_account_public_access_block": null,
                   "s3": {"buckets": [bucket("a-tfstate", json!({"public_access_block": partial}))]}}),
            json!({}),
        );
        let findings = check("state-bucket-public-access-block", &unread_account);
        assert_eq!(verdicts(&findings), v(&[("a-tfstate", Unknown)]));
        assert_eq!(findings[0].evidence["account_block"], "unknown");
        assert_eq!(
            findings[0].evidence["bucket_block"],
            "BlockPublicAcls=true IgnorePublicAcls=false BlockPublicPolicy=true RestrictPublicBuckets=false"
        );
        let unread_bucket = inventory(
            json!({"s3_account_public_access_block": all_blocked(),
                   "s3": {"buckets": [bucket("a-tfstate", json!({"public_access_block": null}))]}}),
            json!({}),
        );
        assert_eq!(
            verdicts(&check("state-bucket-public-access-block", &unread_bucket)),
            v(&[("a-tfstate", Pass)])
        );
        let open = inventory(
            json!({"s3": {"buckets": [bucket("a-tfstate", json!({"public_access_block": partial}))]}}),
            json!({}),
        );
        let findings = check("state-bucket-public-access-block", &open);
        assert_eq!(
            findings[0].message,
            "Public access to state bucket a-tfstate is not fully blocked (BlockPublicAcls=true IgnorePublicAcls=false BlockPublicPolicy=true RestrictPublicBuckets=false)."
        );
    }
}
