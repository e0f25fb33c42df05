//! The vulnerability scan findings of the ECR images ECS services run: one
//! `DescribeImageScanFindings` per distinct image, by digest, or by a tag its
//! repository keeps on one image. A mutable tag, an image of another region's
//! registry or outside ECR cannot be judged (the check says why), so it costs
//! no call.

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use aws_sdk_ecr::Client;
use aws_sdk_ecr::types::{FindingSeverity, ImageIdentifier, ScanStatus};

use super::Scope;
use crate::inventory::{
    EcrImage, EcrRepository, ImageReference, ImageScan, ScanResult, TaskDefinition, tag_immutable,
};

/// The most pages read of one image's findings (1,000 findings a page).
const MAX_PAGES: usize = 50;

/// The images worth a call: in this region's registries, by digest or by an
/// immutable tag of one of the account's repositories (the only ones whose
/// tag mutability is read).
pub fn wanted(
    account: &str,
    region: &str,
    task_definitions: &[TaskDefinition],
    repositories: Option<&[EcrRepository]>,
) -> BTreeSet<EcrImage> {
    task_definitions
        .iter()
        .flat_map(|td| &td.containers)
        .filter_map(|c| EcrImage::parse(&c.image))
        .filter(|image| image.region == region)
        .filter(|image| match &image.reference {
            ImageReference::Digest(_) => true,
            ImageReference::Tag(tag) => {
                image.registry == account
                    && repositories
                        .and_then(|repos| repos.iter().find(|r| r.name == image.repository))
                        .and_then(|repo| tag_immutable(repo, tag))
                        == Some(true)
            }
        })
        .collect()
}

pub async fn read(scope: &Scope, config: &SdkConfig, images: BTreeSet<EcrImage>) -> Vec<ImageScan> {
    if images.is_empty() {
        return Vec::new();
    }
    let client: Client = crate::metered!(aws_sdk_ecr, scope.meter(), config);
    let client = &client;
    scope
        .each(images.into_iter().map(|image| async move {
            let result = findings(scope, client, &image).await;
            ImageScan {
                registry: image.registry,
                repository: image.repository,
                image: image.reference.as_str().to_string(),
                result,
            }
        }))
        .await
}

async fn findings(scope: &Scope, client: &Client, image: &EcrImage) -> ScanResult {
    let id = match &image.reference {
        ImageReference::Digest(digest) => ImageIdentifier::builder().image_digest(digest),
        ImageReference::Tag(tag) => ImageIdentifier::builder().image_tag(tag),
    }
    .build();
    let resource = format!(
        "{}/{}:{}",
        image.registry,
        image.repository,
        image.reference.as_str()
    );
    let mut token: Option<String> = None;
    let mut listed = 0u64;
    let mut pages = 0;
    loop {
        let answer = scope
            .attempt(
                client
                    .describe_image_scan_findings()
                    .registry_id(&image.registry)
                    .repository_name(&image.repository)
                    .image_id(id.clone())
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await;
        let page = match answer {
            Ok(page) => page,
            Err(err) => {
                return match err.code.as_deref() {
                    Some("ScanNotFoundException") => ScanResult::NotScanned,
                    Some(code @ ("ImageNotFoundException" | "RepositoryNotFoundException")) => {
                        ScanResult::NotFound {
                            code: code.to_string(),
                        }
                    }
                    _ => {
                        scope.gap("DescribeImageScanFindings", Some(&resource), err.text);
                        ScanResult::Unread
                    }
                };
            }
        };
        let status = page.image_scan_status().and_then(|s| s.status());
        let description = page
            .image_scan_status()
            .and_then(|s| s.description())
            .map(str::to_string);
        let status_text = status.map_or("(no status)", |s| s.as_str()).to_string();
        if !matches!(status, Some(ScanStatus::Complete | ScanStatus::Active)) {
            return ScanResult::NotComplete {
                status: status_text,
                description,
            };
        }
        let Some(found) = page.image_scan_findings() else {
            return ScanResult::NotComplete {
                status: status_text,
                description: Some("the answer holds no findings".to_string()),
            };
        };
        listed += critical_on_page(found);
        // The counts are the whole image's: no further page is needed. An
        // empty map is not taken for "none" (enhanced answers may leave the
        // counts out): the findings themselves are read to the last page.
        if let Some(counts) = found.finding_severity_counts().filter(|c| !c.is_empty()) {
            let counted = counts
                .get(&FindingSeverity::Critical)
                .copied()
                .unwrap_or(0)
                .max(0) as u64;
            return ScanResult::Scanned {
                status: status_text,
                critical: counted.max(listed),
            };
        }
        pages += 1;
        match page.next_token() {
            Some(next) if !next.is_empty() && token.as_deref() != Some(next) => {
                if pages >= MAX_PAGES {
                    scope.gap(
                        "DescribeImageScanFindings",
                        Some(&resource),
                        format!("more than {MAX_PAGES} pages of findings; the rest were not read"),
                    );
                    return if listed > 0 {
                        ScanResult::Scanned {
                            status: status_text,
                            critical: listed,
                        }
                    } else {
                        ScanResult::Unread
                    };
                }
                token = Some(next.to_string());
            }
            _ => {
                return ScanResult::Scanned {
                    status: status_text,
                    critical: listed,
                };
            }
        }
    }
}

/// The CRITICAL findings of one page: basic `findings` by severity, and
/// Inspector's `enhancedFindings` by severity unless `CLOSED` (remediated).
fn critical_on_page(found: &aws_sdk_ecr::types::ImageScanFindings) -> u64 {
    let basic = found
        .findings()
        .iter()
        .filter(|f| f.severity() == Some(&FindingSeverity::Critical))
        .count();
    let enhanced = found
        .enhanced_findings()
        .iter()
        .filter(|f| f.severity() == Some("CRITICAL") && f.status() != Some("CLOSED"))
        .count();
    (basic + enhanced) as u64
}
