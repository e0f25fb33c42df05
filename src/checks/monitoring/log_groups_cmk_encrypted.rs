//! `log-groups-cmk-encrypted`: CloudWatch log groups are encrypted with a customer-managed KMS key.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let region = at.region;
        let Some(groups) = &region.log_groups else {
            out.unlisted::<LogGroups>(at);
            continue;
        };
        for g in groups {
            out.on(at, &g.arn, &g.name)
                .evidence(
                    "kms_key",
                    g.kms_key_id
                        .as_deref()
                        .unwrap_or("none (CloudWatch-owned key)"),
                )
                .verdict(
                    g.kms_key_id.is_some(),
                    format!(
                        "Log group {} is encrypted with a customer-managed KMS key.",
                        g.name
                    ),
                    format!(
                        "Log group {} is encrypted only with CloudWatch's own key.",
                        g.name
                    ),
                );
        }
    }
}
