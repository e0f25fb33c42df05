//! `cloudtrail-multi-region`: A multi-region CloudTrail trail is logging.
//!
//! As CloudTrail.1 and CIS 3.1 judge it: at least one trail is multi-region,
//! logging, and records management events of both read and write type.

use std::collections::HashMap;

use super::*;
use crate::inventory::{
    AdvancedEventSelector, EventSelector, EventSelectors, FieldSelector, ReadWriteType, Trail,
};

/// The management event sources AWS lets a trail leave out (high-volume
/// KMS and RDS Data API events); the trail still counts as recording
/// management events. Leaving out any other source is a restriction.
const EXCLUDABLE_SOURCES: &[&str] = &["kms.amazonaws.com", "rdsdata.amazonaws.com"];

/// One finding an account: a multi-region trail records every region.
pub fn run(out: &mut Out, inv: &Inventory) {
    // Readings of each trail, by ARN, over every audited account: an
    // organization trail is read in its management account and seen
    // (unreadable) from its members.
    let readings = readings(inv);
    for account in &inv.accounts {
        let listed: Vec<&[Trail]> = account
            .regions
            .iter()
            .filter_map(|r| r.trails.as_deref())
            .collect();
        let trails = distinct(listed.iter().copied().flatten(), &readings);
        let described: Vec<String> = trails
            .iter()
            .map(|t| t.describe(&account.account_id))
            .collect();
        let finding = out
            .on(Global { account }, &account.root_arn(), "CloudTrail")
            .evidence_list("trails", &described);
        if listed.is_empty() {
            finding.unknown("Trails could not be listed (see gaps).");
            continue;
        }
        let multi_region = || trails.iter().filter(|t| t.trail.multi_region);
        if let Some(t) = multi_region().find(|t| t.qualifies()) {
            let owner = t.trail.owner().filter(|o| *o != account.account_id);
            let message = match owner {
                Some(owner) => format!(
                    "Organization trail {} of account {owner} is logging read and write management events (as read in that account).",
                    t.trail.name
                ),
                None => format!(
                    "Multi-region trail {} is logging read and write management events.",
                    t.trail.name
                ),
            };
            finding.pass(message);
            continue;
        }
        let undecided: Vec<&Seen> = multi_region().filter(|t| t.undecided()).collect();
        if undecided.is_empty() {
            finding.fail(
                "No multi-region CloudTrail trail is logging read and write management events: API activity in other regions, or of the kinds left out, goes unrecorded.",
            );
            continue;
        }
        // Organization trails of another account that this inventory cannot read.
        let foreign: Vec<String> = undecided
            .iter()
            .filter_map(|t| {
                let owner = t.trail.owner().filter(|o| *o != account.account_id)?;
                Some(format!("{} (account {owner})", t.trail.name))
            })
            .collect();
        let message = if foreign.len() == undecided.len() {
            format!(
                "Organization trail {} records this account, but only its management account can read whether it is logging and which events it records: audit that account in the same run (--role-arn) to verify it.",
                foreign.join(", ")
            )
        } else {
            "A multi-region trail's status or event selectors could not be read (see gaps)."
                .to_string()
        };
        finding.unknown(message);
    }
}

/// What is known of one trail, merged over its copies.
#[derive(Clone, Copy, Default)]
struct Reading<'i> {
    /// `None < Some(false) < Some(true)`: a reading stands over a failed one,
    /// and a copy seen logging over one seen stopped.
    logging: Option<bool>,
    selectors: Option<&'i EventSelectors>,
}

impl<'i> Reading<'i> {
    fn merge(&mut self, trail: &'i Trail) {
        self.logging = self.logging.max(trail.logging);
        self.selectors = self.selectors.or(trail.event_selectors.as_ref());
    }
}

/// Every trail's readings by ARN, over every account and region of the inventory.
fn readings(inv: &Inventory) -> HashMap<&str, Reading<'_>> {
    let mut readings: HashMap<&str, Reading> = HashMap::new();
    let every = inv
        .accounts
        .iter()
        .flat_map(|a| &a.regions)
        .filter_map(|r| r.trails.as_deref())
        .flatten();
    for trail in every {
        readings.entry(&trail.arn).or_default().merge(trail);
    }
    readings
}

/// A trail as one account lists it, with what is known of it.
struct Seen<'i> {
    trail: &'i Trail,
    reading: Reading<'i>,
}

impl Seen<'_> {
    fn coverage(&self) -> Option<Coverage> {
        self.reading.selectors.map(Coverage::of)
    }

    /// Logging, and recording read and write management events.
    fn qualifies(&self) -> bool {
        self.reading.logging == Some(true) && self.coverage().is_some_and(|c| c.complete())
    }

    /// Neither qualifying nor known not to: something could not be read.
    fn undecided(&self) -> bool {
        let stopped = self.reading.logging == Some(false);
        let short = self.coverage().is_some_and(|c| !c.complete());
        !self.qualifies() && !stopped && !short
    }

    /// A single-region trail cannot count: its status and selectors are not
    /// read, nor shown.
    fn describe(&self, account: &str) -> String {
        let mut text = format!(
            "{} multi_region={}",
            self.trail.name, self.trail.multi_region
        );
        if self.trail.multi_region {
            let logging = self
                .reading
                .logging
                .map_or("?".to_string(), |l| l.to_string());
            let management = self.coverage().map_or("?".to_string(), |c| c.to_string());
            text.push_str(&format!(" logging={logging} management={management}"));
        }
        if self.trail.organization == Some(true) {
            text.push_str(" organization=true");
        }
        if let Some(owner) = self.trail.owner().filter(|o| *o != account) {
            text.push_str(&format!(" owner={owner}"));
        }
        text
    }
}

/// Each trail an account lists once (by ARN), in the order first listed:
/// DescribeTrails lists a multi-region trail in every region.
fn distinct<'i>(
    listed: impl Iterator<Item = &'i Trail>,
    readings: &HashMap<&str, Reading<'i>>,
) -> Vec<Seen<'i>> {
    let mut trails: Vec<Seen<'i>> = Vec::new();
    for trail in listed {
        if !trails.iter().any(|seen| seen.trail.arn == trail.arn) {
            let reading = readings
                .get(trail.arn.as_str())
                .copied()
                .unwrap_or_default();
            trails.push(Seen { trail, reading });
        }
    }
    trails
}

/// Which management events a trail's selectors record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Coverage {
    read: bool,
    write: bool,
    /// Sources every recording selector leaves out (only the excludable ones).
    excluded: Vec<String>,
}

impl Coverage {
    /// Selectors are alternatives (OR): an event is recorded when one of them
    /// selects it.
    fn of(selectors: &EventSelectors) -> Coverage {
        let parts = selectors
            .basic
            .iter()
            .filter_map(basic)
            .chain(selectors.advanced.iter().filter_map(advanced));
        let mut coverage = Coverage::default();
        let mut excluded: Option<Vec<String>> = None;
        for part in parts {
            coverage.read |= part.read;
            coverage.write |= part.write;
            excluded = Some(match excluded {
                None => part.excluded,
                Some(before) => before
                    .into_iter()
                    .filter(|s| part.excluded.contains(s))
                    .collect(),
            });
        }
        coverage.excluded = excluded.unwrap_or_default();
        coverage
    }

    fn complete(&self) -> bool {
        self.read && self.write
    }
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds = match (self.read, self.write) {
            (true, true) => "read+write",
            (true, false) => "read-only",
            (false, true) => "write-only",
            (false, false) => "none",
        };
        f.write_str(kinds)?;
        if !self.excluded.is_empty() && (self.read || self.write) {
            write!(f, " excluding {}", self.excluded.join(","))?;
        }
        Ok(())
    }
}

/// The management events one basic selector records, if any.
fn basic(s: &EventSelector) -> Option<Coverage> {
    if !s.include_management_events || !excludable(&s.exclude_management_event_sources) {
        return None;
    }
    let (read, write) = match s.read_write_type {
        ReadWriteType::All => (true, true),
        ReadWriteType::ReadOnly => (true, false),
        ReadWriteType::WriteOnly => (false, true),
        ReadWriteType::Other(_) => return None,
    };
    Some(Coverage {
        read,
        write,
        excluded: s.exclude_management_event_sources.clone(),
    })
}

/// The management events one advanced selector records, if any. Its field
/// selectors all hold: `eventCategory` must equal `Management`; `readOnly`
/// (absent: both) narrows to reads or writes; `eventSource` may only leave
/// out an excludable source. Any other condition restricts the selector to
/// some management events, so it does not count.
fn advanced(s: &AdvancedEventSelector) -> Option<Coverage> {
    let mut management = false;
    let (mut read, mut write) = (true, true);
    let mut excluded = Vec::new();
    for f in &s.field_selectors {
        match f.field.as_str() {
            "eventCategory" => {
                if !only_equals(f) || !f.equals.iter().any(|v| v == "Management") {
                    return None;
                }
                management = true;
            }
            "readOnly" => {
                let values: Vec<String> = if only_equals(f) {
                    f.equals.iter().map(|v| v.to_ascii_lowercase()).collect()
                } else if only_not_equals(f) {
                    ["true", "false"]
                        .into_iter()
                        .filter(|v| !f.not_equals.iter().any(|n| n.eq_ignore_ascii_case(v)))
                        .map(str::to_string)
                        .collect()
                } else {
                    return None;
                };
                read &= values.iter().any(|v| v == "true");
                write &= values.iter().any(|v| v == "false");
            }
            "eventSource" if only_not_equals(f) && excludable(&f.not_equals) => {
                excluded.extend(f.not_equals.iter().cloned());
            }
            _ => return None,
        }
    }
    (management && (read || write)).then_some(Coverage {
        read,
        write,
        excluded,
    })
}

fn excludable(sources: &[String]) -> bool {
    sources
        .iter()
        .all(|s| EXCLUDABLE_SOURCES.contains(&s.as_str()))
}

fn only_equals(f: &FieldSelector) -> bool {
    !f.equals.is_empty() && operators(f) == 1
}

fn only_not_equals(f: &FieldSelector) -> bool {
    !f.not_equals.is_empty() && operators(f) == 1
}

/// How many operators a field selector uses.
fn operators(f: &FieldSelector) -> usize {
    [
        &f.equals,
        &f.not_equals,
        &f.starts_with,
        &f.not_starts_with,
        &f.ends_with,
        &f.not_ends_with,
    ]
    .iter()
    .filter(|values| !values.is_empty())
    .count()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Finding;
    use crate::finding::Status::{Fail, Pass, Unknown};
    use crate::inventory::Inventory;

    /// AWS's default selector: every management event, read and write.
    fn all_management() -> Value {
        json!({"basic": [{"read_write_type": "All", "include_management_events": true,
                          "exclude_management_event_sources": []}], "advanced": []})
    }

    /// A trail of account 123456789012 whose home is us-east-1, with AWS's
    /// default selectors once read (`logging` `None`: nothing could be read).
    fn trail(name: &str, multi: bool, logging: Option<bool>) -> Value {
        let selectors = logging.map(|_| all_management());
        with_selectors(name, multi, logging, selectors.unwrap_or(Value::Null))
    }

    fn with_selectors(name: &str, multi: bool, logging: Option<bool>, selectors: Value) -> Value {
        json!({"arn": format!("arn:aws:cloudtrail:us-east-1:123456789012:trail/{name}"), "name": name,
               "home_region": "us-east-1", "multi_region": multi, "organization": false,
               "logging": logging, "event_selectors": selectors})
    }

    /// One logging multi-region trail with these selectors.
    fn selecting(selectors: Value) -> Inventory {
        inventory(
            json!({}),
            json!({"trails": [with_selectors("main", true, Some(true), selectors)]}),
        )
    }

    fn basic(read_write: &str, management: bool, excluded: &[&str]) -> Value {
        json!({"read_write_type": read_write, "include_management_events": management,
               "exclude_management_event_sources": excluded})
    }

    fn advanced(fields: Value) -> Value {
        json!({"name": "selector", "field_selectors": fields})
    }

    fn management() -> Value {
        json!({"field": "eventCategory", "equals": ["Management"]})
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

    fn status(inv: &Inventory) -> Vec<(String, crate::finding::Status)> {
        verdicts(&judge(inv))
    }

    #[test]
    fn a_logging_multi_region_trail_of_all_management_events_passes() {
        let good = inventory(
            json!({}),
            json!({"trails": [trail("org", true, Some(true))]}),
        );
        let findings = judge(&good);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Pass)]));
        assert_eq!(
            findings[0].message,
            "Multi-region trail org is logging read and write management events."
        );
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=true management=read+write"
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
            "local multi_region=false; stopped multi_region=true logging=false management=read+write"
        );
        let none = judge(&inventory(json!({}), json!({"trails": []})));
        assert_eq!(verdicts(&none), v(&[("CloudTrail", Fail)]));
        assert_eq!(none[0].evidence["trails"], "none");
    }

    #[test]
    fn basic_selectors_must_record_read_and_write_management_events() {
        let write_only =
            selecting(json!({"basic": [basic("WriteOnly", true, &[])], "advanced": []}));
        let findings = judge(&write_only);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "main multi_region=true logging=true management=write-only"
        );
        // Data events only: no management events at all.
        let data_only = selecting(json!({"basic": [basic("All", false, &[])], "advanced": []}));
        assert_eq!(status(&data_only), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            judge(&data_only)[0].evidence["trails"],
            "main multi_region=true logging=true management=none"
        );
        // No selector at all records nothing.
        let empty = selecting(json!({"basic": [], "advanced": []}));
        assert_eq!(status(&empty), v(&[("CloudTrail", Fail)]));
        // A read-only and a write-only selector together record both.
        let both = selecting(
            json!({"basic": [basic("ReadOnly", true, &[]), basic("WriteOnly", true, &[])], "advanced": []}),
        );
        assert_eq!(status(&both), v(&[("CloudTrail", Pass)]));
        // A ReadWriteType posture does not know records nothing it can vouch for.
        let odd = selecting(json!({"basic": [basic("Everything", true, &[])], "advanced": []}));
        assert_eq!(status(&odd), v(&[("CloudTrail", Fail)]));
    }

    /// AWS lets a trail leave out KMS and RDS Data API events; CloudTrail.1
    /// and CIS 3.1 still count it. The evidence says so.
    #[test]
    fn leaving_out_kms_events_still_counts_and_is_shown() {
        let inv = selecting(
            json!({"basic": [basic("All", true, &["kms.amazonaws.com"])], "advanced": []}),
        );
        let findings = judge(&inv);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Pass)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "main multi_region=true logging=true management=read+write excluding kms.amazonaws.com"
        );
        // Any other source left out is a restriction AWS does not offer.
        let iam = selecting(
            json!({"basic": [basic("All", true, &["iam.amazonaws.com"])], "advanced": []}),
        );
        assert_eq!(status(&iam), v(&[("CloudTrail", Fail)]));
    }

    #[test]
    fn an_advanced_management_selector_without_read_only_records_both() {
        let inv = selecting(json!({"basic": [], "advanced": [advanced(json!([management()]))]}));
        assert_eq!(status(&inv), v(&[("CloudTrail", Pass)]));
        let excluding = selecting(json!({"basic": [], "advanced": [advanced(json!([
            management(),
            {"field": "eventSource", "not_equals": ["kms.amazonaws.com", "rdsdata.amazonaws.com"]}
        ]))]}));
        let findings = judge(&excluding);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Pass)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "main multi_region=true logging=true management=read+write excluding kms.amazonaws.com,rdsdata.amazonaws.com"
        );
    }

    #[test]
    fn advanced_selectors_restricted_to_reads_or_writes_need_each_other() {
        let read_only =
            |value: &str| advanced(json!([management(), {"field": "readOnly", "equals": [value]}]));
        let writes = selecting(json!({"basic": [], "advanced": [read_only("false")]}));
        let findings = judge(&writes);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "main multi_region=true logging=true management=write-only"
        );
        let both =
            selecting(json!({"basic": [], "advanced": [read_only("true"), read_only("false")]}));
        assert_eq!(status(&both), v(&[("CloudTrail", Pass)]));
        // NotEquals true is writes only.
        let not_reads = selecting(json!({"basic": [], "advanced": [advanced(json!([
            management(), {"field": "readOnly", "not_equals": ["true"]}
        ]))]}));
        assert_eq!(status(&not_reads), v(&[("CloudTrail", Fail)]));
    }

    #[test]
    fn advanced_selectors_of_data_events_or_of_some_sources_do_not_count() {
        let data = selecting(json!({"basic": [], "advanced": [advanced(json!([
            {"field": "eventCategory", "equals": ["Data"]},
            {"field": "resources.type", "equals": ["AWS::S3::Object"]}
        ]))]}));
        let findings = judge(&data);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "main multi_region=true logging=true management=none"
        );
        // Management events of EC2 alone are not all management events.
        let ec2 = selecting(json!({"basic": [], "advanced": [advanced(json!([
            management(), {"field": "eventSource", "equals": ["ec2.amazonaws.com"]}
        ]))]}));
        assert_eq!(status(&ec2), v(&[("CloudTrail", Fail)]));
        // Leaving out IAM's events is a restriction too.
        let no_iam = selecting(json!({"basic": [], "advanced": [advanced(json!([
            management(), {"field": "eventSource", "not_equals": ["iam.amazonaws.com"]}
        ]))]}));
        assert_eq!(status(&no_iam), v(&[("CloudTrail", Fail)]));
        // So is a condition on a field posture does not judge.
        let one_user = selecting(json!({"basic": [], "advanced": [advanced(json!([
            management(), {"field": "userIdentity.arn", "equals": ["arn:aws:iam::123456789012:user/a"]}
        ]))]}));
        assert_eq!(status(&one_user), v(&[("CloudTrail", Fail)]));
    }

    #[test]
    fn what_could_not_be_read_is_unknown() {
        let unread = inventory(json!({}), json!({"trails": [trail("org", true, None)]}));
        let findings = judge(&unread);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Unknown)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=? management=?"
        );
        assert_eq!(
            findings[0].message,
            "A multi-region trail's status or event selectors could not be read (see gaps)."
        );
        let unlisted = inventory(json!({}), json!({"trails": null}));
        let findings = judge(&unlisted);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Unknown)]));
        assert_eq!(
            findings[0].message,
            "Trails could not be listed (see gaps)."
        );
    }

    /// GetEventSelectors denied on a logging trail: never a pass.
    #[test]
    fn selectors_that_could_not_be_read_are_unknown_never_pass() {
        let denied = inventory(
            json!({}),
            json!({"trails": [with_selectors("main", true, Some(true), Value::Null)]}),
        );
        let findings = judge(&denied);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Unknown)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "main multi_region=true logging=true management=?"
        );
        // A stopped trail fails whatever its selectors; one whose selectors
        // fall short fails whatever its status.
        let stopped = inventory(
            json!({}),
            json!({"trails": [with_selectors("main", true, Some(false), Value::Null)]}),
        );
        assert_eq!(status(&stopped), v(&[("CloudTrail", Fail)]));
        let short = inventory(
            json!({}),
            json!({"trails": [with_selectors("main", true, None, json!({"basic": [basic("ReadOnly", true, &[])], "advanced": []}))]}),
        );
        assert_eq!(status(&short), v(&[("CloudTrail", Fail)]));
    }

    /// A snapshot recorded before selectors were read: `unknown`, not a pass.
    #[test]
    fn a_snapshot_without_selectors_is_unknown() {
        let old = inventory(
            json!({}),
            json!({"trails": [{"arn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/org", "name": "org",
                               "home_region": "us-east-1", "multi_region": true, "logging": true}]}),
        );
        assert_eq!(status(&old), v(&[("CloudTrail", Unknown)]));
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
            "local multi_region=false; org multi_region=true logging=true management=read+write"
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
            "org multi_region=true logging=true management=read+write"
        );
        let stopped = two_regions(
            json!([trail("org", true, Some(false))]),
            json!([trail("org", true, None)]),
        );
        let findings = judge(&stopped);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Fail)]));
        assert_eq!(
            findings[0].evidence["trails"],
            "org multi_region=true logging=false management=read+write"
        );
    }

    #[test]
    fn a_region_that_could_not_list_trails_does_not_hide_the_others() {
        let inv = two_regions(json!(null), json!([trail("org", true, Some(true))]));
        assert_eq!(verdicts(&judge(&inv)), v(&[("CloudTrail", Pass)]));
    }

    /// The management account's organization trail, as a member account
    /// lists it: another account's ARN, nothing read (the collector does not
    /// ask: only the owner can).
    fn org_trail_seen_by_member() -> Value {
        json!({"arn": "arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail", "name": "org-trail",
               "home_region": "us-east-1", "multi_region": true, "organization": true,
               "logging": null, "event_selectors": null})
    }

    /// moto lists only the caller's own trails (no organization trail of
    /// another account) and the fixture accounts are in no organization, so
    /// the emulator cannot model this; and a member account audited alone
    /// ends `unknown` here, where `startup` must fail.
    #[test]
    fn an_organization_trail_of_another_account_is_the_management_accounts_to_verify() {
        let member = inventory(json!({}), json!({"trails": [org_trail_seen_by_member()]}));
        let findings = judge(&member);
        assert_eq!(verdicts(&findings), v(&[("CloudTrail", Unknown)]));
        assert_eq!(
            findings[0].message,
            "Organization trail org-trail (account 999999999999) records this account, but only its management account can read whether it is logging and which events it records: audit that account in the same run (--role-arn) to verify it."
        );
        assert_eq!(
            findings[0].evidence["trails"],
            "org-trail multi_region=true logging=? management=? organization=true owner=999999999999"
        );
        // A trail of this account that logs everything still passes beside it.
        let both = inventory(
            json!({}),
            json!({"trails": [org_trail_seen_by_member(), trail("main", true, Some(true))]}),
        );
        assert_eq!(status(&both), v(&[("CloudTrail", Pass)]));
    }

    /// Audited together, the management account's reading of its
    /// organization trail answers for the member: pass when it logs all
    /// management events, fail when it is stopped.
    #[test]
    fn the_management_accounts_reading_answers_for_its_members() {
        let together = |logging: bool| {
            let mut inv = inventory(json!({}), json!({"trails": [org_trail_seen_by_member()]}));
            let mut management = inv.accounts[0].clone();
            management.account_id = "999999999999".into();
            let mut read = org_trail_seen_by_member();
            read["logging"] = json!(logging);
            read["event_selectors"] = all_management();
            management.regions[0].trails = Some(vec![serde_json::from_value(read).unwrap()]);
            inv.accounts.push(management);
            inv
        };
        let findings = judge(&together(true));
        let member = findings
            .iter()
            .find(|f| f.account == "123456789012")
            .unwrap();
        assert_eq!(member.status, Pass);
        assert_eq!(
            member.message,
            "Organization trail org-trail of account 999999999999 is logging read and write management events (as read in that account)."
        );
        assert_eq!(
            member.evidence["trails"],
            "org-trail multi_region=true logging=true management=read+write organization=true owner=999999999999"
        );
        let owner = findings
            .iter()
            .find(|f| f.account == "999999999999")
            .unwrap();
        assert_eq!(owner.status, Pass);
        assert_eq!(
            owner.message,
            "Multi-region trail org-trail is logging read and write management events."
        );
        let stopped = judge(&together(false));
        assert!(stopped.iter().all(|f| f.status == Fail));
    }
}
