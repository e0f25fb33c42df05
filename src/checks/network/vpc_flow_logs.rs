//! `vpc-flow-logs`: Every VPC has an active flow log.

use super::*;
use crate::inventory::{DeliverStatus, FlowLogStatus};

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let Regional { account, region } = at;
        let Some(vpcs) = &region.vpcs else {
            out.unlisted::<Vpcs>(at);
            continue;
        };
        for vpc in vpcs {
            let arn = format!(
                "arn:{}:ec2:{}:{}:vpc/{}",
                account.partition, region.region, account.account_id, vpc.id
            );
            let name = vpc.name.clone().unwrap_or_else(|| vpc.id.clone());
            let finding = out.on(at, &arn, &name);
            let Some(logs) = &region.flow_logs else {
                finding.unknown("Flow logs could not be listed (see gaps).");
                continue;
            };
            let mine: Vec<_> = logs.iter().filter(|l| l.resource_id == vpc.id).collect();
            let active = mine
                .iter()
                .filter(|l| {
                    l.status == Some(FlowLogStatus::Active)
                        && l.deliver_status != Some(DeliverStatus::Failed)
                })
                .count();
            let described: Vec<String> = mine
                .iter()
                .map(|l| {
                    format!(
                        "{} status={} delivery={} to={}",
                        l.id,
                        l.status.as_ref().map_or("?", FlowLogStatus::as_str),
                        l.deliver_status.as_ref().map_or("?", DeliverStatus::as_str),
                        l.destination.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            finding.evidence("flow_logs", list(&described)).verdict(
                active > 0,
                format!("VPC {name} has an active flow log."),
                if mine.is_empty() {
                    format!("VPC {name} has no flow log.")
                } else {
                    format!("VPC {name} has flow logs, but none active and delivering.")
                },
            );
        }
    }
}
