//! Data stores: RDS.

pub(super) mod rds_encrypted;

use super::Out;
use super::walk::*;
use crate::inventory::Inventory;
