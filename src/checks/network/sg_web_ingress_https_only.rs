//! `sg-web-ingress-https-only`: Security groups open to the internet admit HTTPS (443) only.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let region = at.region;
        let exposed: Vec<&SgRule> = internet_ingress(g)
            .filter(|r| net::port_range(r).is_some())
            .collect();
        if exposed.is_empty() {
            return;
        }
        let beyond_443: Vec<String> = exposed
            .iter()
            .filter(|r| net::covers_other_than(r, &[443]))
            .map(|r| net::describe_rule(r))
            .collect();
        let name = group_name(region, g);
        out.on(at, &g.arn, &name)
            .evidence(
                "ingress_from_internet",
                exposed
                    .iter()
                    .map(|r| net::describe_rule(r))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
            .verdict(
                beyond_443.is_empty(),
                format!("{name} admits the internet to HTTPS (443) only."),
                format!(
                    "{name} admits the internet beyond HTTPS: {}.",
                    beyond_443.join("; ")
                ),
            );
    });
}
