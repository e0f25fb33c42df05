//! One way to visit every resource of a kind, account by account and region
//! by region. A place whose listing failed yields one `unknown` finding, made
//! here, so that no check can pass what it could not see.
//!
//! A kind is a marker type implementing [`Listed`]: where its list lives and
//! how to name what could not be listed. Two kinds may read the same list
//! (ECS clusters, and the services inside them).

use super::GLOBAL;
use crate::inventory::{
    AccountInventory, Bucket, Database, DbInstance, DbSnapshot, EcrRepository, EcsCluster,
    Inventory, ListedKey, LoadBalancer, LogGroup, NetworkAcl, RegionInventory, Role, Secret,
    SecurityGroup, Subnet, TaskDefinition, User, Vpc,
};

/// Where a finding is made: an account, and a region name (`global` for
/// account-wide resources).
pub trait Site: Copy {
    fn account(&self) -> &AccountInventory;
    fn region_name(&self) -> &str;
}

/// A place of a regional kind: one region of one account.
#[derive(Clone, Copy)]
pub struct Regional<'i> {
    pub account: &'i AccountInventory,
    pub region: &'i RegionInventory,
}

impl Site for Regional<'_> {
    fn account(&self) -> &AccountInventory {
        self.account
    }
    fn region_name(&self) -> &str {
        &self.region.region
    }
}

/// A place of an account-wide kind (IAM, the S3 bucket list).
#[derive(Clone, Copy)]
pub struct Global<'i> {
    pub account: &'i AccountInventory,
}

impl Site for Global<'_> {
    fn account(&self) -> &AccountInventory {
        self.account
    }
    fn region_name(&self) -> &str {
        GLOBAL
    }
}

/// An explicit account and region, for resources that carry their own region
/// (a bucket lives in one region, though the bucket list is account-wide).
#[derive(Clone, Copy)]
pub struct In<'i> {
    pub account: &'i AccountInventory,
    pub region: &'i str,
}

impl Site for In<'_> {
    fn account(&self) -> &AccountInventory {
        self.account
    }
    fn region_name(&self) -> &str {
        self.region
    }
}

/// Each place with its list of resources; `None` where it was not collected.
pub type Places<'i, P, T> = Vec<(P, Option<&'i [T]>)>;

/// A kind of resource the inventory lists per region or per account.
pub trait Listed: 'static {
    /// The resources of the kind.
    type Item: 'static;
    /// Per region ([`Regional`]) or per account ([`Global`]).
    type Place<'i>: Site;
    /// Plural noun naming what could not be listed: "load balancers".
    const NOUN: &'static str;
    /// The ARN service and resource pattern standing for what could not be listed.
    const SERVICE: &'static str;
    const PATTERN: &'static str;

    /// Every place of the inventory with its list, `None` where listing failed.
    fn places(inv: &Inventory) -> Places<'_, Self::Place<'_>, Self::Item>;

    /// The resource of the `unknown` finding for a place that could not be listed.
    fn unlisted_resource(place: &Self::Place<'_>) -> String {
        let account = place.account();
        format!(
            "arn:{}:{}:{}:{}:{}",
            account.partition,
            Self::SERVICE,
            place.region_name(),
            account.account_id,
            Self::PATTERN
        )
    }

    /// The message of that finding.
    fn unlisted_message() -> String {
        let mut noun = Self::NOUN.chars();
        let capitalised: String = noun
            .next()
            .map(|first| first.to_ascii_uppercase())
            .into_iter()
            .chain(noun)
            .collect();
        format!("{capitalised} could not be listed (see gaps).")
    }
}

/// `(account, region)` pairs of the inventory.
pub fn regions(inv: &Inventory) -> impl Iterator<Item = Regional<'_>> {
    inv.accounts.iter().flat_map(|account| {
        account
            .regions
            .iter()
            .map(move |region| Regional { account, region })
    })
}

/// A regional kind: `regional!(Marker, Item, |region| its list, "service", "pattern", "noun")`.
macro_rules! regional {
    ($(#[$doc:meta])* $marker:ident, $item:ty, |$r:ident| $list:expr, $service:literal, $pattern:literal, $noun:literal) => {
        $(#[$doc])*
        pub struct $marker;

        impl Listed for $marker {
            type Item = $item;
            type Place<'i> = Regional<'i>;
            const NOUN: &'static str = $noun;
            const SERVICE: &'static str = $service;
            const PATTERN: &'static str = $pattern;

            fn places(inv: &Inventory) -> Places<'_, Regional<'_>, $item> {
                regions(inv)
                    .map(|place| {
                        let $r = place.region;
                        (place, $list)
                    })
                    .collect()
            }
        }
    };
}

regional!(
    LoadBalancers,
    LoadBalancer,
    |r| r.load_balancers.as_deref(),
    "elasticloadbalancing",
    "loadbalancer/*",
    "load balancers"
);
regional!(
    SecurityGroups,
    SecurityGroup,
    |r| r.security_groups.as_deref(),
    "ec2",
    "security-group/*",
    "security groups"
);
regional!(Vpcs, Vpc, |r| r.vpcs.as_deref(), "ec2", "vpc/*", "VPCs");
regional!(
    Subnets,
    Subnet,
    |r| r.subnets.as_deref(),
    "ec2",
    "subnet/*",
    "subnets"
);
regional!(
    NetworkAcls,
    NetworkAcl,
    |r| r.network_acls.as_deref(),
    "ec2",
    "network-acl/*",
    "network ACLs"
);
regional!(
    /// Every KMS key of the region, AWS managed ones included.
    KmsKeys, ListedKey, |r| r.kms_keys.as_deref(),
    "kms", "key/*", "KMS keys");
regional!(
    Secrets,
    Secret,
    |r| r.secrets.as_deref(),
    "secretsmanager",
    "secret:*",
    "secrets"
);
regional!(
    EcsClusters,
    EcsCluster,
    |r| r.ecs_clusters.as_deref(),
    "ecs",
    "cluster/*",
    "ECS clusters"
);
regional!(
    /// The clusters' list, visited for the services inside each cluster.
    EcsServices, EcsCluster, |r| r.ecs_clusters.as_deref(), "ecs", "service/*", "ECS services");
regional!(
    /// The task definitions ECS services run.
    TaskDefinitions, TaskDefinition, |r| r.task_definitions.as_deref(),
    "ecs", "task-definition/*", "task definitions");
regional!(
    /// The security groups of ECS services: clusters, groups and load balancers together.
    ServiceSecurityGroups, EcsCluster, |r| r.security_groups.as_ref().and(r.load_balancers.as_ref()).and(r.ecs_clusters.as_deref()),
    "ec2", "security-group/*", "ECS service security groups");
regional!(
    EcrRepositories,
    EcrRepository,
    |r| r.ecr_repositories.as_deref(),
    "ecr",
    "repository/*",
    "ECR repositories"
);
regional!(
    LogGroups,
    LogGroup,
    |r| r.log_groups.as_deref(),
    "logs",
    "log-group:*",
    "log groups"
);
regional!(
    Databases,
    Database,
    |r| r.databases.as_deref(),
    "rds",
    "db:*",
    "RDS databases"
);
regional!(
    /// Every DB instance, cluster members included.
    DbInstances, DbInstance, |r| r.db_instances.as_deref(),
    "rds", "db:*", "RDS DB instances");
regional!(
    /// Manual DB snapshots.
    DbSnapshots, DbSnapshot, |r| r.db_snapshots.as_deref(),
    "rds", "snapshot:*", "RDS DB snapshots");
regional!(
    /// Manual DB cluster snapshots.
    DbClusterSnapshots, DbSnapshot, |r| r.db_cluster_snapshots.as_deref(),
    "rds", "cluster-snapshot:*", "RDS DB cluster snapshots");

/// An account-wide kind whose unknown finding stands on the account itself.
macro_rules! global {
    ($marker:ident, $item:ty, |$a:ident| $list:expr, $noun:literal) => {
        pub struct $marker;

        impl Listed for $marker {
            type Item = $item;
            type Place<'i> = Global<'i>;
            const NOUN: &'static str = $noun;
            const SERVICE: &'static str = "iam";
            const PATTERN: &'static str = "root";

            fn places(inv: &Inventory) -> Places<'_, Global<'_>, $item> {
                inv.accounts
                    .iter()
                    .map(|$a| (Global { account: $a }, $list))
                    .collect()
            }

            fn unlisted_resource(place: &Global<'_>) -> String {
                place.account.root_arn()
            }
        }
    };
}

global!(
    Users,
    User,
    |a| a.iam.as_ref().map(|i| i.users.as_slice()),
    "IAM users"
);
global!(
    Roles,
    Role,
    |a| a.iam.as_ref().map(|i| i.roles.as_slice()),
    "IAM roles"
);

/// Every bucket of the account (the list is account-wide; each bucket has a region).
pub struct Buckets;

impl Listed for Buckets {
    type Item = Bucket;
    type Place<'i> = Global<'i>;
    const NOUN: &'static str = "S3 buckets";
    const SERVICE: &'static str = "s3";
    const PATTERN: &'static str = "*";

    fn places(inv: &Inventory) -> Places<'_, Global<'_>, Bucket> {
        inv.accounts
            .iter()
            .map(|account| {
                (
                    Global { account },
                    account.s3.as_ref().map(|s| s.buckets.as_slice()),
                )
            })
            .collect()
    }

    fn unlisted_resource(place: &Global<'_>) -> String {
        format!("arn:{}:s3:::*", place.account.partition)
    }
}
