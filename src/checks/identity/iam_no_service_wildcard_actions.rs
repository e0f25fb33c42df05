//! `iam-no-service-wildcard-actions`: No customer-managed or inline policy allows a whole service (e.g. s3:*).

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    let phrases = ("grants whole services", "grants no whole service");
    policy_check(out, inv, false, phrases, |s| s.service_wildcards());
}
