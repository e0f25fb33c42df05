//! The multi-region trails an account owns, each once (DescribeTrails lists
//! a multi-region trail in every region), with what its copies say of it:
//! the trails `cloudtrail-log-validation` and `cloudtrail-cloudwatch-logs`
//! judge, one finding each.

use super::*;
use crate::inventory::{
    AccountInventory, CloudWatchLogsDelivery, CloudWatchLogsDestination, Trail,
};

/// One multi-region trail of the audited account, merged over its copies.
pub struct OwnTrail<'i> {
    pub trail: &'i Trail,
    /// Its home region, where its finding is made (else the first region
    /// that listed it).
    pub region: &'i str,
    pub log_file_validation: Option<bool>,
    pub cloudwatch_logs: Option<&'i CloudWatchLogsDestination>,
    pub delivery: Option<&'i CloudWatchLogsDelivery>,
}

impl<'i> OwnTrail<'i> {
    fn merge(&mut self, copy: &'i Trail) {
        self.log_file_validation = self.log_file_validation.or(copy.log_file_validation);
        self.cloudwatch_logs = self.cloudwatch_logs.or(copy.cloudwatch_logs.as_ref());
        self.delivery = self.delivery.or(copy.cloudwatch_logs_delivery.as_ref());
    }

    /// Where the finding is made: the trail's own region.
    pub fn site(&self, account: &'i AccountInventory) -> In<'i> {
        In {
            account,
            region: self.region,
        }
    }
}

/// The account's own multi-region trails; `None` when no region could list
/// trails, so that which trails exist is not known. An organization trail
/// of another account is that account's to judge (audited with it).
pub fn of(account: &AccountInventory) -> Option<Vec<OwnTrail<'_>>> {
    let mut listed = false;
    let mut trails: Vec<OwnTrail> = Vec::new();
    for region in &account.regions {
        let Some(list) = &region.trails else {
            continue;
        };
        listed = true;
        let own = list
            .iter()
            .filter(|t| t.multi_region && t.owner() == Some(account.account_id.as_str()));
        for trail in own {
            match trails.iter_mut().find(|seen| seen.trail.arn == trail.arn) {
                Some(seen) => seen.merge(trail),
                None => trails.push(OwnTrail {
                    trail,
                    region: trail.home_region.as_deref().unwrap_or(&region.region),
                    log_file_validation: trail.log_file_validation,
                    cloudwatch_logs: trail.cloudwatch_logs.as_ref(),
                    delivery: trail.cloudwatch_logs_delivery.as_ref(),
                }),
            }
        }
    }
    listed.then_some(trails)
}

/// Each own multi-region trail of each account, or the one `unknown`
/// finding of an account whose trails could not be listed at all. No
/// multi-region trail, no finding: `cloudtrail-multi-region` fails that.
pub fn each<'i>(
    out: &mut Out<'_>,
    inv: &'i Inventory,
    mut visit: impl FnMut(&mut Out<'_>, &'i AccountInventory, &OwnTrail<'i>),
) {
    for account in &inv.accounts {
        match of(account) {
            Some(trails) => trails.iter().for_each(|t| visit(out, account, t)),
            None => out
                .on(Global { account }, &account.root_arn(), "CloudTrail trails")
                .unknown("Trails could not be listed (see gaps)."),
        }
    }
}
