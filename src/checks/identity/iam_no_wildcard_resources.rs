//! `iam-no-wildcard-resources`: Policies grant write actions only on specific resource ARNs.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    policy_check(
        out,
        inv,
        false,
        (
            "grants write actions on wildcard resources",
            "grants no write action on a wildcard resource",
        ),
        |s| {
            let wild = s.wildcard_resources();
            let writes = s.write_actions();
            if wild.is_empty() || writes.is_empty() {
                Vec::new()
            } else {
                vec![format!("{} on {}", writes.join(","), wild.join(","))]
            }
        },
    );
}
