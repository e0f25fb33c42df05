//! `sg-admin-ports-from-internet`: No security group admits SSH (22) or RDP (3389) from the internet.

use super::*;

/// SSH and RDP open to the internet; with trusted admin networks configured,
/// open to any public network outside them too (the guide: "SSH from admin networks only").
pub fn run(out: &mut Out, inv: &Inventory) {
    let trusted = out.settings.trusted_admin_cidrs.clone();
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let region = at.region;
        let untrusted = |r: &&SgRule| {
            if trusted.is_empty() {
                net::is_internet(&r.peer)
            } else {
                net::is_public(&r.peer) && !net::within(&r.peer, &trusted)
            }
        };
        let open: Vec<String> = g
            .ingress
            .iter()
            .filter(untrusted)
            .filter(|r| net::covers_port(r, 22) || net::covers_port(r, 3389))
            .map(net::describe_rule)
            .collect();
        let name = group_name(region, g);
        out.on(at, &g.arn, &name)
            .evidence("admin_ingress_from_internet", list(&open))
            .verdict(
                open.is_empty(),
                format!("{name} does not admit the internet to SSH or RDP."),
                format!(
                    "{name} admits the internet to SSH/RDP: {}.",
                    open.join("; ")
                ),
            );
    });
}
