//! `iam-root-no-access-keys`: The root user has no access keys.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    summary_check(
        out,
        inv,
        |s| {
            s.access_keys_present
                .map(|n| (n == 0, format!("AccountAccessKeysPresent={n}")))
        },
        "The root user has no access keys.",
        "The root user has access keys.",
    );
}
