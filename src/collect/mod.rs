//! Collection: AWS APIs → [`Inventory`]. One module per service; no SDK type
//! leaves this layer. Only `Describe*`, `List*` and `Get*` calls are made.

mod context;
mod credential_report;
mod dynamodb;
mod ec2;
mod ecr;
mod ecr_scans;
mod ecs;
mod elbv2;
mod eventbridge;
mod iam;
mod kms;
mod meter;
mod monitoring;
pub mod operations;
mod organizations;
mod rds;
pub mod redact;
mod s3;
mod s3control_endpoint;
mod secrets;
pub mod session;

pub use context::{Context, Scope, TIMED_OUT};
pub use iam::decode_document;
pub use session::ConnectOptions;
use session::RoleTarget;

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_config::{Region, SdkConfig};
use chrono::{DateTime, Utc};

use crate::error::AuditError;
use crate::inventory::{
    AccountInventory, Bucket, Inventory, RegionInventory, RegionTables, SNAPSHOT_SCHEMA,
};
use crate::progress::Progress;

/// AWS's timestamp as chrono's.
pub(crate) fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<DateTime<Utc>> {
    let t = t?;
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

#[derive(Debug, Clone)]
pub struct CollectOptions {
    pub connect: ConnectOptions,
    /// The most AWS calls in flight at once, across accounts and regions.
    pub concurrency: usize,
    /// `--timeout`: after it, no call is waited for; each becomes a gap.
    pub timeout: Option<std::time::Duration>,
    /// The live display (gaps are printed as they happen when it is shown),
    /// and the time of each phase.
    pub progress: Progress,
    /// Read secret values to judge `secret-placeholder-value` (opt-in).
    pub inspect_secret_values: bool,
    /// Buckets named as Terraform state buckets (`--state-bucket`, `[state]
    /// buckets`): lock tables are searched in their regions too.
    pub state_buckets: Vec<String>,
}

/// One account to audit: its identity and how to call it.
struct Target {
    account: String,
    caller_arn: String,
    partition: String,
    config: SdkConfig,
}

pub async fn collect(opts: &CollectOptions) -> Result<Inventory, AuditError> {
    let started_at = Utc::now();
    opts.progress.phase("connect");
    let base = session::base_config(&opts.connect).await?;
    let home = base
        .region()
        .map(|r| r.to_string())
        .ok_or(AuditError::NoRegion)?;
    let ctx = Context::new(opts.concurrency, opts.progress.clone());
    if let Some(timeout) = opts.timeout {
        ctx.set_deadline(timeout);
    }
    // One round trip for both: against real AWS, each costs its latency.
    let (listed, caller) = tokio::join!(
        describe_regions(&ctx, &base),
        identify(&ctx, base.clone(), None)
    );
    let explicit = &opts.connect.regions;
    if let (false, Ok(listed)) = (explicit.is_empty(), &listed) {
        refuse_regions(explicit, listed)?;
    }
    let caller = caller?;
    let mut wanted: Vec<RoleTarget> = opts.connect.roles.clone();
    if let Some(name) = &opts.connect.org_role {
        let scope = ctx.scope(
            &caller.account,
            &caller.partition,
            "global",
            "organizations",
        );
        wanted.extend(
            organizations::members(&scope, &caller.config, name)
                .await
                .unwrap_or_default(),
        );
    }
    // The caller's account is audited with the caller's credentials, unless
    // only assumed roles are to be used.
    let assumed_only = opts.connect.assumed_only;
    let mut seen = BTreeSet::new();
    if !assumed_only {
        seen.insert(caller.account.clone());
    }
    wanted.retain(|role| seen.insert(role.account.clone()));
    let external_id = opts.connect.external_id.as_deref();
    let assumed = ctx
        .each(wanted.iter().map(|role| async {
            let config = session::assume_role(&base, ctx.meter(), &role.arn, external_id);
            let partition = role.arn.split(':').nth(1).unwrap_or(&caller.partition);
            let scope = ctx.scope(&role.account, partition, &home, "sts");
            match identify(&ctx, config, Some(&role.account)).await {
                Ok(target) => Some(target),
                // The other accounts are still audited; this one is a gap.
                Err(err) => {
                    scope.gap("AssumeRole", Some(&role.arn), err.to_string());
                    None
                }
            }
        }))
        .await;
    let targets: Vec<Target> = (!assumed_only)
        .then_some(caller)
        .into_iter()
        .chain(assumed.into_iter().flatten())
        .collect();
    opts.progress.phase("collect");

    let emulated = opts.connect.endpoint_url.is_some();
    let (ctx_ref, home_ref) = (&ctx, home.as_str());
    let accounts = ctx
        .each(targets.iter().enumerate().map(|(i, t)| {
            let (ctx, home) = (ctx_ref, home_ref);
            // The caller's own account reuses the first listing; each other
            // account has its own opt-in regions.
            let first = (i == 0 && !assumed_only).then_some(&listed);
            async move {
                let regions = match explicit.is_empty() {
                    false => explicit.clone(),
                    true => audited_regions(ctx, t, home, first).await,
                };
                collect_account(ctx, t, &regions, emulated, opts).await
            }
        }))
        .await;

    Ok(Inventory {
        schema: SNAPSHOT_SCHEMA.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at,
        finished_at: Utc::now(),
        accounts,
        gaps: ctx.take_gaps(),
        api_calls: ctx.meter().calls(),
        calls: ctx.meter().tallies(),
        terraform: None,
    })
}

/// Each region with its `OptInStatus`, as DescribeRegions (`AllRegions`)
/// lists them, or the error that stopped the call.
type Listed = Result<Vec<(String, Option<String>)>, String>;

/// The regions an audit without `--region` covers in one account: every
/// region enabled for it (opt-in not required, or opted in) in the account's
/// partition. When the account's regions cannot be listed, the configured
/// region alone, and a gap that says the others were not audited.
async fn audited_regions(
    ctx: &Arc<Context>,
    target: &Target,
    home: &str,
    listed: Option<&Listed>,
) -> Vec<String> {
    let own;
    let listed = match listed {
        Some(listed) => listed,
        None => {
            own = describe_regions(ctx, &target.config).await;
            &own
        }
    };
    match listed {
        Ok(listed) => {
            let enabled = enabled_regions(listed, &target.partition);
            if !enabled.is_empty() {
                return enabled;
            }
            ctx.scope(&target.account, &target.partition, home, "ec2").gap(
                "DescribeRegions",
                None,
                format!(
                    "no enabled region of partition {} was listed; only {home} was audited",
                    target.partition
                ),
            );
        }
        Err(error) => ctx.scope(&target.account, &target.partition, home, "ec2").gap(
            "DescribeRegions",
            None,
            format!("{error}; the enabled regions are unknown, so only {home} was audited (name the others with --region)"),
        ),
    }
    vec![home.to_string()]
}

/// The partition a region belongs to (`cn-north-1` → `aws-cn`).
fn region_partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-iso") {
        "aws-iso"
    } else {
        "aws"
    }
}

/// The enabled regions of `partition`, sorted: every listed region whose
/// status is not `not-opted-in`. A region of another partition cannot be
/// reached with this account's credentials (some emulators list them all).
fn enabled_regions(listed: &[(String, Option<String>)], partition: &str) -> Vec<String> {
    let mut enabled: Vec<String> = listed
        .iter()
        .filter(|(name, status)| {
            status.as_deref() != Some(NOT_OPTED_IN) && region_partition(name) == partition
        })
        .map(|(name, _)| name.clone())
        .collect();
    enabled.sort();
    enabled.dedup();
    enabled
}

/// Who the credentials are: STS GetCallerIdentity. Failing here means the
/// audit of that account cannot run at all.
async fn identify(
    ctx: &Arc<Context>,
    config: SdkConfig,
    expected: Option<&String>,
) -> Result<Target, AuditError> {
    let client = crate::metered!(aws_sdk_sts, ctx.meter(), &preflight(&config));
    // Under STS's cap: with --org-role, many accounts are identified at once.
    let scope = ctx.scope(expected.map_or("", |a| a.as_str()), "", "global", "sts");
    let out = scope
        .attempt(client.get_caller_identity().send())
        .await
        .map_err(|err| AuditError::Unreachable {
            what: match expected {
                Some(account) => format!("sts:GetCallerIdentity as account {account}"),
                None => "sts:GetCallerIdentity".into(),
            },
            error: err.text,
        })?;
    let account = out.account().unwrap_or_default().to_string();
    let caller_arn = out.arn().unwrap_or_default().to_string();
    let partition = caller_arn
        .split(':')
        .nth(1)
        .filter(|p| !p.is_empty())
        .unwrap_or("aws")
        .to_string();
    Ok(Target {
        account,
        caller_arn,
        partition,
        config,
    })
}

/// The first calls of an audit say whether it can run at all: they retry once,
/// not for a minute, so that a wrong endpoint or region fails fast.
fn preflight(config: &SdkConfig) -> SdkConfig {
    config
        .to_builder()
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(2))
        .build()
}

/// A region every account of a partition has, to ask about the others.
fn anchor_region(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "us-gov-west-1"
    } else if region.starts_with("cn-") {
        "cn-north-1"
    } else {
        "us-east-1"
    }
}

/// Every region of the account's partition with its opt-in status: one
/// DescribeRegions call (`AllRegions`, which lists the disabled regions too,
/// with their `OptInStatus`), asked in the partition's anchor region, since a
/// region that does not exist has no endpoint to ask. It refuses a region
/// AWS does not know, or one the account has not opted in to, before
/// hundreds of calls go to it, and gives the regions an audit without
/// `--region` covers. When the call fails (denied, say), explicit regions are
/// audited as given and per-region calls report their own gaps.
async fn describe_regions(ctx: &Arc<Context>, config: &SdkConfig) -> Listed {
    let home = config.region().map(|r| r.to_string()).unwrap_or_default();
    let anchor = preflight(
        &config
            .to_builder()
            .region(Region::from_static(anchor_region(&home)))
            .build(),
    );
    let client = crate::metered!(aws_sdk_ec2, ctx.meter(), &anchor);
    let scope = ctx.scope("", "", anchor_region(&home), "ec2");
    let out = scope
        .attempt(client.describe_regions().all_regions(true).send())
        .await
        .map_err(|err| format!("DescribeRegions: {}", err.text))?;
    Ok(out
        .regions()
        .iter()
        .filter_map(|r| {
            let name = r.region_name()?.to_string();
            Some((name, r.opt_in_status().map(str::to_string)))
        })
        .collect())
}

/// The opt-in status of a region the account cannot use.
const NOT_OPTED_IN: &str = "not-opted-in";

/// The verdict on `--region` of [`describe_regions`]' answer: each
/// region with its `OptInStatus` (`opt-in-not-required`, `opted-in`,
/// `not-opted-in`; absent where the partition has no opt-in regions).
fn refuse_regions(
    regions: &[String],
    listed: &[(String, Option<String>)],
) -> Result<(), AuditError> {
    let mut known: Vec<&str> = listed.iter().map(|(name, _)| name.as_str()).collect();
    known.sort();
    if let Some(region) = regions.iter().find(|r| !known.contains(&r.as_str())) {
        return Err(AuditError::UnknownRegion {
            region: region.clone(),
            known: known.join(", "),
        });
    }
    let disabled: Vec<&str> = regions
        .iter()
        .map(String::as_str)
        .filter(|r| {
            listed
                .iter()
                .any(|(name, status)| name == r && status.as_deref() == Some(NOT_OPTED_IN))
        })
        .collect();
    match disabled.as_slice() {
        [] => Ok(()),
        [one] => Err(AuditError::Usage(format!(
            "region {one} is not enabled for this account (DescribeRegions: OptInStatus {NOT_OPTED_IN}): \
             enable it (AWS console: Account, AWS Regions; or `aws account enable-region --region-name {one}`) \
             or leave it out of --region"
        ))),
        several => Err(AuditError::Usage(format!(
            "regions {} are not enabled for this account (DescribeRegions: OptInStatus {NOT_OPTED_IN}): \
             enable them (AWS console: Account, AWS Regions) or leave them out of --region",
            several.join(", ")
        ))),
    }
}

/// The collections of one account that are not per region (joined in
/// [`collect_account`]), and those of each region (in [`collect_region`]):
/// the progress display counts them.
const ACCOUNT_SERVICES: usize = 4;
const REGION_SERVICES: usize = 11;

async fn collect_account(
    ctx: &Arc<Context>,
    target: &Target,
    regions: &[String],
    emulated: bool,
    opts: &CollectOptions,
) -> AccountInventory {
    let inspect_secret_values = opts.inspect_secret_values;
    let global = |service| ctx.scope(&target.account, &target.partition, "global", service);
    let (iam_scope, s3_scope) = (global("iam"), global("s3"));
    let home = target
        .config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "us-east-1".into());
    let s3control_scope = ctx.scope(&target.account, &target.partition, &home, "s3control");
    ctx.progress().account(
        regions.len(),
        ACCOUNT_SERVICES + regions.len() * REGION_SERVICES,
    );
    let (iam, iam_summary, s3, s3_pab, regions) = tokio::join!(
        ctx.track(iam::collect(&iam_scope, &target.config)),
        ctx.track(iam::summary(&iam_scope, &target.config)),
        ctx.track(async {
            let mut s3 =
                s3::collect(&s3_scope, &target.config, emulated, &opts.state_buckets).await;
            if let Some(s3) = &mut s3 {
                s3.state_region_tables =
                    state_region_tables(ctx, target, regions, &opts.state_buckets, &s3.buckets)
                        .await;
            }
            s3
        }),
        ctx.track(s3::account_public_access_block(
            &s3control_scope,
            &target.config,
            emulated
        )),
        ctx.each(
            regions
                .iter()
                .map(|r| collect_region(ctx, target, r, inspect_secret_values))
        ),
    );
    AccountInventory {
        account_id: target.account.clone(),
        partition: target.partition.clone(),
        caller_arn: target.caller_arn.clone(),
        regions,
        iam,
        iam_summary,
        s3,
        s3_account_public_access_block: s3_pab,
    }
}

/// Terraform's S3 backend keeps its lock table in the state bucket's region:
/// list the DynamoDB tables of every state bucket's region the audit does not
/// cover (the audited ones are listed with the rest of each region).
async fn state_region_tables(
    ctx: &Arc<Context>,
    target: &Target,
    audited: &[String],
    named: &[String],
    buckets: &[Bucket],
) -> Vec<RegionTables> {
    ctx.each(
        regions_outside(audited, named, buckets)
            .into_iter()
            .map(|region| async move {
                let config = target
                    .config
                    .to_builder()
                    .region(Region::new(region.to_string()))
                    .build();
                let scope = ctx.scope(&target.account, &target.partition, region, "dynamodb");
                RegionTables {
                    region: region.to_string(),
                    tables: dynamodb::collect(&scope, &config).await,
                }
            }),
    )
    .await
}

/// The regions of the state buckets that the audit does not cover, once each.
fn regions_outside<'b>(
    audited: &[String],
    named: &[String],
    buckets: &'b [Bucket],
) -> Vec<&'b str> {
    let mut outside: Vec<&str> = buckets
        .iter()
        .filter(|b| b.is_state_bucket(named))
        .filter_map(|b| b.region.as_deref())
        .filter(|r| !audited.iter().any(|a| a == r))
        .collect();
    outside.sort_unstable();
    outside.dedup();
    outside
}

async fn collect_region(
    ctx: &Arc<Context>,
    target: &Target,
    region: &str,
    inspect_secret_values: bool,
) -> RegionInventory {
    let config = target
        .config
        .to_builder()
        .region(Region::new(region.to_string()))
        .build();
    let scope = |service| ctx.scope(&target.account, &target.partition, region, service);
    let (elb, ec2_scope, sm, ddb) = (
        scope("elbv2"),
        scope("ec2"),
        scope("secretsmanager"),
        scope("dynamodb"),
    );
    let (ecs_scope, ecr_scope, trail, gd, events, logs, rds_scope, kms_scope) = (
        scope("ecs"),
        scope("ecr"),
        scope("cloudtrail"),
        scope("guardduty"),
        scope("events"),
        scope("logs"),
        scope("rds"),
        scope("kms"),
    );
    let mut network = RegionInventory::empty(region);
    let (
        (load_balancers, certificates),
        (),
        secrets,
        dynamodb_tables,
        (
            ((ecs_clusters, task_definitions), (ecr_repositories, ecr_registry_scanning)),
            ecr_image_scans,
        ),
        trails,
        (guardduty_detectors, event_rules),
        log_groups,
        rds,
        kms_keys,
    ) = tokio::join!(
        ctx.track(elbv2::collect(&elb, &config)),
        ctx.track(ec2::collect(&ec2_scope, &config, &mut network)),
        ctx.track(secrets::collect(&sm, &config, inspect_secret_values)),
        ctx.track(dynamodb::collect(&ddb, &config)),
        async {
            let ecs = ctx.track(ecs::collect(&ecs_scope, &config));
            let ecr = ctx.track(ecr::collect(&ecr_scope, &config));
            let ((clusters, tds), (repos, registry)) = tokio::join!(ecs, ecr);
            // The images the services run are known once both are read.
            let scans = match &tds {
                Some(tds) => {
                    let wanted = ecr_scans::wanted(&target.account, region, tds, repos.as_deref());
                    Some(ecr_scans::read(&ecr_scope, &config, wanted).await)
                }
                None => None,
            };
            (((clusters, tds), (repos, registry)), scans)
        },
        ctx.track(monitoring::trails(&trail, &config)),
        ctx.track(async {
            // The default bus's rules only where GuardDuty may raise findings.
            let detectors = monitoring::detectors(&gd, &config).await;
            let rules = match &detectors {
                Some(d) if d.is_empty() => None,
                _ => eventbridge::rules(&events, &config).await,
            };
            (detectors, rules)
        }),
        ctx.track(monitoring::log_groups(&logs, &config)),
        ctx.track(rds::collect(&rds_scope, &config)),
        ctx.track(kms::collect(&kms_scope, &config)),
    );
    RegionInventory {
        load_balancers,
        certificates,
        secrets,
        dynamodb_tables,
        ecs_clusters,
        task_definitions,
        ecr_repositories,
        ecr_registry_scanning,
        ecr_image_scans,
        trails,
        guardduty_detectors,
        event_rules,
        log_groups,
        databases: rds.databases,
        db_instances: rds.db_instances,
        db_snapshots: rds.db_snapshots,
        db_cluster_snapshots: rds.db_cluster_snapshots,
        kms_keys,
        ..network
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Vec<(String, Option<String>)> {
        [
            ("us-east-1", Some("opt-in-not-required")),
            ("eu-west-1", Some("opt-in-not-required")),
            ("af-south-1", Some("opted-in")),
            ("ap-east-1", Some(NOT_OPTED_IN)),
            ("me-south-1", Some(NOT_OPTED_IN)),
            ("cn-north-1", None),
        ]
        .into_iter()
        .map(|(name, status)| (name.to_string(), status.map(str::to_string)))
        .collect()
    }

    fn regions(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn without_region_every_enabled_region_of_the_partition_is_audited() {
        let mut listed = listed();
        listed.push(("us-gov-west-1".into(), Some("opt-in-not-required".into())));
        listed.push(("eu-west-1".into(), Some("opt-in-not-required".into())));
        // Sorted, once each; not the regions not opted in, nor other partitions'.
        assert_eq!(
            enabled_regions(&listed, "aws"),
            ["af-south-1", "eu-west-1", "us-east-1"]
        );
        assert_eq!(enabled_regions(&listed, "aws-cn"), ["cn-north-1"]);
        assert_eq!(enabled_regions(&listed, "aws-us-gov"), ["us-gov-west-1"]);
        assert!(enabled_regions(&[], "aws").is_empty());
    }

    #[test]
    fn enabled_regions_are_audited() {
        // Opt-in not required, opted in, or a partition without opt-in.
        let ok = regions(&["us-east-1", "eu-west-1", "af-south-1", "cn-north-1"]);
        assert!(refuse_regions(&ok, &listed()).is_ok());
    }

    #[test]
    fn a_region_not_opted_in_is_refused_by_name() {
        let err = refuse_regions(&regions(&["us-east-1", "ap-east-1"]), &listed()).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, AuditError::Usage(_)), "{text}");
        assert!(
            text.starts_with("region ap-east-1 is not enabled for this account"),
            "{text}"
        );
        assert!(text.contains("not-opted-in"), "{text}");

        let err = refuse_regions(&regions(&["ap-east-1", "me-south-1"]), &listed()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("regions ap-east-1, me-south-1 are not enabled"),
            "{err}"
        );
    }

    #[test]
    fn lock_tables_are_searched_in_the_state_buckets_regions_outside_the_audit() {
        let bucket = |name: &str, region: Option<&str>, keys: &[&str]| Bucket {
            name: name.into(),
            region: region.map(str::to_string),
            versioning: None,
            encryption: None,
            public_access_block: None,
            policy: None,
            logging: None,
            tfstate_keys: Some(keys.iter().map(|k| k.to_string()).collect()),
        };
        let buckets = [
            bucket("eu-tfstate", Some("eu-west-1"), &[]),
            bucket("eu-terraform-state-2", Some("eu-west-1"), &[]),
            bucket("home-tfstate", Some("us-east-1"), &[]),
            bucket("platform", Some("ap-south-1"), &["x/terraform.tfstate"]),
            bucket("infra", Some("eu-central-1"), &[]),
            bucket("assets", Some("sa-east-1"), &[]),
            bucket("lost-tfstate", None, &[]),
        ];
        let named = vec!["infra".to_string()];
        assert_eq!(
            regions_outside(&regions(&["us-east-1"]), &named, &buckets),
            ["ap-south-1", "eu-central-1", "eu-west-1"]
        );
        assert!(
            regions_outside(
                &regions(&["us-east-1", "eu-west-1", "ap-south-1", "eu-central-1"]),
                &named,
                &buckets
            )
            .is_empty()
        );
    }

    #[test]
    fn an_unknown_region_is_refused_first() {
        let err = refuse_regions(&regions(&["ap-east-1", "xx-nowhere-9"]), &listed()).unwrap_err();
        assert!(
            matches!(&err, AuditError::UnknownRegion { region, .. } if region == "xx-nowhere-9"),
            "{err}"
        );
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
