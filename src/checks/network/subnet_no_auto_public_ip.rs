//! `subnet-no-auto-public-ip`: No subnet assigns public IPv4 addresses automatically.

use super::*;

pub fn run(out: &mut Out, inv: &Inventory) {
    out.each::<Subnets>(inv, |out, at, s| {
        let arn = s
            .arn
            .clone()
            .unwrap_or_else(|| ec2_arn(at, "subnet", &s.id));
        let name = s.name.as_deref().unwrap_or(&s.id);
        out.on(at, &arn, name)
            .evidence("map_public_ip_on_launch", s.map_public_ip_on_launch)
            .evidence("vpc", at.region.vpc_name(&s.vpc_id))
            .verdict(
                !s.map_public_ip_on_launch,
                format!("Subnet {name} does not give instances public IPs."),
                format!("Subnet {name} gives every instance launched in it a public IP."),
            );
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::vpcs;
    use crate::checks::fixtures::{check, inventory, v, verdicts};
    use crate::finding::Status::{Fail, Pass, Unknown};

    #[test]
    fn subnets_giving_public_ips_fail() {
        let findings = check("subnet-no-auto-public-ip", &vpcs());
        assert_eq!(
            verdicts(&findings),
            v(&[("public-a", Fail), ("subnet-b", Pass)])
        );
        let public = findings
            .iter()
            .find(|f| f.resource_name == "public-a")
            .unwrap();
        assert_eq!(
            public.resource,
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-a"
        );
        assert_eq!(public.evidence["map_public_ip_on_launch"], "true");
        assert_eq!(public.evidence["vpc"], "main");
    }

    #[test]
    fn subnets_not_listed_are_unknown() {
        let inv = inventory(json!({}), json!({"subnets": null}));
        assert_eq!(
            verdicts(&check("subnet-no-auto-public-ip", &inv)),
            v(&[("subnets", Unknown)])
        );
    }
}
