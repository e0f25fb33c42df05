//! `ecs-container-insights`: Every ECS cluster has Container Insights enabled.

use super::*;
use crate::inventory::ContainerInsights;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<EcsClusters>(inv, |out, at, cluster| {
        let setting = cluster
            .container_insights
            .as_ref()
            .map_or("disabled (not set)", ContainerInsights::as_str);
        let message = format!(
            "Container Insights is {setting} on cluster {}.",
            cluster.name
        );
        out.on(at, &cluster.arn, &cluster.name)
            .evidence("containerInsights", setting)
            .verdict(
                matches!(
                    cluster.container_insights,
                    Some(ContainerInsights::Enabled | ContainerInsights::Enhanced)
                ),
                message.clone(),
                message,
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn enabled_or_enhanced_passes_disabled_or_unset_fails() {
        let inv = inventory(
            json!({}),
            json!({"ecs_clusters": [
                {"arn": "c1", "name": "off", "container_insights": "disabled", "services": []},
                {"arn": "c2", "name": "unset", "container_insights": null, "services": []},
                {"arn": "c3", "name": "on", "container_insights": "enabled", "services": []},
                {"arn": "c4", "name": "enhanced", "container_insights": "enhanced", "services": []}
            ]}),
        );
        let findings = check("ecs-container-insights", &inv);
        assert_eq!(
            verdicts(&findings),
            v(&[
                ("off", Fail),
                ("unset", Fail),
                ("on", Pass),
                ("enhanced", Pass)
            ])
        );
        let unset = &findings[1];
        assert_eq!(unset.evidence["containerInsights"], "disabled (not set)");
        assert_eq!(
            unset.message,
            "Container Insights is disabled (not set) on cluster unset."
        );
        assert_eq!(findings[3].evidence["containerInsights"], "enhanced");
    }

    #[test]
    fn unlisted_clusters_are_unknown() {
        let inv = inventory(json!({}), json!({"ecs_clusters": null}));
        assert_eq!(
            verdicts(&check("ecs-container-insights", &inv)),
            v(&[("ECS clusters", Unknown)])
        );
    }
}
