//! Monitoring checks: CloudTrail, GuardDuty, CloudWatch Logs.

pub(super) mod cloudtrail_cloudwatch_logs;
pub(super) mod cloudtrail_log_validation;
pub(super) mod cloudtrail_multi_region;
pub(super) mod guardduty_enabled;
pub(super) mod log_groups_cmk_encrypted;
mod own_trails;
pub(super) mod security_alerts_routed;

use super::Out;
use super::walk::*;
use crate::inventory::Inventory;
