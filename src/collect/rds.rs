//! RDS: DB instances and clusters, the TLS parameter of their parameter
//! groups (each group read once), manual snapshots and who may restore them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_config::SdkConfig;
use aws_sdk_rds::types::Parameter;

use super::Scope;
use crate::inventory::{
    Database, DatabaseKind, DbInstance, DbSnapshot, DbSubnetGroup, ParameterGroup, tls_parameter,
};

/// What [`collect`] fills in a region.
pub struct Rds {
    pub databases: Option<Vec<Database>>,
    pub db_instances: Option<Vec<DbInstance>>,
    pub db_snapshots: Option<Vec<DbSnapshot>>,
    pub db_cluster_snapshots: Option<Vec<DbSnapshot>>,
}

pub async fn collect(scope: &Scope, config: &SdkConfig) -> Rds {
    let client = crate::metered!(aws_sdk_rds, scope.meter(), config);
    let ((databases, db_instances), db_snapshots, db_cluster_snapshots) = tokio::join!(
        databases(scope, &client),
        snapshots(scope, &client),
        cluster_snapshots(scope, &client),
    );
    Rds {
        databases,
        db_instances,
        db_snapshots,
        db_cluster_snapshots,
    }
}

/// A parameter group to read: DB parameter groups and DB cluster parameter
/// groups are two namespaces (`default.aurora-postgresql16` is in both).
type GroupKey = (DatabaseKind, String);

/// RDS instances and clusters. An instance that belongs to a cluster is
/// judged through its cluster among the databases (Aurora encrypts, keeps
/// backups and sets TLS at the cluster), but listed among the instances.
async fn databases(
    scope: &Scope,
    client: &aws_sdk_rds::Client,
) -> (Option<Vec<Database>>, Option<Vec<DbInstance>>) {
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
    let db_instances = instances.as_ref().map(|pages| {
        pages
            .iter()
            .flat_map(|p| p.db_instances())
            .map(instance)
            .collect()
    });
    let (Some(instances), Some(clusters)) = (instances, clusters) else {
        return (None, db_instances);
    };
    let mut databases: Vec<(Database, Option<GroupKey>)> = clusters
        .iter()
        .flat_map(|p| p.db_clusters())
        .map(|c| {
            let group = c
                .db_cluster_parameter_group()
                .map(|g| (DatabaseKind::Cluster, g.to_string()));
            let db = Database {
                arn: c.db_cluster_arn().unwrap_or_default().to_string(),
                id: c.db_cluster_identifier().unwrap_or_default().to_string(),
                kind: DatabaseKind::Cluster,
                engine: c.engine().map(str::to_string),
                storage_encrypted: c.storage_encrypted().unwrap_or(false),
                engine_version: c.engine_version().map(str::to_string),
                backup_retention_days: c.backup_retention_period(),
                read_replica_of: None,
                parameter_group: None,
            };
            (db, group)
        })
        .collect();
    databases.extend(
        instances
            .iter()
            .flat_map(|p| p.db_instances())
            .filter(|i| i.db_cluster_identifier().is_none())
            .map(|i| {
                let group = i
                    .db_parameter_groups()
                    .first()
                    .and_then(|g| g.db_parameter_group_name())
                    .map(|g| (DatabaseKind::Instance, g.to_string()));
                let db = Database {
                    arn: i.db_instance_arn().unwrap_or_default().to_string(),
                    id: i.db_instance_identifier().unwrap_or_default().to_string(),
                    kind: DatabaseKind::Instance,
                    engine: i.engine().map(str::to_string),
                    storage_encrypted: i.storage_encrypted().unwrap_or(false),
                    engine_version: i.engine_version().map(str::to_string),
                    backup_retention_days: i.backup_retention_period(),
                    read_replica_of: i
                        .read_replica_source_db_instance_identifier()
                        .map(str::to_string),
                    parameter_group: None,
                };
                (db, group)
            }),
    );
    // Each group once, and only those of engines with a known rule.
    let wanted: BTreeSet<&GroupKey> = databases
        .iter()
        .filter(|(db, _)| db.engine.as_deref().and_then(tls_parameter).is_some())
        .filter_map(|(_, group)| group.as_ref())
        .collect();
    let reads = wanted
        .into_iter()
        .map(|key| async move { (key.clone(), tls_parameters(scope, client, key).await) });
    let read: HashMap<GroupKey, Option<BTreeMap<String, String>>> =
        scope.each(reads).await.into_iter().collect();
    let databases = databases
        .into_iter()
        .map(|(mut db, group)| {
            db.parameter_group = group.map(|key| ParameterGroup {
                tls_parameters: read.get(&key).cloned().flatten(),
                name: key.1,
            });
            db
        })
        .collect();
    (Some(databases), db_instances)
}

fn instance(i: &aws_sdk_rds::types::DbInstance) -> DbInstance {
    DbInstance {
        arn: i.db_instance_arn().unwrap_or_default().to_string(),
        id: i.db_instance_identifier().unwrap_or_default().to_string(),
        engine: i.engine().map(str::to_string),
        cluster: i.db_cluster_identifier().map(str::to_string),
        publicly_accessible: i.publicly_accessible(),
        subnet_group: i.db_subnet_group().map(|g| DbSubnetGroup {
            name: g.db_subnet_group_name().unwrap_or_default().to_string(),
            vpc_id: g.vpc_id().map(str::to_string),
            subnet_ids: g
                .subnets()
                .iter()
                .filter_map(|s| s.subnet_identifier())
                .map(str::to_string)
                .collect(),
        }),
    }
}

/// The TLS parameters one group lists with a value. DescribeDBParameters
/// cannot filter by name (its `Filters` are not supported), and `Source`
/// would leave out the engine defaults a default group holds: every page is
/// read, once per group.
async fn tls_parameters(
    scope: &Scope,
    client: &aws_sdk_rds::Client,
    (kind, name): &GroupKey,
) -> Option<BTreeMap<String, String>> {
    let parameters: Vec<Parameter> = match kind {
        DatabaseKind::Instance => scope
            .pages(
                "DescribeDBParameters",
                Some(name),
                client
                    .describe_db_parameters()
                    .db_parameter_group_name(name)
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?
            .into_iter()
            .flat_map(|p| p.parameters.unwrap_or_default())
            .collect(),
        DatabaseKind::Cluster => scope
            .pages(
                "DescribeDBClusterParameters",
                Some(name),
                client
                    .describe_db_cluster_parameters()
                    .db_cluster_parameter_group_name(name)
                    .into_paginator()
                    .send()
                    .try_collect(),
            )
            .await?
            .into_iter()
            .flat_map(|p| p.parameters.unwrap_or_default())
            .collect(),
    };
    Some(
        parameters
            .into_iter()
            .filter_map(|p| {
                let name = p.parameter_name.filter(|n| tls_parameter_name(n))?;
                Some((name, p.parameter_value?))
            })
            .collect(),
    )
}

fn tls_parameter_name(name: &str) -> bool {
    ["rds.force_ssl", "require_secure_transport"].contains(&name)
}

/// The account's manual DB snapshots, each with its `restore` attribute.
async fn snapshots(scope: &Scope, client: &aws_sdk_rds::Client) -> Option<Vec<DbSnapshot>> {
    let pages = scope
        .pages(
            "DescribeDBSnapshots",
            None,
            client
                .describe_db_snapshots()
                .snapshot_type("manual")
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    let snapshots = pages
        .iter()
        .flat_map(|p| p.db_snapshots())
        .map(|s| async move {
            let id = s.db_snapshot_identifier().unwrap_or_default().to_string();
            let restore = scope
                .call(
                    "DescribeDBSnapshotAttributes",
                    Some(&id),
                    client
                        .describe_db_snapshot_attributes()
                        .db_snapshot_identifier(&id)
                        .send(),
                )
                .await
                .map(|out| {
                    restore_accounts(
                        out.db_snapshot_attributes_result()
                            .map(|r| r.db_snapshot_attributes())
                            .unwrap_or_default()
                            .iter()
                            .map(|a| (a.attribute_name(), a.attribute_values())),
                    )
                });
            DbSnapshot {
                arn: s.db_snapshot_arn().unwrap_or_default().to_string(),
                kind: DatabaseKind::Instance,
                encrypted: s.encrypted().unwrap_or(false),
                restore,
                id,
            }
        });
    Some(scope.each(snapshots).await)
}

/// The account's manual DB cluster snapshots, each with its `restore` attribute.
async fn cluster_snapshots(scope: &Scope, client: &aws_sdk_rds::Client) -> Option<Vec<DbSnapshot>> {
    let pages = scope
        .pages(
            "DescribeDBClusterSnapshots",
            None,
            client
                .describe_db_cluster_snapshots()
                .snapshot_type("manual")
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await?;
    let snapshots = pages
        .iter()
        .flat_map(|p| p.db_cluster_snapshots())
        .map(|s| async move {
            let id = s
                .db_cluster_snapshot_identifier()
                .unwrap_or_default()
                .to_string();
            let restore = scope
                .call(
                    "DescribeDBClusterSnapshotAttributes",
                    Some(&id),
                    client
                        .describe_db_cluster_snapshot_attributes()
                        .db_cluster_snapshot_identifier(&id)
                        .send(),
                )
                .await
                .map(|out| {
                    restore_accounts(
                        out.db_cluster_snapshot_attributes_result()
                            .map(|r| r.db_cluster_snapshot_attributes())
                            .unwrap_or_default()
                            .iter()
                            .map(|a| (a.attribute_name(), a.attribute_values())),
                    )
                });
            DbSnapshot {
                arn: s.db_cluster_snapshot_arn().unwrap_or_default().to_string(),
                kind: DatabaseKind::Cluster,
                encrypted: s.storage_encrypted().unwrap_or(false),
                restore,
                id,
            }
        });
    Some(scope.each(snapshots).await)
}

/// The values of the `restore` attribute (none when it is not listed).
fn restore_accounts<'a>(
    attributes: impl Iterator<Item = (Option<&'a str>, &'a [String])>,
) -> Vec<String> {
    attributes
        .filter(|(name, _)| *name == Some("restore"))
        .flat_map(|(_, values)| values.iter().cloned())
        .collect()
}
