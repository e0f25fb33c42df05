//! Checks: pure functions `Inventory → findings`, one per catalog id, each in
//! `src/checks/<area>/<id>.rs` with its metadata in `checks/<id>.toml`.
//! Adding a check whose data is collected: its TOML, its file, one line in
//! [`table!`], its fixture case.

mod containers;
mod data;
mod identity;
mod load_balancers;
mod monitoring;
mod network;
mod secrets;
pub mod settings;
mod state;
pub mod walk;

use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use crate::catalog::{self, CheckMeta};
use crate::finding::{Evidence, Finding, Status};
use crate::inventory::Inventory;
use settings::Settings;
pub use walk::{Global, In, Listed, Regional, Site, regions};

/// A check's code: read the inventory, make findings.
pub type CheckFn = fn(&mut Out, &Inventory);

/// One check: its metadata (`checks/<id>.toml`) and its code
/// (`src/checks/<area>/<id>.rs`, dashes as underscores).
pub struct Check {
    pub meta: CheckMeta,
    pub run: CheckFn,
}

impl Check {
    pub fn id(&self) -> &str {
        &self.meta.id
    }
}

/// The table: one line a check. The TOML of each id is compiled in.
macro_rules! table {
    ($($id:literal => $($module:ident)::+,)*) => {
        const TABLE: &[(&str, &str, CheckFn)] = &[
            $((
                $id,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/checks/", $id, ".toml")),
                $($module)::+::run,
            ),)*
        ];
    };
}

table! {
    "alb-deletion-protection" => load_balancers::alb_deletion_protection,
    "alb-https-only" => load_balancers::alb_https_only,
    "alb-tls-policy" => load_balancers::alb_tls_policy,
    "alb-tls13-only" => load_balancers::alb_tls13_only,
    "alb-drop-invalid-headers" => load_balancers::alb_drop_invalid_headers,
    "alb-internet-facing-shielded" => load_balancers::alb_internet_facing_shielded,
    "alb-waf-attached" => load_balancers::alb_waf_attached,
    "alb-egress-to-targets-only" => load_balancers::alb_egress_to_targets_only,
    "alb-acm-certificate" => load_balancers::alb_acm_certificate,
    "alb-access-logs" => load_balancers::alb_access_logs,
    "sg-admin-ports-from-internet" => network::sg_admin_ports_from_internet,
    "sg-open-to-internet" => network::sg_open_to_internet,
    "sg-web-ingress-https-only" => network::sg_web_ingress_https_only,
    "sg-egress-unrestricted" => network::sg_egress_unrestricted,
    "sg-default-closed" => network::sg_default_closed,
    "vpc-flow-logs" => network::vpc_flow_logs,
    "subnet-no-auto-public-ip" => network::subnet_no_auto_public_ip,
    "nacl-admin-ports-from-internet" => network::nacl_admin_ports_from_internet,
    "iam-no-admin-policy" => identity::iam_no_admin_policy,
    "iam-no-service-wildcard-actions" => identity::iam_no_service_wildcard_actions,
    "iam-no-wildcard-resources" => identity::iam_no_wildcard_resources,
    "iam-root-mfa" => identity::iam_root_mfa,
    "iam-root-no-access-keys" => identity::iam_root_no_access_keys,
    "iam-user-mfa" => identity::iam_user_mfa,
    "iam-access-keys-rotated" => identity::iam_access_keys_rotated,
    "iam-no-user-access-keys" => identity::iam_no_user_access_keys,
    "iam-unused-credentials" => identity::iam_unused_credentials,
    "iam-role-session-duration" => identity::iam_role_session_duration,
    "secret-rotation-enabled" => secrets::secret_rotation_enabled,
    "secret-rotated-recently" => secrets::secret_rotated_recently,
    "secret-cmk-encrypted" => secrets::secret_cmk_encrypted,
    "secret-unused" => secrets::secret_unused,
    "tf-no-secret-literals" => secrets::tf_no_secret_literals,
    "state-remote-backend" => state::state_remote_backend,
    "tf-ignores-reviewed" => state::tf_ignores_reviewed,
    "state-bucket-versioning" => state::state_bucket_versioning,
    "state-bucket-encryption" => state::state_bucket_encryption,
    "state-bucket-cmk-encrypted" => state::state_bucket_cmk_encrypted,
    "state-bucket-public-access-block" => state::state_bucket_public_access_block,
    "state-bucket-tls-only" => state::state_bucket_tls_only,
    "state-bucket-mfa-delete" => state::state_bucket_mfa_delete,
    "state-bucket-access-logging" => state::state_bucket_access_logging,
    "state-lock-table" => state::state_lock_table,
    "ecs-tasks-in-private-subnets" => network::ecs_tasks_in_private_subnets,
    "sg-tasks-ingress-from-lb-only" => network::sg_tasks_ingress_from_lb_only,
    "iam-task-roles-separated" => identity::iam_task_roles_separated,
    "ecs-secrets-not-in-environment" => secrets::ecs_secrets_not_in_environment,
    "secret-placeholder-value" => secrets::secret_placeholder_value,
    "cloudtrail-multi-region" => monitoring::cloudtrail_multi_region,
    "cloudtrail-log-validation" => monitoring::cloudtrail_log_validation,
    "cloudtrail-cloudwatch-logs" => monitoring::cloudtrail_cloudwatch_logs,
    "guardduty-enabled" => monitoring::guardduty_enabled,
    "security-alerts-routed" => monitoring::security_alerts_routed,
    "log-groups-cmk-encrypted" => monitoring::log_groups_cmk_encrypted,
    "ecs-container-insights" => containers::ecs_container_insights,
    "ecr-scan-on-push" => containers::ecr_scan_on_push,
    "ecr-cmk-encrypted" => containers::ecr_cmk_encrypted,
    "ecr-running-images-no-critical-findings" => containers::ecr_running_images_no_critical_findings,
    "ecs-image-pinned" => containers::ecs_image_pinned,
    "ecs-non-root-user" => containers::ecs_non_root_user,
    "ecs-health-check" => containers::ecs_health_check,
    "ecs-task-logging" => containers::ecs_task_logging,
    "rds-encrypted" => data::rds_encrypted,
    "rds-not-public" => data::rds_not_public,
    "rds-private-subnets" => data::rds_private_subnets,
    "rds-snapshots-private-encrypted" => data::rds_snapshots_private_encrypted,
    "rds-backups-enabled" => data::rds_backups_enabled,
    "rds-tls-enforced" => data::rds_tls_enforced,
    "kms-cmk-rotation" => data::kms_cmk_rotation,
}

/// Every check, in table order. The metadata files are part of the binary and
/// a test proves each parses and names its own id, so parsing cannot fail at
/// run time for a built binary.
pub static CHECKS: LazyLock<Vec<Check>> = LazyLock::new(|| {
    TABLE
        .iter()
        .map(|(id, toml, run)| match catalog::parse(toml) {
            Ok(meta) => Check { meta, run: *run },
            Err(err) => {
                panic!("checks/{id}.toml is invalid (a build defect the test suite catches): {err}")
            }
        })
        .collect()
});

pub fn all() -> &'static [Check] {
    &CHECKS
}

pub fn get(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.meta.id == id)
}

/// The metadata of check `id`.
pub fn meta(id: &str) -> Option<&'static CheckMeta> {
    get(id).map(|c| &c.meta)
}

/// Every check's metadata, in table order.
pub fn metas() -> impl Iterator<Item = &'static CheckMeta> {
    CHECKS.iter().map(|c| &c.meta)
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
    /// Visit every resource of kind `K`; a place whose list could not be
    /// collected gets one `unknown` finding instead (a gap says why).
    pub fn each<'i, K: Listed>(
        &mut self,
        inv: &'i Inventory,
        mut visit: impl FnMut(&mut Self, K::Place<'i>, &'i K::Item),
    ) {
        for (place, items) in K::places(inv) {
            match items {
                Some(items) => items.iter().for_each(|item| visit(self, place, item)),
                None => self.unlisted::<K>(place),
            }
        }
    }

    /// The one `unknown` finding for a place whose kind `K` could not be listed.
    pub fn unlisted<K: Listed>(&mut self, place: K::Place<'_>) {
        let resource = K::unlisted_resource(&place);
        self.on(place, &resource, K::NOUN)
            .unknown(K::unlisted_message());
    }

    /// Start a finding on one resource; finish it with `pass`, `fail` or `unknown`.
    pub fn on(&mut self, at: impl Site, resource: &str, name: &str) -> Pending<'_, 'a> {
        Pending {
            account: at.account().account_id.clone(),
            region: at.region_name().to_string(),
            out: self,
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

    /// A list as evidence: its items joined by `"; "` (items that may hold
    /// commas: rules, problems), or `none` when it is empty.
    pub fn evidence_list<S: AsRef<str>>(self, key: &str, items: &[S]) -> Self {
        self.evidence_joined(key, items, "; ", "none")
    }

    /// A list of names as evidence: joined by `", "`, or `none` when empty.
    pub fn evidence_names<S: AsRef<str>>(self, key: &str, items: &[S]) -> Self {
        self.evidence_joined(key, items, ", ", "none")
    }

    /// A list joined by `separator`, or `empty` when there is nothing in it.
    pub fn evidence_joined<S: AsRef<str>>(
        self,
        key: &str,
        items: &[S],
        separator: &str,
        empty: &str,
    ) -> Self {
        let value = if items.is_empty() {
            empty.to_string()
        } else {
            items
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<&str>>()
                .join(separator)
        };
        self.evidence(key, value)
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
            change: None,
            previous_status: None,
            terraform: None,
        });
    }
}

/// Which checks to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub only: Vec<String>,
    pub skip: Vec<String>,
    /// Only this tier's checks (`--tier`).
    pub tier: Option<crate::finding::Tier>,
    /// Only checks mapped to this framework (`--compliance`).
    pub framework: Option<catalog::Framework>,
    /// Run the opt-in checks (those that read secret values).
    pub opt_in: bool,
}

impl Selection {
    /// Unknown ids are an error: a typo must not silently run nothing.
    pub fn validate(&self) -> Result<(), String> {
        for id in self.only.iter().chain(&self.skip) {
            if get(id).is_none() {
                return Err(format!(
                    "unknown check id {id:?}; `posture checks` lists them"
                ));
            }
        }
        Ok(())
    }

    pub fn wants(&self, check: &Check) -> bool {
        let meta = &check.meta;
        (self.only.is_empty() || self.only.contains(&meta.id))
            && !self.skip.contains(&meta.id)
            && (self.opt_in || !meta.opt_in)
            && self.tier.is_none_or(|t| meta.tier == t)
            && self
                .framework
                .is_none_or(|f| !meta.frameworks.controls(f).is_empty())
    }

    /// The checks this selection runs, in table order.
    pub fn checks(&self) -> impl Iterator<Item = &'static Check> {
        all().iter().filter(|c| self.wants(c))
    }
}

/// Run the selected checks over an inventory.
pub fn run(inventory: &Inventory, settings: &Settings, selection: &Selection) -> Vec<Finding> {
    let mut findings = Vec::new();
    for check in selection.checks() {
        let mut out = Out {
            meta: &check.meta,
            settings,
            now: inventory.started_at,
            findings: Vec::new(),
        };
        (check.run)(&mut out, inventory);
        findings.append(&mut out.findings);
    }
    findings
}

/// The region name used for global resources (IAM, the account itself).
pub const GLOBAL: &str = "global";

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod metadata_tests;
