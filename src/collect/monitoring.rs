//! CloudTrail trails, GuardDuty detectors, CloudWatch log groups, RDS databases.

use aws_config::SdkConfig;
use futures::future::join_all;

use super::Scope;
use crate::inventory::{Database, DatabaseKind, Detector, LogGroup, Trail};

pub async fn trails(scope: &Scope, config: &SdkConfig) -> Option<Vec<Trail>> {
    let client = aws_sdk_cloudtrail::Client::new(config);
    let out = scope
        .call(
            "DescribeTrails",
            None,
            client.describe_trails().include_shadow_trails(true).send(),
        )
        .await?;
    let trails = out.trail_list().iter().map(|t| {
        let client = &client;
        async move {
            let arn = t.trail_arn().unwrap_or_default().to_string();
            // The ARN lets GetTrailStatus answer for another region's trail too.
            let logging = scope
                .call(
                    "GetTrailStatus",
                    Some(&arn),
                    client.get_trail_status().name(&arn).send(),
                )
                .await
                .map(|s| s.is_logging().unwrap_or(false));
            Trail {
                name: t.name().unwrap_or_default().to_string(),
                home_region: t.home_region().map(str::to_string),
                multi_region: t.is_multi_region_trail().unwrap_or(false),
                logging,
                arn,
            }
        }
    });
    Some(join_all(trails).await)
}

pub async fn detectors(scope: &Scope, config: &SdkConfig) -> Option<Vec<Detector>> {
    let client = aws_sdk_guardduty::Client::new(config);
    let pages = scope
        .pages(
            "ListDetectors",
            None,
            client
                .list_detectors()
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p.detector_ids())
        .cloned()
        .collect();
    let detectors = ids.into_iter().map(|id| {
        let client = &client;
        async move {
            let status = scope
                .call(
                    "GetDetector",
                    Some(&id),
                    client.get_detector().detector_id(&id).send(),
                )
                .await
                .and_then(|d| d.status().map(|s| s.as_str().into()));
            Detector { id, status }
        }
    });
    Some(join_all(detectors).await)
}

pub async fn log_groups(scope: &Scope, config: &SdkConfig) -> Option<Vec<LogGroup>> {
    let client = aws_sdk_cloudwatchlogs::Client::new(config);
    let pages = scope
        .pages(
            "DescribeLogGroups",
            None,
            client
                .describe_log_groups()
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    Some(
        pages
            .iter()
            .flat_map(|p| p.log_groups())
            .map(|g| {
                let name = g.log_group_name().unwrap_or_default().to_string();
                LogGroup {
                    arn: g
                        .arn()
                        .map(|a| a.trim_end_matches(":*").to_string())
                        .unwrap_or_else(|| scope.arn("logs", &format!("log-group:{name}"))),
                    kms_key_id: g.kms_key_id().filter(|k| !k.is_empty()).map(str::to_string),
                    name,
                }
            })
            .collect(),
    )
}

/// RDS instances and clusters. An instance that belongs to a cluster is
/// judged through its cluster (Aurora encrypts at the cluster).
pub async fn databases(scope: &Scope, config: &SdkConfig) -> Option<Vec<Database>> {
    let client = aws_sdk_rds::Client::new(config);
    let instances = scope.pages(
        "DescribeDBInstances",
        None,
        client
            .describe_db_instances()
            .into_paginator()
            .send()
            .try_collect(),
    );
    let clusters = scope.pages(
        "DescribeDBClusters",
        None,
        client
            .describe_db_clusters()
            .into_paginator()
            .send()
            .try_collect(),
    );
    let (instances, clusters) = tokio::join!(instances, clusters);
    let mut out: Vec<Database> = clusters?
        .iter()
        .flat_map(|p| p.db_clusters())
        .map(|c| Database {
            arn: c.db_cluster_arn().unwrap_or_default().to_string(),
            id: c.db_cluster_identifier().unwrap_or_default().to_string(),
            kind: DatabaseKind::Cluster,
            engine: c.engine().map(str::to_string),
            storage_encrypted: c.storage_encrypted().unwrap_or(false),
        })
        .collect();
    out.extend(
        instances?
            .iter()
            .flat_map(|p| p.db_instances())
            .filter(|i| i.db_cluster_identifier().is_none())
            .map(|i| Database {
                arn: i.db_instance_arn().unwrap_or_default().to_string(),
                id: i.db_instance_identifier().unwrap_or_default().to_string(),
                kind: DatabaseKind::Instance,
                engine: i.engine().map(str::to_string),
                storage_encrypted: i.storage_encrypted().unwrap_or(false),
            }),
    );
    Some(out)
}
