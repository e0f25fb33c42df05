//! `sg-open-to-internet`: Security groups admit the internet on ports 80 and 443 only.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<SecurityGroups>(inv, |out, at, g| {
        let region = at.region;
        let open: Vec<String> = internet_ingress(g)
            .filter(|r| net::covers_other_than(r, &[80, 443]))
            .map(net::describe_rule)
            .collect();
        let name = group_name(region, g);
        out.on(at, &g.arn, &name)
            .evidence("non_web_ingress_from_internet", list(&open))
            .verdict(
                open.is_empty(),
                format!("{name} admits the internet to ports 80/443 at most."),
                format!(
                    "{name} admits the internet to more than web ports: {}.",
                    open.join("; ")
                ),
            );
    });
}
