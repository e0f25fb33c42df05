//! `alb-access-logs`: Load balancers write access logs to S3.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    attribute_check(out, inv, "access_logs.s3.enabled", "Access logging", |lb| {
        lb.kind != "gateway"
    });
}
