//! `ecs-container-insights`: Every ECS cluster has Container Insights enabled.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let region = at.region;
        let Some(clusters) = &region.ecs_clusters else {
            out.unlisted::<EcsClusters>(at);
            continue;
        };
        for c in clusters {
            let setting = c
                .container_insights
                .clone()
                .unwrap_or_else(|| "disabled (not set)".into());
            let on = matches!(
                c.container_insights.as_deref(),
                Some("enabled" | "enhanced")
            );
            out.on(at, &c.arn, &c.name)
                .evidence("containerInsights", &setting)
                .verdict(
                    on,
                    format!("Container Insights is {setting} on cluster {}.", c.name),
                    format!("Container Insights is {setting} on cluster {}.", c.name),
                );
        }
    }
}
