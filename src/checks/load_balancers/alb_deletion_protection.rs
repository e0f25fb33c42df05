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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::alb;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn missing_attributes_mean_aws_defaults() {
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("listed-on", json!({"attributes": {"deletion_protection.enabled": "true"}})),
                alb("not-listed", json!({})),
                alb("unread", json!({"attributes": null})),
                alb("gwlb", json!({"kind": "gateway", "attributes": {"deletion_protection.enabled": "true"}})),
            ]}),
        );
        assert_eq!(
            verdicts(&check("alb-deletion-protection", &inv)),
            v(&[
                ("listed-on", Pass),
                ("not-listed", Fail),
                ("unread", Unknown),
                ("gwlb", Pass)
            ])
        );
    }
}
