//! CloudTrail trails, GuardDuty detectors, CloudWatch log groups.

use std::collections::HashMap;

use aws_config::{Region, SdkConfig};

use super::Scope;
use crate::inventory::{
    AdvancedEventSelector, CloudWatchLogsDelivery, CloudWatchLogsDestination, Detector,
    EventSelector, EventSelectors, FieldSelector, LogGroup, ReadWriteType, Trail,
};

/// The trails the region lists (shadow copies of multi-region and
/// organization trails included), each with its status and event selectors.
///
/// Both are asked of the trail's home region, by ARN: that region owns the
/// trail, so the answer holds for every copy. Only multi-region trails are
/// asked about (no other can count), and only this account's: a trail of
/// another account (an organization trail seen from a member account) can be
/// read only by its owner, so the calls would fail here; the check says whose
/// it is to verify.
pub async fn trails(scope: &Scope, config: &SdkConfig) -> Option<Vec<Trail>> {
    let client = crate::metered!(aws_sdk_cloudtrail, scope.meter(), config);
    let out = scope
        .call(
            "DescribeTrails",
            None,
            client.describe_trails().include_shadow_trails(true).send(),
        )
        .await?;
    // One client per other home region the listed trails name.
    let mut homes: HashMap<&str, aws_sdk_cloudtrail::Client> = HashMap::new();
    for home in out.trail_list().iter().filter_map(|t| t.home_region()) {
        if home != scope.region && !homes.contains_key(home) {
            let home_config = config
                .to_builder()
                .region(Region::new(home.to_string()))
                .build();
            homes.insert(
                home,
                crate::metered!(aws_sdk_cloudtrail, scope.meter(), &home_config),
            );
        }
    }
    let trails = out.trail_list().iter().map(|t| {
        let client = t
            .home_region()
            .and_then(|home| homes.get(home))
            .unwrap_or(&client);
        async move {
            let mut trail = Trail {
                arn: t.trail_arn().unwrap_or_default().to_string(),
                name: t.name().unwrap_or_default().to_string(),
                home_region: t.home_region().map(str::to_string),
                multi_region: t.is_multi_region_trail().unwrap_or(false),
                organization: Some(t.is_organization_trail().unwrap_or(false)),
                logging: None,
                event_selectors: None,
                log_file_validation: Some(t.log_file_validation_enabled().unwrap_or(false)),
                cloudwatch_logs: Some(CloudWatchLogsDestination {
                    log_group_arn: non_empty(t.cloud_watch_logs_log_group_arn()),
                    role_arn: non_empty(t.cloud_watch_logs_role_arn()),
                }),
                cloudwatch_logs_delivery: None,
            };
            // Only a multi-region trail can count: a single-region one is not
            // asked about either.
            if !trail.multi_region || trail.owner().is_some_and(|owner| owner != scope.account) {
                return trail;
            }
            let arn = trail.arn.as_str();
            let (status, selectors) = tokio::join!(
                scope.call(
                    "GetTrailStatus",
                    Some(arn),
                    client.get_trail_status().name(arn).send(),
                ),
                scope.call(
                    "GetEventSelectors",
                    Some(arn),
                    client.get_event_selectors().trail_name(arn).send(),
                ),
            );
            trail.logging = status.as_ref().map(|s| s.is_logging().unwrap_or(false));
            trail.cloudwatch_logs_delivery = status.map(|s| CloudWatchLogsDelivery {
                latest_delivery_time: super::time(s.latest_cloud_watch_logs_delivery_time()),
                latest_delivery_error: non_empty(s.latest_cloud_watch_logs_delivery_error()),
            });
            trail.event_selectors = selectors.map(|s| EventSelectors {
                basic: s.event_selectors().iter().map(basic_selector).collect(),
                advanced: s
                    .advanced_event_selectors()
                    .iter()
                    .map(advanced_selector)
                    .collect(),
            });
            trail
        }
    });
    Some(scope.each(trails).await)
}

/// A value AWS may send empty for "not set".
fn non_empty(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(str::to_string)
}

/// A basic selector, with AWS's documented defaults for what it leaves out
/// (`ReadWriteType` All, `IncludeManagementEvents` true).
fn basic_selector(s: &aws_sdk_cloudtrail::types::EventSelector) -> EventSelector {
    EventSelector {
        read_write_type: s
            .read_write_type()
            .map_or(ReadWriteType::All, |t| t.as_str().into()),
        include_management_events: s.include_management_events().unwrap_or(true),
        exclude_management_event_sources: s.exclude_management_event_sources().to_vec(),
    }
}

fn advanced_selector(
    s: &aws_sdk_cloudtrail::types::AdvancedEventSelector,
) -> AdvancedEventSelector {
    AdvancedEventSelector {
        name: s.name().map(str::to_string),
        field_selectors: s
            .field_selectors()
            .iter()
            .map(|f| FieldSelector {
                field: f.field().to_string(),
                equals: f.equals().to_vec(),
                not_equals: f.not_equals().to_vec(),
                starts_with: f.starts_with().to_vec(),
                not_starts_with: f.not_starts_with().to_vec(),
                ends_with: f.ends_with().to_vec(),
                not_ends_with: f.not_ends_with().to_vec(),
            })
            .collect(),
    }
}

pub async fn detectors(scope: &Scope, config: &SdkConfig) -> Option<Vec<Detector>> {
    let client = crate::metered!(aws_sdk_guardduty, scope.meter(), config);
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
    Some(scope.each(detectors).await)
}

pub async fn log_groups(scope: &Scope, config: &SdkConfig) -> Option<Vec<LogGroup>> {
    let client = crate::metered!(aws_sdk_cloudwatchlogs, scope.meter(), config);
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
