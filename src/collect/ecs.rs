//! ECS clusters with their settings, services with their network
//! configuration, and the task definitions those services run.

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::types::{AssignPublicIp, ClusterField, ClusterSettingName};

use super::Scope;
use crate::inventory::{
    Container, ContainerInsights, ContainerLogging, EcsCluster, EcsService, ServiceNetwork,
    TaskDefinition,
};

/// DescribeClusters takes at most 100 clusters, DescribeServices 10 services.
const CLUSTER_BATCH: usize = 100;
const SERVICE_BATCH: usize = 10;

pub async fn collect(
    scope: &Scope,
    config: &SdkConfig,
) -> (Option<Vec<EcsCluster>>, Option<Vec<TaskDefinition>>) {
    let client: Client = crate::metered!(aws_sdk_ecs, scope.meter(), config);
    let Some(pages) = scope
        .pages(
            "ListClusters",
            None,
            client.list_clusters().into_paginator().send().try_collect(),
        )
        .await
    else {
        return (None, None);
    };
    let arns: Vec<String> = pages
        .iter()
        .flat_map(|p| p.cluster_arns())
        .cloned()
        .collect();
    let mut clusters = Vec::new();
    for batch in arns.chunks(CLUSTER_BATCH) {
        let out = scope
            .call(
                "DescribeClusters",
                None,
                client
                    .describe_clusters()
                    .set_clusters(Some(batch.to_vec()))
                    .include(ClusterField::Settings)
                    .send(),
            )
            .await;
        let Some(out) = out else { return (None, None) };
        for c in out.clusters() {
            clusters.push(EcsCluster {
                arn: c.cluster_arn().unwrap_or_default().to_string(),
                name: c.cluster_name().unwrap_or_default().to_string(),
                container_insights: c
                    .settings()
                    .iter()
                    .find(|s| s.name() == Some(&ClusterSettingName::ContainerInsights))
                    .and_then(|s| s.value())
                    .map(ContainerInsights::from),
                services: None,
            });
        }
    }
    let clusters = scope
        .each(clusters.into_iter().map(|c| services(scope, &client, c)))
        .await;

    let task_arns: BTreeSet<&str> = clusters
        .iter()
        .flat_map(|c| c.services.iter().flatten())
        .map(|s| s.task_definition.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let described = scope
        .each(
            task_arns
                .into_iter()
                .map(|arn| task_definition(scope, &client, arn)),
        )
        .await;
    // A task definition that could not be described leaves the list
    // incomplete, and so does a cluster whose services could not be listed:
    // what they run is not known.
    let every_service_listed = clusters.iter().all(|c| c.services.is_some());
    let task_definitions = described
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .filter(|_| every_service_listed);
    (Some(clusters), task_definitions)
}

async fn services(scope: &Scope, client: &Client, mut cluster: EcsCluster) -> EcsCluster {
    let arn = cluster.arn.clone();
    let Some(pages) = scope
        .pages(
            "ListServices",
            Some(&arn),
            client
                .list_services()
                .cluster(&arn)
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await
    else {
        return cluster;
    };
    let service_arns: Vec<String> = pages
        .iter()
        .flat_map(|p| p.service_arns())
        .cloned()
        .collect();
    let mut services = Vec::new();
    for batch in service_arns.chunks(SERVICE_BATCH) {
        let Some(out) = scope
            .call(
                "DescribeServices",
                Some(&arn),
                client
                    .describe_services()
                    .cluster(&arn)
                    .set_services(Some(batch.to_vec()))
                    .send(),
            )
            .await
        else {
            return cluster;
        };
        for s in out.services() {
            services.push(EcsService {
                arn: s.service_arn().unwrap_or_default().to_string(),
                name: s.service_name().unwrap_or_default().to_string(),
                task_definition: s.task_definition().unwrap_or_default().to_string(),
                network: s
                    .network_configuration()
                    .and_then(|n| n.awsvpc_configuration())
                    .map(|v| ServiceNetwork {
                        subnets: v.subnets().to_vec(),
                        security_groups: v.security_groups().to_vec(),
                        assign_public_ip: v
                            .assign_public_ip()
                            .is_some_and(|a| *a == AssignPublicIp::Enabled),
                    }),
                target_groups: s
                    .load_balancers()
                    .iter()
                    .filter_map(|l| l.target_group_arn())
                    .map(str::to_string)
                    .collect(),
            });
        }
    }
    cluster.services = Some(services);
    cluster
}

async fn task_definition(scope: &Scope, client: &Client, arn: &str) -> Option<TaskDefinition> {
    let out = scope
        .call(
            "DescribeTaskDefinition",
            Some(arn),
            client
                .describe_task_definition()
                .task_definition(arn)
                .send(),
        )
        .await?;
    let td = out.task_definition()?;
    Some(TaskDefinition {
        arn: td.task_definition_arn().unwrap_or(arn).to_string(),
        family: td.family().unwrap_or_default().to_string(),
        revision: td.revision(),
        execution_role: td
            .execution_role_arn()
            .filter(|r| !r.is_empty())
            .map(str::to_string),
        task_role: td
            .task_role_arn()
            .filter(|r| !r.is_empty())
            .map(str::to_string),
        containers: td
            .container_definitions()
            .iter()
            .map(|c| Container {
                name: c.name().unwrap_or_default().to_string(),
                image: c.image().unwrap_or_default().to_string(),
                user: c.user().filter(|u| !u.is_empty()).map(str::to_string),
                essential: c.essential().unwrap_or(true),
                health_check: c.health_check().is_some_and(|h| !h.command().is_empty()),
                environment: c
                    .environment()
                    .iter()
                    .filter_map(|e| e.name())
                    .map(str::to_string)
                    .collect(),
                secrets: c.secrets().iter().map(|s| s.name().to_string()).collect(),
                logging: Some(
                    match c.log_configuration().map(|l| l.log_driver().as_str()) {
                        Some(driver) if !driver.is_empty() => {
                            ContainerLogging::Driver(driver.into())
                        }
                        _ => ContainerLogging::None,
                    },
                ),
            })
            .collect(),
    })
}
