//! Data stores: RDS, and the KMS keys that encrypt data.

pub(super) mod kms_cmk_rotation;
pub(super) mod rds_backups_enabled;
pub(super) mod rds_encrypted;
pub(super) mod rds_not_public;
pub(super) mod rds_private_subnets;
pub(super) mod rds_snapshots_private_encrypted;
pub(super) mod rds_tls_enforced;

use super::Out;
use super::walk::*;
use crate::inventory::Inventory;
