//! The snapshot of an account: plain, serializable data. Checks see only this.
//!
//! Convention: a field of type `Option<T>` is `None` when the call that fills it
//! failed (a [`Gap`] says why); checks report `unknown` for what depends on it.
//! "Not configured" is always an explicit value (an empty list, `false`, an enum
//! variant), never `None`.

mod dynamodb;
mod ec2;
mod ecr_images;
mod ecs;
mod elbv2;
mod iam;
mod monitoring;
mod rds;
mod s3;
mod secrets;

pub use dynamodb::*;

pub use ec2::*;
pub use ecr_images::*;
pub use ecs::*;
pub use elbv2::*;
pub use iam::*;
pub use monitoring::*;
pub use rds::*;
pub use s3::*;
pub use secrets::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The hash key Terraform's S3 backend locks with.
pub const LOCK_KEY: &str = "LockID";

/// Version 2: closed sets are typed (an unknown value is kept as written).
pub const SNAPSHOT_SCHEMA: &str = "posture.inventory/v2";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    pub schema: String,
    pub tool_version: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub accounts: Vec<AccountInventory>,
    pub gaps: Vec<Gap>,
    pub api_calls: u64,
    /// Calls by service and operation as the SDK made them (pages and
    /// retries included); empty in snapshots of earlier versions.
    #[serde(default)]
    pub calls: Vec<OperationCalls>,
    /// With `--terraform-dir`: what the checks of the Terraform source judge
    /// (no value of it: comments' places and rules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<TerraformSource>,
}

/// The Terraform source's facts the checks judge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerraformSource {
    /// Every `tfsec:ignore` / `trivy:ignore` comment (`tf-ignores-reviewed`).
    pub ignores: Vec<crate::terraform::ignores::Ignore>,
    /// Every `secret_string`, judged in memory (`tf-no-secret-literals`).
    #[serde(default)]
    pub secrets: Vec<crate::terraform::secrets::SecretLiteral>,
}

/// One operation's share of an audit's calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationCalls {
    pub service: String,
    pub operation: String,
    /// Operations started (each page of a listing is one).
    pub calls: u64,
    /// HTTP attempts: `calls` plus retries.
    pub attempts: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountInventory {
    pub account_id: String,
    pub partition: String,
    pub caller_arn: String,
    /// Regions audited for this account, in the order asked.
    pub regions: Vec<RegionInventory>,
    pub iam: Option<Iam>,
    pub iam_summary: Option<AccountSummary>,
    pub s3: Option<S3>,
    /// Account-level S3 public access block (S3 Control); all `false` when none is set.
    pub s3_account_public_access_block: Option<PublicAccessBlock>,
}

impl AccountInventory {
    /// The ARN that stands for the account itself in account-level findings.
    pub fn root_arn(&self) -> String {
        format!("arn:{}:iam::{}:root", self.partition, self.account_id)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionInventory {
    pub region: String,
    pub load_balancers: Option<Vec<LoadBalancer>>,
    /// ACM certificates referenced by listeners, by ARN.
    pub certificates: Option<Vec<Certificate>>,
    pub vpcs: Option<Vec<Vpc>>,
    pub subnets: Option<Vec<Subnet>>,
    pub route_tables: Option<Vec<RouteTable>>,
    pub internet_gateways: Option<Vec<InternetGateway>>,
    pub security_groups: Option<Vec<SecurityGroup>>,
    pub network_interfaces: Option<Vec<NetworkInterface>>,
    pub prefix_lists: Option<Vec<PrefixList>>,
    pub flow_logs: Option<Vec<FlowLog>>,
    /// Network ACLs; absent in snapshots of earlier versions.
    #[serde(default)]
    pub network_acls: Option<Vec<NetworkAcl>>,
    /// The region's KMS keys (customer and AWS managed); absent in snapshots
    /// of earlier versions.
    #[serde(default)]
    pub kms_keys: Option<Vec<ListedKey>>,
    pub secrets: Option<Vec<Secret>>,
    pub dynamodb_tables: Option<Vec<DynamoTable>>,
    pub ecs_clusters: Option<Vec<EcsCluster>>,
    /// The task definitions ECS services run.
    pub task_definitions: Option<Vec<TaskDefinition>>,
    pub ecr_repositories: Option<Vec<EcrRepository>>,
    pub ecr_registry_scanning: Option<RegistryScanning>,
    /// The scans of the ECR images the task definitions above run, where one
    /// can be judged (by digest, or by an immutable tag); `None` when they
    /// were not read (the task definitions could not be, or a snapshot taken
    /// before posture read them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecr_image_scans: Option<Vec<ImageScan>>,
    /// Trails visible in the region, shadow copies of other regions' multi-region trails included.
    pub trails: Option<Vec<Trail>>,
    pub guardduty_detectors: Option<Vec<Detector>>,
    /// Rules of the default event bus; `None` when they could not be listed,
    /// or were not asked: only regions with a GuardDuty detector (or whose
    /// detectors could not be listed) are.
    #[serde(default)]
    pub event_rules: Option<Vec<EventRule>>,
    pub log_groups: Option<Vec<LogGroup>>,
    pub databases: Option<Vec<Database>>,
    /// Every DB instance, cluster members included.
    pub db_instances: Option<Vec<DbInstance>>,
    /// Manual DB snapshots.
    pub db_snapshots: Option<Vec<DbSnapshot>>,
    /// Manual DB cluster snapshots.
    pub db_cluster_snapshots: Option<Vec<DbSnapshot>>,
}

impl RegionInventory {
    pub fn empty(region: &str) -> Self {
        RegionInventory {
            region: region.to_string(),
            load_balancers: None,
            certificates: None,
            vpcs: None,
            subnets: None,
            route_tables: None,
            internet_gateways: None,
            security_groups: None,
            network_interfaces: None,
            prefix_lists: None,
            flow_logs: None,
            network_acls: None,
            kms_keys: None,
            secrets: None,
            dynamodb_tables: None,
            ecs_clusters: None,
            task_definitions: None,
            ecr_repositories: None,
            ecr_registry_scanning: None,
            ecr_image_scans: None,
            trails: None,
            guardduty_detectors: None,
            event_rules: None,
            log_groups: None,
            databases: None,
            db_instances: None,
            db_snapshots: None,
            db_cluster_snapshots: None,
        }
    }

    pub fn vpc_name(&self, vpc_id: &str) -> String {
        self.vpcs
            .iter()
            .flatten()
            .find(|v| v.id == vpc_id)
            .and_then(|v| v.name.clone())
            .unwrap_or_else(|| vpc_id.to_string())
    }
}

/// A KMS key as far as posture needs it: who manages it, and what decides
/// whether its rotation is judged (DescribeKey).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KmsKey {
    /// The reference as a resource named it (key id, key ARN, alias).
    pub reference: String,
    pub arn: Option<String>,
    /// `None` when DescribeKey failed.
    pub manager: Option<KeyManager>,
    /// `KeySpec`; `None` when DescribeKey failed (or before posture read it).
    #[serde(default)]
    pub spec: Option<KeySpec>,
    /// `Origin`: where the key material comes from.
    #[serde(default)]
    pub origin: Option<KeyOrigin>,
    #[serde(default)]
    pub state: Option<KeyState>,
    /// For a multi-Region replica key, the region of its primary key, which
    /// holds the rotation setting the replicas share.
    #[serde(default)]
    pub primary_region: Option<String>,
}

impl KmsKey {
    /// Whether automatic rotation is judged for this key: a customer managed
    /// symmetric encryption key whose material KMS made, enabled (AWS cannot
    /// rotate asymmetric, HMAC, imported or custom key store keys, rotates
    /// AWS managed keys itself, and rotates no disabled key or key pending
    /// deletion). `None` when DescribeKey did not say.
    pub fn rotation_judged(&self) -> Option<bool> {
        let manager = self.manager?;
        if manager == KeyManager::Aws {
            return Some(false);
        }
        Some(
            *self.spec.as_ref()? == KeySpec::SymmetricDefault
                && *self.origin.as_ref()? == KeyOrigin::AwsKms
                && *self.state.as_ref()? == KeyState::Enabled,
        )
    }
}

crate::closed_set! {
    /// A KMS key's `KeySpec`.
    pub enum KeySpec {
        /// Symmetric encryption (AES-256-GCM): the only kind KMS rotates.
        SymmetricDefault = "SYMMETRIC_DEFAULT",
    }
}

crate::closed_set! {
    /// Where a KMS key's material comes from.
    pub enum KeyOrigin {
        /// Generated by KMS.
        AwsKms = "AWS_KMS",
        /// Imported.
        External = "EXTERNAL",
        /// A CloudHSM key store.
        AwsCloudhsm = "AWS_CLOUDHSM",
        /// An external key store.
        ExternalKeyStore = "EXTERNAL_KEY_STORE",
    }
}

crate::closed_set! {
    /// A KMS key's `KeyState`.
    pub enum KeyState {
        Enabled = "Enabled",
        Disabled = "Disabled",
        PendingDeletion = "PendingDeletion",
        PendingImport = "PendingImport",
        PendingReplicaDeletion = "PendingReplicaDeletion",
        Unavailable = "Unavailable",
        Creating = "Creating",
        Updating = "Updating",
    }
}

/// A KMS key of the region (ListKeys), described, with its rotation status.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListedKey {
    pub id: String,
    pub arn: String,
    /// The key's aliases (ListAliases), to name it by.
    pub aliases: Vec<String>,
    pub key: KmsKey,
    /// GetKeyRotationStatus's `KeyRotationEnabled`, read only for keys whose
    /// rotation is judged; `None` when not read (or when the call failed).
    pub rotation_enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyManager {
    Customer,
    Aws,
}

/// A call that failed during collection: what is missing, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Gap {
    pub account: String,
    pub region: String,
    pub service: String,
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub error: String,
}

/// A closed set of values AWS documents, as an enum with an `Other` arm for
/// values AWS adds later. It is kept in a snapshot as AWS spells it, and read
/// back from that spelling; `Other` keeps what it did not recognise.
///
/// ```ignore
/// closed_set! {
///     /// The kind of a load balancer.
///     pub enum LoadBalancerKind {
///         Application = "application",
///         Network = "network",
///     }
/// }
/// ```
#[macro_export]
macro_rules! closed_set {
    ($(#[$doc:meta])* pub enum $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this version of posture does not know, as AWS spelled it.
            Other(String),
        }

        impl $name {
            /// The value as AWS spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name::from(text.as_str())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_string()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod closed_set_tests {
    crate::closed_set! {
        /// A test set.
        pub enum Colour {
            Red = "RED",
            Green = "GREEN",
        }
    }

    #[test]
    fn known_values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Colour::from("RED"), Colour::Red);
        assert_eq!(Colour::from("BLUE"), Colour::Other("BLUE".into()));
        let json = serde_json::to_string(&vec![Colour::Green, Colour::from("BLUE")]).unwrap();
        assert_eq!(json, r#"["GREEN","BLUE"]"#);
        let back: Vec<Colour> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![Colour::Green, Colour::Other("BLUE".into())]);
        // AWS's spelling is exact: another case is another value.
        assert_eq!(Colour::from("red"), Colour::Other("red".into()));
    }
}
