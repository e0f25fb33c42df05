//! `vpc-flow-logs`: Every VPC has an active flow log.

use super::*;
use crate::inventory::{DeliverStatus, FlowLog, FlowLogStatus};

/// A flow log counts when it is active and its delivery has not failed.
pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Vpcs>(inv, |out, at, vpc| {
        let name = vpc.name.as_deref().unwrap_or(&vpc.id);
        let finding = out.on(at, &ec2_arn(at, "vpc", &vpc.id), name);
        let Some(logs) = &at.region.flow_logs else {
            return finding.unknown("Flow logs could not be listed (see gaps).");
        };
        let mine: Vec<&FlowLog> = logs.iter().filter(|l| l.resource_id == vpc.id).collect();
        let active = mine.iter().any(|l| {
            l.status == Some(FlowLogStatus::Active)
                && l.deliver_status != Some(DeliverStatus::Failed)
        });
        let described: Vec<String> = mine.iter().map(|l| describe(l)).collect();
        finding.evidence_list("flow_logs", &described).verdict(
            active,
            format!("VPC {name} has an active flow log."),
            if mine.is_empty() {
                format!("VPC {name} has no flow log.")
            } else {
                format!("VPC {name} has flow logs, but none active and delivering.")
            },
        );
    });
}

/// `fl-… status=ACTIVE delivery=SUCCESS to=…`, `?` for what EC2 did not say.
fn describe(log: &FlowLog) -> String {
    format!(
        "{} status={} delivery={} to={}",
        log.id,
        log.status.as_ref().map_or("?", FlowLogStatus::as_str),
        log.deliver_status
            .as_ref()
            .map_or("?", DeliverStatus::as_str),
        log.destination.as_deref().unwrap_or("?")
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::vpcs;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn vpcs_need_an_active_delivering_flow_log() {
        assert_eq!(
            verdicts(&check("vpc-flow-logs", &vpcs())),
            v(&[("main", Pass), ("vpc-2", Fail), ("failing-log", Fail)])
        );
    }

    #[test]
    fn flow_logs_are_described() {
        let inv = inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": null, "cidr": null, "is_default": false}],
                "flow_logs": [
                    {"id": "fl-1", "resource_id": "vpc-1", "status": "ACTIVE", "deliver_status": "FAILED", "destination": null},
                    {"id": "fl-2", "resource_id": "vpc-1", "status": null, "deliver_status": null, "destination": "arn:aws:s3:::logs"},
                    {"id": "fl-3", "resource_id": "vpc-9", "status": "ACTIVE", "deliver_status": "SUCCESS", "destination": "x"}
                ]
            }),
        );
        let findings = check("vpc-flow-logs", &inv);
        assert_eq!(verdicts(&findings), v(&[("vpc-1", Fail)]));
        assert_eq!(
            findings[0].resource,
            "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"
        );
        assert_eq!(
            findings[0].message,
            "VPC vpc-1 has flow logs, but none active and delivering."
        );
        assert_eq!(
            findings[0].evidence["flow_logs"],
            "fl-1 status=ACTIVE delivery=FAILED to=?; fl-2 status=? delivery=? to=arn:aws:s3:::logs"
        );
    }

    #[test]
    fn a_delivery_not_yet_reported_counts() {
        let inv = inventory(
            json!({}),
            json!({
                "vpcs": [{"id": "vpc-1", "name": "main", "cidr": null, "is_default": false}],
                "flow_logs": [{"id": "fl-1", "resource_id": "vpc-1", "status": "ACTIVE", "deliver_status": null, "destination": "x"}]
            }),
        );
        assert_eq!(
            verdicts(&check("vpc-flow-logs", &inv)),
            v(&[("main", Pass)])
        );
    }

    #[test]
    fn unknown_without_vpcs_or_flow_logs() {
        let inv = inventory(json!({}), json!({"vpcs": null}));
        assert_eq!(
            verdicts(&check("vpc-flow-logs", &inv)),
            v(&[("VPCs", Unknown)])
        );
        let inv = inventory(
            json!({}),
            json!({"vpcs": [{"id": "vpc-1", "name": "main", "cidr": null, "is_default": false}], "flow_logs": null}),
        );
        let findings = check("vpc-flow-logs", &inv);
        assert_eq!(verdicts(&findings), v(&[("main", Unknown)]));
        assert_eq!(
            findings[0].message,
            "Flow logs could not be listed (see gaps)."
        );
    }
}
