//! `state-lock-table`: A DynamoDB lock table (hash key LockID) with PITR exists for Terraform.

use super::*;

/// Tables with hash key `LockID` are lock tables; so are the tables the
/// configuration names, which then must have that key.
pub fn run(out: &mut Out, inv: &Inventory) {
    let named = out.settings.lock_tables.clone();
    for account in &inv.accounts {
        let mut found = Vec::new();
        let mut unread = Vec::new();
        for region in &account.regions {
            let Some(tables) = &region.dynamodb_tables else {
                unread.push(region.region.clone());
                continue;
            };
            for t in tables {
                let lock_key = t.hash_key.as_deref() == Some(crate::inventory::LOCK_KEY);
                if !lock_key && !named.contains(&t.name) {
                    continue;
                }
                found.push(t.name.clone());
                let finding = out
                    .on(Regional { account, region }, &t.arn, &t.name)
                    .evidence("hash_key", t.hash_key.as_deref().unwrap_or("unknown"));
                if !lock_key {
                    finding.fail(format!(
                        "Table {} is named as the lock table but its hash key is not LockID.",
                        t.name
                    ));
                    continue;
                }
                match t.point_in_time_recovery {
                    None => finding.unknown(format!(
                        "Point-in-time recovery of {} could not be read.",
                        t.name
                    )),
                    Some(pitr) => finding.evidence("point_in_time_recovery", pitr).verdict(
                        pitr,
                        format!("Lock table {} exists with point-in-time recovery.", t.name),
                        format!("Lock table {} has no point-in-time recovery.", t.name),
                    ),
                }
            }
        }
        let missing: Vec<&String> = named.iter().filter(|n| !found.contains(n)).collect();
        if !found.is_empty() && (missing.is_empty() || !unread.is_empty()) {
            continue;
        }
        let finding = out.on(
            Global { account },
            &account.root_arn(),
            "Terraform lock table",
        );
        if !unread.is_empty() {
            finding
                .evidence("unlisted_regions", unread.join(", "))
                .unknown("No lock table found, but DynamoDB could not be listed in every region.")
        } else if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            finding.fail(format!(
                "Configured lock table {} does not exist in the audited regions.",
                names.join(", ")
            ))
        } else {
            finding.fail("No DynamoDB table with hash key LockID: concurrent terraform applies can corrupt the state.")
        }
    }
}
