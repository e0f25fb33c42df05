//! `subnet-no-auto-public-ip`: No subnet assigns public IPv4 addresses automatically.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    for at in regions(inv) {
        let Regional { account, region } = at;
        let Some(subnets) = &region.subnets else {
            out.unlisted::<Subnets>(at);
            continue;
        };
        for s in subnets {
            let arn = s.arn.clone().unwrap_or_else(|| {
                format!(
                    "arn:{}:ec2:{}:{}:subnet/{}",
                    account.partition, region.region, account.account_id, s.id
                )
            });
            let name = s.name.clone().unwrap_or_else(|| s.id.clone());
            out.on(at, &arn, &name)
                .evidence("map_public_ip_on_launch", s.map_public_ip_on_launch)
                .evidence("vpc", region.vpc_name(&s.vpc_id))
                .verdict(
                    !s.map_public_ip_on_launch,
                    format!("Subnet {name} does not give instances public IPs."),
                    format!("Subnet {name} gives every instance launched in it a public IP."),
                );
        }
    }
}
