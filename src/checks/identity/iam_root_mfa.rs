//! `iam-root-mfa`: The root user has MFA enabled.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    summary_check(
        out,
        inv,
        |s| {
            s.mfa_enabled
                .map(|on| (on, format!("AccountMFAEnabled={}", u8::from(on))))
        },
        "The root user has MFA.",
        "The root user has no MFA device.",
    );
}
