//! ECR repositories (scan on push, encryption) and registry-level scanning.

use aws_config::SdkConfig;

use super::{Scope, kms};
use crate::inventory::{EcrEncryption, EcrRepository, RegistryScanning, ScanType, ScanningRule};

pub async fn collect(
    scope: &Scope,
    config: &SdkConfig,
) -> (Option<Vec<EcrRepository>>, Option<RegistryScanning>) {
    let client = crate::metered!(aws_sdk_ecr, scope.meter(), config);
    let kms_client = crate::metered!(aws_sdk_kms, scope.meter(), config);
    let repositories = async {
        let pages = scope
            .pages(
                "DescribeRepositories",
                None,
                client
                    .describe_repositories()
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?;
        let repos = pages.iter().flat_map(|p| p.repositories()).map(|r| {
            let kms_client = &kms_client;
            async move {
                let encryption = r.encryption_configuration();
                let kms_key = match encryption
                    .and_then(|e| e.kms_key())
                    .filter(|k| !k.is_empty())
                {
                    Some(reference) => Some(kms::describe(scope, kms_client, reference).await),
                    None => None,
                };
                EcrRepository {
                    arn: r.repository_arn().unwrap_or_default().to_string(),
                    name: r.repository_name().unwrap_or_default().to_string(),
                    scan_on_push: r
                        .image_scanning_configuration()
                        .is_some_and(|s| s.scan_on_push()),
                    // A repository without an encryption configuration gets ECR's default.
                    encryption_type: encryption.map_or(EcrEncryption::Aes256, |e| {
                        e.encryption_type().as_str().into()
                    }),
                    kms_key,
                    image_tag_mutability: r.image_tag_mutability().map(|m| m.as_str().into()),
                    tag_mutability_exclusions: r
                        .image_tag_mutability_exclusion_filters()
                        .iter()
                        .map(|f| f.filter().to_string())
                        .collect(),
                }
            }
        });
        Some(scope.each(repos).await)
    };
    let registry = async {
        let out = scope
            .call(
                "GetRegistryScanningConfiguration",
                None,
                client.get_registry_scanning_configuration().send(),
            )
            .await?;
        let c = out.scanning_configuration();
        Some(RegistryScanning {
            scan_type: c
                .and_then(|c| c.scan_type())
                .map_or(ScanType::Basic, |t| t.as_str().into()),
            rules: c
                .map(|c| c.rules())
                .unwrap_or_default()
                .iter()
                .map(|r| ScanningRule {
                    frequency: r.scan_frequency().as_str().into(),
                    filters: r
                        .repository_filters()
                        .iter()
                        .map(|f| f.filter().to_string())
                        .collect(),
                })
                .collect(),
        })
    };
    tokio::join!(repositories, registry)
}
