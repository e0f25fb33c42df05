//! `cloudtrail-multi-region`: A multi-region CloudTrail trail is logging.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for account in &inv.accounts {
        let finding = out.on(Global { account }, &account.root_arn(), "CloudTrail");
        let listed: Vec<_> = account
            .regions
            .iter()
            .filter_map(|r| r.trails.as_ref())
            .flatten()
            .collect();
        let mut seen: Vec<String> = Vec::new();
        let mut logging = None;
        let mut unread = false;
        for t in &listed {
            if seen.contains(&t.arn) {
                continue;
            }
            seen.push(format!(
                "{} multi_region={} logging={}",
                t.name,
                t.multi_region,
                t.logging
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "?".into())
            ));
            if t.multi_region {
                match t.logging {
                    Some(true) => logging = Some(t.name.clone()),
                    None => unread = true,
                    Some(false) => {}
                }
            }
        }
        let finding = finding.evidence(
            "trails",
            if seen.is_empty() {
                "none".into()
            } else {
                seen.join("; ")
            },
        );
        if let Some(name) = logging {
            finding.pass(format!("Multi-region trail {name} is logging."))
        } else if unread || account.regions.iter().all(|r| r.trails.is_none()) {
            finding.unknown("Trails or their status could not be read (see gaps).")
        } else {
            finding.fail("No multi-region CloudTrail trail is logging: API activity in other regions goes unrecorded.")
        }
    }
}
