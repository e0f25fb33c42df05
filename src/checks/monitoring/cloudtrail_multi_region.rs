//! `cloudtrail-multi-region`: A multi-region CloudTrail trail is logging.

use super::*;
use crate::inventory::Trail;

/// One finding an account: a multi-region trail records every region.
pub fn run(out: &mut Out, inv: &Inventory) {
    for account in &inv.accounts {
        let listed: Vec<&[Trail]> = account
            .regions
            .iter()
            .filter_map(|r| r.trails.as_deref())
            .collect();
        let trails = distinct(listed.iter().copied().flatten());
        let described: Vec<String> = trails.iter().map(Seen::describe).collect();
        let multi_region = || trails.iter().filter(|t| t.trail.multi_region);
        let logging = multi_region().rfind(|t| t.logging == Some(true));
        let unread = multi_region().any(|t| t.logging.is_none());
        let finding = out
            .on(Global { account }, &account.root_arn(), "CloudTrail")
            .evidence_list("trails", &described);
        if let Some(t) = logging {
            finding.pass(format!("Multi-region trail {} is logging.", t.trail.name))
        } else if unread || listed.is_empty() {
            finding.unknown("Trails or their status could not be read (see gaps).")
        } else {
            finding.fail("No multi-region CloudTrail trail is logging: API activity in other regions goes unrecorded.")
        }
    }
}

/// A trail, and its status as read through any of its copies.
struct Seen<'i> {
    trail: &'i Trail,
    logging: Option<bool>,
}

impl Seen<'_> {
    fn describe(&self) -> String {
        let logging = self.logging.map_or("?".to_string(), |l| l.to_string());
        format!(
            "{} multi_region={} logging={logging}",
            self.trail.name, self.trail.multi_region
        )
    }
}

/// Each trail once (by ARN), in the order first listed: DescribeTrails lists a
/// multi-region trail in every region. GetTrailStatus, asked by ARN, reads the
/// same trail through each copy, so a reading stands over a failed one, and a
/// copy seen logging over one seen stopped (`None < Some(false) < Some(true)`).
fn distinct<'i>(listed: impl Iterator<Item = &'i Trail>) -> Vec<Seen<'i>> {
    let mut trails: Vec<Seen<'i>> = Vec::new();
    for trail in listed {
        match trails.iter_mut().find(|seen| seen.trail.arn == trail.arn) {
            Some(seen) => seen.logging = seen.logging.max(trail.logging),
            None => trails.push(Seen {
                trail,
                logging: trail.logging,
            }),
        }
    }
    trails
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Finding;
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::Inventory;

    /// A trail whose home is us-east-1.
    fn trail(name: &str, multi: bool, logging: Option<bool>) -> Value {
        json!({"arn": format!("arn:aws:cloudtrail:us-east-1:123456789012:trail/{name}"), "name": name,
               "home_region": "us-east-1", "multi_region": multi, "logging": logging})
    }

    /// us-east-1 with `us_east` trails, and eu-west-1 with `eu_west`.
    fn two_regions(us_east: Value, eu_west: Value) -> Inventory {
        let mut inv = inventory(json!({}), json!({ "trails": us_east }));
        let mut eu = inv.accounts[0].regions[0].clone();
        eu.region = "eu-west-1".into();
        eu.trails = serde_json::from_value(eu_west).unwrap();
        inv.accounts[0].regions.push(eu);
        inv
    }

    fn judge(inv: &Inventory) -> Vec<Finding> {
        check("cloudtrail-multi-region", inv)
    }

    #[test]
    fn a_logging_multi_region_trail_passes() {
        let good = inventory(
            json!({}),
            json!({"trails": [trail("org", true, Some(true))]}),
        );
        let findings = judge(&good);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Pass)]));
        assert_eq!(findings[0].message, "Multi-region trail org is logging.");
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=true"
        );
        assert_eq!(findings[0].resource, "arn:aws:iam::123456789012:root");
        assert_eq!(findings[0].region, "global");
    }

    #[test]
    fn a_local_trail_or_a_stopped_one_fails() {
        let single = inventory(
            json!({}),
            json!({"trails": [trail("local", false, Some(true)), trail("stopped", true, Some(false))]}),
        );
        let findings = judge(&single);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "local multi_region=false logging=true; stopped multi_region=true logging=false"
        );
        let none = judge(&inventory(json!({}), json!({"trails": []})));
        assert_eq!(verdicts(&none), v(&[("CloudTrail", Fail)]));
        assert_eq!(none[0].evidence["trails"], "none");
    }

    #[test]
    fn what_could_not_be_read_is_unknown() {
        let unread = inventory(json!({}), json!({"trails": [trail("org", true, None)]}));
        let findings = judge(&unread);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Unknown)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=?"
        );
        let unlisted = inventory(json!({}), json!({"trails": null}));
        assert_eq!(verdicts(&judge(&unlisted)), v(&[("CloudTrail", Unknown)]));
    }

    /// DescribeTrails (with shadow trails) lists a multi-region trail in every
    /// region: it is one trail, named once.
    #[test]
    fn a_multi_region_trail_listed_in_two_regions_is_one_trail() {
        let inv = two_regions(
            json!([
                trail("local", false, Some(true)),
                trail("org", true, Some(true))
            ]),
            json!([trail("org", true, Some(true))]),
        );
        let findings = judge(&inv);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Pass)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "local multi_region=false logging=true; org multi_region=true logging=true"
        );
    }

    /// The status of a trail read through one region answers for it in all.
    #[test]
    fn one_regions_reading_of_a_trail_stands_for_its_copies() {
        let read_in_eu = two_regions(
            json!([trail("org", true, None)]),
            json!([trail("org", true, Some(true))]),
        );
        let findings = judge(&read_in_eu);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Pass)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=true"
        );
        let stopped = two_regions(
            json!([trail("org", true, Some(false))]),
            json!([trail("org", true, None)]),
        );
        let findings = judge(&stopped);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=false"
        );
    }

    #[test]
    fn a_region_that_could_not_list_trails_does_not_hide_the_others() {
        let inv = two_regions(json!(null), json!([trail("org", true, Some(true))]));
        assert_eq!(verdicts(&judge(&inv)), v(&[("CloudTrail", Pass)]));
    }
}
