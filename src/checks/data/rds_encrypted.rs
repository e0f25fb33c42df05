//! `rds-encrypted`: RDS instances and clusters encrypt their storage.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let region = at.region;
        let Some(databases) = &region.databases else {
            out.unlisted::<Databases>(at);
            continue;
        };
        for db in databases {
            out.on(at, &db.arn, &db.id)
                .evidence("kind", &db.kind)
                .evidence("engine", db.engine.as_deref().unwrap_or("?"))
                .evidence("storage_encrypted", db.storage_encrypted)
                .verdict(
                    db.storage_encrypted,
                    format!("RDS {} {} encrypts its storage.", db.kind, db.id),
                    format!("RDS {} {} stores data unencrypted.", db.kind, db.id),
                );
        }
    }
}
