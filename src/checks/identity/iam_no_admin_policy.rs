//! `iam-no-admin-policy`: No attached customer-managed or inline policy allows * on *.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    policy_check(
        out,
        inv,
        true,
        (
            "allows every action on every resource",
            "does not allow every action on every resource",
        ),
        |s| {
            if s.all_actions() && s.all_resources() {
                vec!["Allow * on *".to_string()]
            } else {
                Vec::new()
            }
        },
    );
}
