//! `alb-tls13-only`: HTTPS listeners accept TLS 1.3 only.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    tls_version_check(out, inv, 3, "TLS 1.3");
}
