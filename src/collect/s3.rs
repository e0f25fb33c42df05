//! Buckets with versioning, encryption, public access block, policy, logging
//! and whether they hold Terraform state; the account-level public access block.

use std::collections::HashMap;

use aws_config::{Region, SdkConfig};

use super::{Scope, kms};
use crate::inventory::{
    Bucket, BucketPolicy, EncryptionRule, Logging, MfaDelete, PublicAccessBlock, S3, SseAlgorithm,
    Versioning, VersioningStatus,
};

/// How many pages of keys (1,000 each) to scan for `*.tfstate` before giving up.
const STATE_SCAN_PAGES: usize = 10;

/// Buckets per ListBuckets page, AWS's maximum. Asking for a page size makes
/// the listing paginated (`ContinuationToken`): an account whose bucket quota
/// is above 10,000 is refused an unpaginated listing.
const BUCKETS_PER_PAGE: i32 = 10_000;

/// S3 does not follow cross-region redirects: each bucket gets a client of its region.
fn regional_client(
    scope: &Scope,
    config: &SdkConfig,
    region: &str,
    path_style: bool,
) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(config)
        .interceptor(scope.meter())
        .region(Region::new(region.to_string()))
        .force_path_style(path_style)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The S3 and KMS clients of each bucket region, made once per region: a
/// client holds its whole configuration and runtime plugins, so one per
/// bucket cost tens of megabytes on an account with hundreds of buckets.
struct RegionalClients<'a> {
    scope: &'a Scope,
    config: &'a SdkConfig,
    path_style: bool,
    made: std::sync::Mutex<HashMap<String, (aws_sdk_s3::Client, aws_sdk_kms::Client)>>,
}

impl RegionalClients<'_> {
    fn get(&self, region: &str) -> (aws_sdk_s3::Client, aws_sdk_kms::Client) {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.entry(region.to_string())
            .or_insert_with(|| {
                let s3 = regional_client(self.scope, self.config, region, self.path_style);
                let kms = crate::metered!(
                    aws_sdk_kms,
                    self.scope.meter(),
                    &self
                        .config
                        .to_builder()
                        .region(Region::new(region.to_string()))
                        .build()
                );
                (s3, kms)
            })
            .clone()
    }
}

pub async fn collect(
    scope: &Scope,
    config: &SdkConfig,
    path_style: bool,
    state_buckets: &[String],
) -> Option<S3> {
    let home = config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "us-east-1".into());
    let client = regional_client(scope, config, &home, path_style);
    let pages = scope
        .pages(
            "ListBuckets",
            None,
            client
                .list_buckets()
                .max_buckets(BUCKETS_PER_PAGE)
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    let clients = RegionalClients {
        scope,
        config,
        path_style,
        made: Default::default(),
    };
    let buckets = pages.iter().flat_map(|p| p.buckets()).filter_map(|b| {
        let name = b.name()?.to_string();
        let listed_region = b.bucket_region().map(str::to_string);
        let (client, clients) = (&client, &clients);
        Some(async move {
            let region = match listed_region {
                Some(r) => Some(r),
                None => scope
                    .call(
                        "GetBucketLocation",
                        Some(&name),
                        client.get_bucket_location().bucket(&name).send(),
                    )
                    .await
                    .map(|out| match out.location_constraint().map(|c| c.as_str()) {
                        None | Some("") => "us-east-1".to_string(),
                        Some("EU") => "eu-west-1".to_string(),
                        Some(other) => other.to_string(),
                    }),
            };
            bucket(scope, clients, state_buckets, name, region).await
        })
    });
    Some(S3 {
        buckets: scope.each(buckets).await,
        // Filled by the caller, which knows the audited regions.
        state_region_tables: Vec::new(),
    })
}

/// One bucket. Only state buckets are judged, so the five calls of its
/// configuration are spent only on a bucket that is one: named so (its name,
/// `--state-bucket`, `[state] buckets`) or holding a `*.tfstate` key. For any
/// other bucket the key scan is the one call; its configuration stays `None`
/// (not read), which a check would report as unknown, never as a pass.
async fn bucket(
    scope: &Scope,
    clients: &RegionalClients<'_>,
    state_buckets: &[String],
    name: String,
    region: Option<String>,
) -> Bucket {
    let mut bucket = Bucket {
        name,
        region: region.clone(),
        versioning: None,
        encryption: None,
        public_access_block: None,
        policy: None,
        logging: None,
        tfstate_keys: None,
    };
    let Some(region) = region else { return bucket };
    let (client, kms_client) = clients.get(&region);
    let name = bucket.name.clone();
    let res = Some(name.as_str());

    let scan = scope.pages("ListObjectsV2", res, async {
        let mut stream = client
            .list_objects_v2()
            .bucket(&name)
            .into_paginator()
            .send();
        let mut pages = Vec::new();
        while pages.len() < STATE_SCAN_PAGES {
            match stream.next().await {
                Some(page) => {
                    let page = page?;
                    let found = page
                        .contents()
                        .iter()
                        .any(|o| o.key().is_some_and(is_state_key));
                    pages.push(page);
                    if found {
                        break;
                    }
                }
                None => break,
            }
        }
        Ok(pages)
    });
    let named = bucket.is_state_bucket(state_buckets);
    let state = if named {
        // Named a state bucket: everything at once.
        let (state, ()) = tokio::join!(
            scan,
            read_configuration(scope, &client, &kms_client, &mut bucket)
        );
        state
    } else {
        scan.await
    };
    bucket.tfstate_keys = state.map(|pages| {
        pages
            .iter()
            .flat_map(|p| p.contents())
            .filter_map(|o| o.key())
            .filter(|k| is_state_key(k))
            .take(5)
            .map(str::to_string)
            .collect()
    });
    if !named && bucket.is_state_bucket(state_buckets) {
        read_configuration(scope, &client, &kms_client, &mut bucket).await;
    }
    bucket
}

/// Versioning, default encryption (with its KMS key), public access block,
/// policy and access logging of a state bucket.
async fn read_configuration(
    scope: &Scope,
    client: &aws_sdk_s3::Client,
    kms_client: &aws_sdk_kms::Client,
    bucket: &mut Bucket,
) {
    let name = bucket.name.clone();
    let res = Some(name.as_str());
    let versioning = scope.call(
        "GetBucketVersioning",
        res,
        client.get_bucket_versioning().bucket(&name).send(),
    );
    let encryption = async {
        let out = scope
            .call_absent(
                "GetBucketEncryption",
                res,
                &["ServerSideEncryptionConfigurationNotFoundError"],
                client.get_bucket_encryption().bucket(&name).send(),
            )
            .await?;
        let Some(out) = out else {
            return Some(Vec::new());
        };
        let defaults = out
            .server_side_encryption_configuration()
            .map(|c| c.rules())
            .unwrap_or_default()
            .iter()
            .filter_map(|r| r.apply_server_side_encryption_by_default());
        let mut rules = Vec::new();
        for d in defaults {
            let kms_key = match d.kms_master_key_id().filter(|k| !k.is_empty()) {
                Some(reference) => Some(kms::describe(scope, kms_client, reference).await),
                None => None,
            };
            rules.push(EncryptionRule {
                algorithm: SseAlgorithm::from(d.sse_algorithm().as_str()),
                kms_key,
            });
        }
        Some(rules)
    };
    let pab = scope.call_absent(
        "GetPublicAccessBlock",
        res,
        &["NoSuchPublicAccessBlockConfiguration"],
        client.get_public_access_block().bucket(&name).send(),
    );
    let policy = scope.call_absent(
        "GetBucketPolicy",
        res,
        &["NoSuchBucketPolicy"],
        client.get_bucket_policy().bucket(&name).send(),
    );
    let logging = scope.call(
        "GetBucketLogging",
        res,
        client.get_bucket_logging().bucket(&name).send(),
    );
    let (versioning, encryption, pab, policy, logging) =
        tokio::join!(versioning, encryption, pab, policy, logging);

    bucket.versioning = versioning.map(|v| Versioning {
        status: v.status().map(|s| VersioningStatus::from(s.as_str())),
        mfa_delete: v.mfa_delete().map(|m| MfaDelete::from(m.as_str())),
    });
    bucket.encryption = encryption;
    bucket.public_access_block = pab.map(|out| {
        out.and_then(|o| {
            o.public_access_block_configuration()
                .map(public_access_block)
        })
        .unwrap_or_default()
    });
    bucket.policy = policy.map(|out| BucketPolicy {
        document: out.and_then(|o| o.policy().map(str::to_string)),
    });
    bucket.logging = logging.map(|l| Logging {
        target_bucket: l.logging_enabled().map(|e| e.target_bucket().to_string()),
    });
}

fn is_state_key(key: &str) -> bool {
    key.ends_with(".tfstate")
}

/// The four flags as S3 and S3 Control both answer them; an absent flag is off.
fn flags(
    acls: Option<bool>,
    ignore: Option<bool>,
    policy: Option<bool>,
    restrict: Option<bool>,
) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: acls.unwrap_or(false),
        ignore_public_acls: ignore.unwrap_or(false),
        block_public_policy: policy.unwrap_or(false),
        restrict_public_buckets: restrict.unwrap_or(false),
    }
}

fn public_access_block(c: &aws_sdk_s3::types::PublicAccessBlockConfiguration) -> PublicAccessBlock {
    flags(
        c.block_public_acls(),
        c.ignore_public_acls(),
        c.block_public_policy(),
        c.restrict_public_buckets(),
    )
}

/// The account-level block (S3 Control); all `false` when none is set.
pub async fn account_public_access_block(
    scope: &Scope,
    config: &SdkConfig,
    emulated: bool,
) -> Option<PublicAccessBlock> {
    let mut conf = aws_sdk_s3control::config::Builder::from(config).interceptor(scope.meter());
    if emulated {
        conf = conf.endpoint_resolver(super::s3control_endpoint::WithoutAccountPrefix::default());
    }
    let client = aws_sdk_s3control::Client::from_conf(conf.build());
    let out = scope
        .call_absent(
            "GetPublicAccessBlock",
            None,
            &["NoSuchPublicAccessBlockConfiguration"],
            client
                .get_public_access_block()
                .account_id(&scope.account)
                .send(),
        )
        .await?;
    Some(
        out.and_then(|o| {
            o.public_access_block_configuration().map(|c| {
                flags(
                    c.block_public_acls(),
                    c.ignore_public_acls(),
                    c.block_public_policy(),
                    c.restrict_public_buckets(),
                )
            })
        })
        .unwrap_or_default(),
    )
}
