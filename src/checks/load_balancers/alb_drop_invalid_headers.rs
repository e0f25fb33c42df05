//! `alb-drop-invalid-headers`: Load balancers drop HTTP headers with invalid field names.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    attribute_check(
        out,
        inv,
        "routing.http.drop_invalid_header_fields.enabled",
        "Dropping invalid header fields",
        LoadBalancer::is_application,
    );
}
