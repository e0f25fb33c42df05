//! `cloudtrail-cloudwatch-logs`: the multi-region trail delivers to a
//! CloudWatch Logs group.
//!
//! As CloudTrail.5 judges it, a log group is set on the trail
//! (`CloudWatchLogsLogGroupArn`); and, since the row asks that the trail
//! *delivers*, GetTrailStatus must report no CloudWatch Logs delivery error.
//! One finding per multi-region trail of the audited account.

use super::own_trails;
use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    own_trails::each(out, inv, |out, account, t| {
        let name = &t.trail.name;
        let finding = out.on(t.site(account), &t.trail.arn, name);
        let Some(destination) = t.cloudwatch_logs else {
            return finding.unknown(format!(
                "Whether trail {name} sends its events to CloudWatch Logs is not known (the snapshot predates this reading)."
            ));
        };
        let Some(group_arn) = &destination.log_group_arn else {
            return finding.evidence("log_group", "none").fail(format!(
                "Trail {name} sends nothing to CloudWatch Logs: its events reach S3 only, where no metric filter or alarm can watch them."
            ));
        };
        let group = log_group_name(group_arn);
        let finding = finding
            .evidence("log_group", group)
            .evidence("role", destination.role_arn.as_deref().unwrap_or("none"));
        let Some(delivery) = t.delivery else {
            return finding.unknown(format!(
                "Trail {name} is set to send its events to log group {group}, but its delivery status could not be read (see gaps)."
            ));
        };
        let latest = delivery
            .latest_delivery_time
            .map_or("never".to_string(), |at| at.to_rfc3339());
        let finding = finding.evidence("latest_delivery", latest);
        match &delivery.latest_delivery_error {
            Some(error) => finding.evidence("delivery_error", error).fail(format!(
                "Trail {name} is set to send its events to log group {group}, but CloudTrail reports a delivery error: {error}."
            )),
            None => finding.pass(format!(
                "Trail {name} sends its events to CloudWatch Logs log group {group}."
            )),
        }
    });
}

/// The group's name from its ARN (`arn:…:log-group:NAME:*`), or the ARN as given.
fn log_group_name(arn: &str) -> &str {
    arn.split_once(":log-group:")
        .map(|(_, rest)| rest.strip_suffix(":*").unwrap_or(rest))
        .filter(|name| !name.is_empty())
        .unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::Inventory;

    const GROUP: &str = "arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/main:*";

    fn trail(name: &str, destination: Value, delivery: Value) -> Value {
        json!({"arn": format!("arn:aws:cloudtrail:us-east-1:123456789012:trail/{name}"), "name": name,
               "home_region": "us-east-1", "multi_region": true, "organization": false,
               "logging": true, "event_selectors": null, "log_file_validation": true,
               "cloudwatch_logs": destination, "cloudwatch_logs_delivery": delivery})
    }

    fn to_group() -> Value {
        json!({"log_group_arn": GROUP, "role_arn": "arn:aws:iam::123456789012:role/trail-to-logs"})
    }

    fn judge(trails: Value) -> Vec<crate::finding::Finding> {
        let inv: Inventory = inventory(json!({}), json!({ "trails": trails }));
        check("cloudtrail-cloudwatch-logs", &inv)
    }

    #[test]
    fn a_log_group_without_delivery_errors_passes() {
        let findings = judge(json!([trail(
            "main",
            to_group(),
            json!({"latest_delivery_time": "2026-11-23T11:55:00Z", "latest_delivery_error": null})
        )]));
        assert_eq!(verdicts(&findings), v(&[("main", Pass)]));
        let f = &findings[0];
        assert_eq!(
            f.message,
            "Trail main sends its events to CloudWatch Logs log group CloudTrail/main."
        );
        assert_eq!(f.evidence["log_group"], "CloudTrail/main");
        assert_eq!(
            f.evidence["role"],
            "arn:aws:iam::123456789012:role/trail-to-logs"
        );
        assert_eq!(f.evidence["latest_delivery"], "2026-11-23T11:55:00+00:00");
        // Not delivered yet (a group just set): CloudTrail.5 passes it too.
        let fresh = judge(json!([trail(
            "main",
            to_group(),
            json!({"latest_delivery_time": null, "latest_delivery_error": null})
        )]));
        assert_eq!(verdicts(&fresh), v(&[("main", Pass)]));
        assert_eq!(fresh[0].evidence["latest_delivery"], "never");
    }

    #[test]
    fn no_log_group_fails() {
        let findings = judge(json!([trail(
            "main",
            json!({"log_group_arn": null, "role_arn": null}),
            json!({"latest_delivery_time": null, "latest_delivery_error": null})
        )]));
        assert_eq!(verdicts(&findings), v(&[("main", Fail)]));
        assert_eq!(findings[0].evidence["log_group"], "none");
    }

    /// A role CloudTrail can no longer assume, or a deleted group: set, but
    /// nothing arrives.
    #[test]
    fn a_delivery_error_fails() {
        let findings = judge(json!([trail(
            "main",
            to_group(),
            json!({"latest_delivery_time": "2026-11-20T08:00:00Z", "latest_delivery_error": "AccessDenied"})
        )]));
        assert_eq!(verdicts(&findings), v(&[("main", Fail)]));
        assert_eq!(
            findings[0].message,
            "Trail main is set to send its events to log group CloudTrail/main, but CloudTrail reports a delivery error: AccessDenied."
        );
        assert_eq!(findings[0].evidence["delivery_error"], "AccessDenied");
    }

    /// GetTrailStatus denied, or a snapshot without the setting: never a pass.
    #[test]
    fn what_could_not_be_read_is_unknown() {
        let unread = judge(json!([trail("main", to_group(), Value::Null)]));
        assert_eq!(verdicts(&unread), v(&[("main", Unknown)]));
        assert_eq!(
            unread[0].message,
            "Trail main is set to send its events to log group CloudTrail/main, but its delivery status could not be read (see gaps)."
        );
        // Without a group the status does not matter: it fails.
        let unset = judge(json!([trail(
            "main",
            json!({"log_group_arn": null, "role_arn": null}),
            Value::Null
        )]));
        assert_eq!(verdicts(&unset), v(&[("main", Fail)]));
        let mut old = trail("main", Value::Null, Value::Null);
        let fields = old.as_object_mut().unwrap();
        fields.remove("cloudwatch_logs");
        fields.remove("cloudwatch_logs_delivery");
        assert_eq!(verdicts(&judge(json!([old]))), v(&[("main", Unknown)]));
    }

    #[test]
    fn a_log_group_arn_without_the_usual_shape_is_shown_as_given() {
        assert_eq!(super::log_group_name(GROUP), "CloudTrail/main");
        assert_eq!(
            super::log_group_name("arn:aws:logs:us-east-1:1:log-group:x"),
            "x"
        );
        assert_eq!(super::log_group_name("odd"), "odd");
    }
}
