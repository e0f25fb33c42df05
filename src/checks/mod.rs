//! Checks: pure functions `Inventory → findings`, one per catalog id, grouped
//! by area. Each has its metadata in `checks/<id>.toml`; adding a check is one
//! function, one line in [`REGISTRY`], one TOML file and one fixture case.

mod containers;
mod data;
mod identity;
mod load_balancers;
mod monitoring;
mod network;
mod secrets;
mod state;

use chrono::{DateTime, Utc};

use crate::catalog::{self, CheckMeta};
use crate::inventory::{AccountInventory, Inventory};
use crate::model::{Evidence, Finding, Status};
use crate::settings::Settings;

pub type CheckFn = fn(&mut Out, &Inventory);

pub struct Registered {
    pub id: &'static str,
    pub run: CheckFn,
    pub toml: &'static str,
}

macro_rules! registry {
    ($($id:literal => $run:path,)*) => {
        pub static REGISTRY: &[Registered] = &[
            $(Registered {
                id: $id,
                run: $run,
                toml: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/checks/", $id, ".toml")),
            },)*
        ];
    };
}

registry! {
    "alb-deletion-protection" => load_balancers::deletion_protection,
    "alb-https-only" => load_balancers::https_only,
    "alb-tls-policy" => load_balancers::tls_policy,
    "alb-tls13-only" => load_balancers::tls13_only,
    "alb-drop-invalid-headers" => load_balancers::drop_invalid_headers,
    "alb-internet-facing-shielded" => load_balancers::internet_facing_shielded,
    "alb-waf-attached" => load_balancers::waf_attached,
    "alb-egress-to-targets-only" => load_balancers::egress_to_targets_only,
    "alb-acm-certificate" => load_balancers::acm_certificate,
    "alb-access-logs" => load_balancers::access_logs,
    "sg-admin-ports-from-internet" => network::admin_ports_from_internet,
    "sg-open-to-internet" => network::open_to_internet,
    "sg-web-ingress-https-only" => network::web_ingress_https_only,
    "sg-egress-unrestricted" => network::egress_unrestricted,
    "sg-default-closed" => network::default_closed,
    "vpc-flow-logs" => network::flow_logs,
    "subnet-no-auto-public-ip" => network::no_auto_public_ip,
    "iam-no-admin-policy" => identity::no_admin_policy,
    "iam-no-service-wildcard-actions" => identity::no_service_wildcard_actions,
    "iam-no-wildcard-resources" => identity::no_wildcard_resources,
    "iam-root-mfa" => identity::root_mfa,
    "iam-root-no-access-keys" => identity::root_no_access_keys,
    "iam-user-mfa" => identity::user_mfa,
    "iam-access-keys-rotated" => identity::access_keys_rotated,
    "iam-no-user-access-keys" => identity::no_user_access_keys,
    "iam-role-session-duration" => identity::role_session_duration,
    "secret-rotation-enabled" => secrets::rotation_enabled,
    "secret-rotated-recently" => secrets::rotated_recently,
    "secret-cmk-encrypted" => secrets::cmk_encrypted,
    "secret-unused" => secrets::unused,
    "state-remote-backend" => state::remote_backend,
    "state-bucket-versioning" => state::bucket_versioning,
    "state-bucket-encryption" => state::bucket_encryption,
    "state-bucket-cmk-encrypted" => state::bucket_cmk_encrypted,
    "state-bucket-public-access-block" => state::bucket_public_access_block,
    "state-bucket-tls-only" => state::bucket_tls_only,
    "state-bucket-mfa-delete" => state::bucket_mfa_delete,
    "state-bucket-access-logging" => state::bucket_access_logging,
    "state-lock-table" => state::lock_table,
    "ecs-tasks-in-private-subnets" => network::tasks_in_private_subnets,
    "sg-tasks-ingress-from-lb-only" => network::tasks_ingress_from_lb_only,
    "iam-task-roles-separated" => identity::task_roles_separated,
    "ecs-secrets-not-in-environment" => secrets::secrets_not_in_environment,
    "secret-placeholder-value" => secrets::placeholder_value,
    "cloudtrail-multi-region" => monitoring::cloudtrail_multi_region,
    "guardduty-enabled" => monitoring::guardduty_enabled,
    "log-groups-cmk-encrypted" => monitoring::log_groups_cmk_encrypted,
    "ecs-container-insights" => containers::container_insights,
    "ecr-scan-on-push" => containers::scan_on_push,
    "ecr-cmk-encrypted" => containers::ecr_cmk_encrypted,
    "ecs-image-pinned" => containers::image_pinned,
    "ecs-non-root-user" => containers::non_root_user,
    "ecs-health-check" => containers::health_check,
    "rds-encrypted" => data::rds_encrypted,
}

/// Where a check's findings go, with what every check may consult.
pub struct Out<'a> {
    meta: &'a CheckMeta,
    pub settings: &'a Settings,
    /// "Now" for age computations: when the inventory was collected, so a
    /// snapshot re-checked later gives the same verdicts.
    pub now: DateTime<Utc>,
    findings: Vec<Finding>,
}

impl<'a> Out<'a> {
    /// One `unknown` finding for resources of a region that could not be listed:
    /// a gap says why; a check never passes what it could not see.
    pub fn unlisted(
        &mut self,
        account: &AccountInventory,
        region: &str,
        service: &str,
        resource: &str,
        what: &str,
    ) {
        let arn = format!(
            "arn:{}:{service}:{region}:{}:{resource}",
            account.partition, account.account_id
        );
        let mut message: Vec<char> = what.chars().collect();
        if let Some(first) = message.first_mut() {
            *first = first.to_ascii_uppercase();
        }
        let message: String = message.into_iter().collect();
        self.on(account, region, &arn, what)
            .unknown(format!("{message} could not be listed (see gaps)."));
    }

    /// Start a finding on one resource; finish it with `pass`, `fail` or `unknown`.
    pub fn on(
        &mut self,
        account: &AccountInventory,
        region: &str,
        resource: &str,
        name: &str,
    ) -> Pending<'_, 'a> {
        Pending {
            out: self,
            account: account.account_id.clone(),
            region: region.to_string(),
            resource: resource.to_string(),
            name: name.to_string(),
            evidence: Evidence::new(),
        }
    }
}

#[must_use = "a finding is recorded only by pass(), fail() or unknown()"]
pub struct Pending<'o, 'a> {
    out: &'o mut Out<'a>,
    account: String,
    region: String,
    resource: String,
    name: String,
    evidence: Evidence,
}

impl Pending<'_, '_> {
    pub fn evidence(mut self, key: &str, value: impl ToString) -> Self {
        self.evidence.insert(key.to_string(), value.to_string());
        self
    }

    pub fn pass(self, message: impl Into<String>) {
        self.finish(Status::Pass, message.into())
    }

    pub fn fail(self, message: impl Into<String>) {
        self.finish(Status::Fail, message.into())
    }

    pub fn unknown(self, message: impl Into<String>) {
        self.finish(Status::Unknown, message.into())
    }

    /// Pass or fail on a condition, with one message for each.
    pub fn verdict(self, passed: bool, pass: impl Into<String>, fail: impl Into<String>) {
        if passed {
            self.pass(pass)
        } else {
            self.fail(fail)
        }
    }

    fn finish(self, status: Status, message: String) {
        let meta = self.out.meta;
        self.out.findings.push(Finding {
            id: Finding::stable_id(&meta.id, &self.account, &self.region, &self.resource),
            check: meta.id.clone(),
            status,
            severity: meta.severity,
            tier: meta.tier,
            account: self.account,
            region: self.region,
            resource: self.resource,
            resource_name: self.name,
            message,
            evidence: self.evidence,
            suppression: None,
            controls: meta.frameworks.as_map(),
        });
    }
}

/// Which checks to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub only: Vec<String>,
    pub skip: Vec<String>,
    /// Only this tier's checks (`--tier`).
    pub tier: Option<crate::model::Tier>,
    /// Only checks mapped to this framework (`--compliance`).
    pub framework: Option<catalog::Framework>,
}

impl Selection {
    /// Unknown ids are an error: a typo must not silently run nothing.
    pub fn validate(&self) -> Result<(), String> {
        for id in self.only.iter().chain(&self.skip) {
            if !REGISTRY.iter().any(|c| c.id == id) {
                return Err(format!(
                    "unknown check id {id:?}; `posture checks` lists them"
                ));
            }
        }
        Ok(())
    }

    pub fn wants(&self, id: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|o| o == id))
            && !self.skip.iter().any(|s| s == id)
            && self
                .tier
                .is_none_or(|t| catalog::meta(id).is_some_and(|m| m.tier == t))
            && self.framework.is_none_or(|f| {
                catalog::meta(id).is_some_and(|m| !m.frameworks.controls(f).is_empty())
            })
    }
}

/// Run the selected checks over an inventory.
pub fn run(inventory: &Inventory, settings: &Settings, selection: &Selection) -> Vec<Finding> {
    let mut findings = Vec::new();
    for check in REGISTRY.iter().filter(|c| selection.wants(c.id)) {
        let Some(meta) = catalog::meta(check.id) else {
            continue;
        };
        let mut out = Out {
            meta,
            settings,
            now: inventory.started_at,
            findings: Vec::new(),
        };
        (check.run)(&mut out, inventory);
        findings.append(&mut out.findings);
    }
    findings
}

/// Iterate (account, region) pairs.
pub(crate) fn regions(
    inv: &Inventory,
) -> impl Iterator<Item = (&AccountInventory, &crate::inventory::RegionInventory)> {
    inv.accounts
        .iter()
        .flat_map(|a| a.regions.iter().map(move |r| (a, r)))
}

/// The region name used for global resources (IAM, the account itself).
pub const GLOBAL: &str = "global";

#[cfg(test)]
pub(crate) mod fixtures;
