//! `cloudtrail-log-validation`: the multi-region trail has log file
//! validation on.
//!
//! As CloudTrail.4 and CIS 3.2 judge it, on DescribeTrails'
//! `LogFileValidationEnabled`; one finding per multi-region trail of the
//! audited account.

use super::own_trails;
use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    own_trails::each(out, inv, |out, account, t| {
        let name = &t.trail.name;
        let finding = out.on(t.site(account), &t.trail.arn, name).evidence(
            "log_file_validation",
            t.log_file_validation
                .map_or("?".to_string(), |v| v.to_string()),
        );
        match t.log_file_validation {
            Some(true) => finding.pass(format!(
                "Trail {name} has log file validation on: CloudTrail signs a digest of every log file it delivers."
            )),
            Some(false) => finding.fail(format!(
                "Trail {name} has log file validation off: a log file altered or deleted after delivery cannot be detected."
            )),
            None => finding.unknown(format!(
                "Whether trail {name} validates its log files is not known (the snapshot predates this reading)."
            )),
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::Inventory;

    fn trail(account: &str, name: &str, multi: bool, validation: Value) -> Value {
        json!({"arn": format!("arn:aws:cloudtrail:eu-west-1:{account}:trail/{name}"), "name": name,
               "home_region": "eu-west-1", "multi_region": multi, "organization": false,
               "logging": true, "event_selectors": null, "log_file_validation": validation})
    }

    fn own(name: &str, multi: bool, validation: Value) -> Value {
        trail("123456789012", name, multi, validation)
    }

    fn judge(inv: &Inventory) -> Vec<crate::finding::Finding> {
        check("cloudtrail-log-validation", inv)
    }

    #[test]
    fn each_own_multi_region_trail_is_judged_once_in_its_home_region() {
        let mut inv = inventory(
            json!({}),
            json!({"trails": [
                own("main", true, json!(true)),
                own("plain", true, json!(false)),
                own("local", false, json!(false)),
                trail("999999999999", "org", true, json!(false))
            ]}),
        );
        // The shadow copy eu-west-1 lists of the same trail.
        let mut eu = inv.accounts[0].regions[0].clone();
        eu.region = "eu-west-1".into();
        eu.trails = serde_json::from_value(json!([own("main", true, json!(true))])).unwrap();
        inv.accounts[0].regions.push(eu);
        let findings = judge(&inv);
        assert_eq!(verdicts(&findings), v(&[("main", Pass), ("plain", Fail)]));
        let plain = findings
            .iter()
            .find(|f| f.resource_name == "plain")
            .unwrap();
        assert_eq!(plain.region, "eu-west-1");
        assert_eq!(
            plain.resource,
            "arn:aws:cloudtrail:eu-west-1:123456789012:trail/plain"
        );
        assert_eq!(plain.evidence["log_file_validation"], "false");
        assert_eq!(
            plain.message,
            "Trail plain has log file validation off: a log file altered or deleted after delivery cannot be detected."
        );
    }

    #[test]
    fn no_multi_region_trail_no_finding_and_unlisted_trails_are_unknown() {
        let none = inventory(
            json!({}),
            json!({"trails": [own("local", false, json!(true))]}),
        );
        assert!(judge(&none).is_empty());
        let unlisted = inventory(json!({}), json!({"trails": null}));
        let findings = judge(&unlisted);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail trails", Unknown)]));
        assert_eq!(
            findings[0].message,
            "Trails could not be listed (see gaps)."
        );
    }

    /// A snapshot recorded before posture read the setting: `unknown`.
    #[test]
    fn an_older_snapshot_is_unknown() {
        let mut old = own("main", true, Value::Null);
        old.as_object_mut().unwrap().remove("log_file_validation");
        let inv = inventory(json!({}), json!({ "trails": [old] }));
        let findings = judge(&inv);
        assert_eq!(verdicts(&findings), v(&[("main", Unknown)]));
        assert_eq!(findings[0].evidence["log_file_validation"], "?");
    }
}
