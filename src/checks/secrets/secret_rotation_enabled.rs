//! `secret-rotation-enabled`: Secrets have automatic rotation enabled.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Secrets>(inv, |out, at, s| {
        out.on(at, &s.arn, &s.name)
            .evidence("rotation_enabled", s.rotation_enabled)
            .evidence(
                "rotation_days",
                s.rotation_days
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "none".into()),
            )
            .verdict(
                s.rotation_enabled,
                format!("Secret {} rotates automatically.", s.name),
                format!("Secret {} has no automatic rotation.", s.name),
            );
    });
}
