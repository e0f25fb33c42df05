//! `state-bucket-public-access-block`: Public access is fully blocked for the Terraform state bucket.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Buckets>(inv, |out, at, b| {
        if !is_state_bucket(b, out.settings) {
            return;
        }
        let account = at.account;
        let finding = out.on(
            In {
                account,
                region: region_of(b),
            },
            &b.arn(&account.partition),
            &b.name,
        );
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
