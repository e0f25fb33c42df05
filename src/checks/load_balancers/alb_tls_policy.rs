//! `alb-tls-policy`: HTTPS listeners require TLS 1.2 or newer.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    tls_version_check(out, inv, 2, "TLS 1.2");
}
