//! `sg-egress-unrestricted`: Security groups do not allow all traffic out to the internet.

use super::*;

/// All traffic out to the internet fails. With approved egress destinations
/// configured, every egress rule must lead to one of them.
pub fn run(out: &mut Out, inv: &Inventory) {
    let allow = out.settings.approved_egress.clone();
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let region = at.region;
        let open: Vec<String> = g
            .egress
            .iter()
            .filter(|r| {
                if allow.is_empty() {
                    net::is_internet(&r.peer) && net::is_all_traffic(r)
                } else {
                    !approved(r, &allow)
                }
            })
            .map(net::describe_rule)
            .collect();
        let name = group_name(region, g);
        let used_by = attachments(region, &g.id);
        out.on(at, &g.arn, &name)
            .evidence("unrestricted_egress", list(&open))
            .evidence(
                "attached_to",
                if used_by.is_empty() {
                    "nothing found".into()
                } else {
                    used_by.join(", ")
                },
            )
            .verdict(
                open.is_empty(),
                format!("{name} restricts outbound traffic."),
                if allow.is_empty() {
                    format!(
                        "{name} allows all traffic out to the internet ({}).",
                        open.join("; ")
                    )
                } else {
                    format!(
                        "{name} allows traffic out to unapproved destinations ({}).",
                        open.join("; ")
                    )
                },
            );
    });
}
