//! RDS: DB instances and clusters, their parameter groups' TLS settings, and
//! manual snapshots.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A database as posture judges it: a DB instance outside any cluster, or a
/// DB cluster (its member instances are judged through it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Database {
    pub arn: String,
    pub id: String,
    pub kind: DatabaseKind,
    pub engine: Option<String>,
    pub storage_encrypted: bool,
    /// `None` in a snapshot recorded before posture read it (as are the
    /// fields below).
    #[serde(default)]
    pub engine_version: Option<String>,
    /// `BackupRetentionPeriod` in days; 0 means automated backups are off.
    #[serde(default)]
    pub backup_retention_days: Option<i32>,
    /// The instance this one is a read replica of
    /// (`ReadReplicaSourceDBInstanceIdentifier`).
    #[serde(default)]
    pub read_replica_of: Option<String>,
    /// The DB parameter group of an instance, the DB cluster parameter group
    /// of a cluster.
    #[serde(default)]
    pub parameter_group: Option<ParameterGroup>,
}

/// A parameter group, with only the parameters posture reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParameterGroup {
    pub name: String,
    /// The parameter that forces TLS on its engine ([`tls_parameter`]) if the group
    /// lists it with a value, name → value; absent when it lists it without a
    /// value, or not at all (the engine's default applies). `None` when the group could not
    /// be read, or was not asked: only groups of engines with a known rule are.
    pub tls_parameters: Option<BTreeMap<String, String>>,
}

/// The parameter that forces encrypted connections on an RDS engine, as
/// AWS documents it; `None` for an engine posture knows no such rule for
/// (Oracle, Db2, custom engines, Aurora MySQL 1).
pub fn tls_parameter(engine: &str) -> Option<&'static str> {
    match engine {
        "postgres" | "aurora-postgresql" => Some("rds.force_ssl"),
        "mysql" | "mariadb" | "aurora-mysql" => Some("require_secure_transport"),
        e if e.starts_with("sqlserver-") => Some("rds.force_ssl"),
        _ => None,
    }
}

/// What an RDS [`Database`] is. posture's own distinction, not an AWS value:
/// an instance that belongs to a cluster is not listed (it is judged through
/// its cluster), so an `instance` here stands alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    /// A DB instance outside any cluster (DescribeDBInstances).
    Instance,
    /// An Aurora or Multi-AZ DB cluster (DescribeDBClusters).
    Cluster,
}

impl DatabaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseKind::Instance => "instance",
            DatabaseKind::Cluster => "cluster",
        }
    }
}

impl std::fmt::Display for DatabaseKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every DB instance, cluster members included: what can be reached, and from where.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DbInstance {
    pub arn: String,
    pub id: String,
    pub engine: Option<String>,
    /// The cluster it belongs to.
    pub cluster: Option<String>,
    /// `PubliclyAccessible`; `None` when AWS's answer left it out.
    pub publicly_accessible: Option<bool>,
    /// `None` when the answer names no subnet group.
    pub subnet_group: Option<DbSubnetGroup>,
}

/// A DB subnet group as the instance's answer describes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DbSubnetGroup {
    pub name: String,
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
}

/// A manual DB snapshot or DB cluster snapshot of the account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DbSnapshot {
    pub arn: String,
    pub id: String,
    /// Of an instance (DescribeDBSnapshots) or a cluster (DescribeDBClusterSnapshots).
    pub kind: DatabaseKind,
    pub encrypted: bool,
    /// The `restore` attribute: the accounts that may copy or restore it,
    /// `all` for everyone. `None` when its attributes could not be read.
    pub restore: Option<Vec<String>>,
}

impl DbSnapshot {
    /// Shared with every AWS account.
    pub fn public(&self) -> Option<bool> {
        self.restore
            .as_ref()
            .map(|accounts| accounts.iter().any(|a| a == "all"))
    }
}

#[cfg(test)]
mod tests {
    use super::DatabaseKind;

    #[test]
    fn database_kinds_are_kept_as_posture_spells_them() {
        let kinds = [DatabaseKind::Instance, DatabaseKind::Cluster];
        let json = serde_json::to_string(&kinds).unwrap();
        assert_eq!(json, r#"["instance","cluster"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<DatabaseKind>>(&json).unwrap(),
            kinds
        );
        assert_eq!(DatabaseKind::Cluster.to_string(), "cluster");
    }
}
