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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{alb, named};
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn judged_on_application_load_balancers_only() {
        const KEY: &str = "routing.http.drop_invalid_header_fields.enabled";
        let inv = inventory(
            json!({}),
            json!({"load_balancers": [
                alb("drops", json!({"attributes": {KEY: "true"}})),
                alb("default", json!({})),
                alb("unread", json!({"attributes": null})),
                alb("nlb", json!({"kind": "network", "attributes": {}})),
            ]}),
        );
        let findings = check("alb-drop-invalid-headers", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[("drops", Pass), ("default", Fail), ("unread", Unknown)])
        );
        let drops = named(&findings, "drops");
        assert_eq!(drops.evidence[KEY], "true");
        assert_eq!(
            drops.message,
            "Dropping invalid header fields is on for load balancer drops."
        );
    }
}
