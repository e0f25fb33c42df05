//! `alb-deletion-protection`: Load balancers have deletion protection enabled.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    attribute_check(
        out,
        inv,
        "deletion_protection.enabled",
        "Deletion protection",
        |_| true,
    );
}
