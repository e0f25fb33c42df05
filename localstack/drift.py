"""Make one known change to the seeded startup account, or undo it: the
"before and after" of the baseline and diff end-to-end test.

    python drift.py --endpoint http://127.0.0.1:PORT apply
    python drift.py --endpoint http://127.0.0.1:PORT revert

`apply` turns deletion protection on for every startup load balancer that
lacks it (alb-deletion-protection: fail -> pass, a resolved finding) and
adds the security group `drift-ssh-open` with SSH open to the internet in the
default VPC (sg-admin-ports-from-internet: a new critical failure). `revert`
undoes both, so the scenarios after it see the seeded account again.
"""

from __future__ import annotations

import argparse
import json
import sys

from seed import STARTUP, Account

GROUP = "drift-ssh-open"
MARK = "posture-drift"


def apply(acct: Account) -> dict:
    elb, ec2 = acct.elbv2, acct.ec2
    protected = []
    for lb in elb.describe_load_balancers()["LoadBalancers"]:
        arn = lb["LoadBalancerArn"]
        attrs = {
            a["Key"]: a["Value"]
            for a in elb.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]
        }
        if attrs.get("deletion_protection.enabled") != "true":
            elb.modify_load_balancer_attributes(
                LoadBalancerArn=arn,
                Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}],
            )
            elb.add_tags(ResourceArns=[arn], Tags=[{"Key": MARK, "Value": "deletion-protection"}])
            protected.append(lb["LoadBalancerName"])
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    group = ec2.create_security_group(GroupName=GROUP, Description="drift test", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    )
    return {"protected": protected, "group": group}


def revert(acct: Account) -> dict:
    elb, ec2 = acct.elbv2, acct.ec2
    unprotected = []
    lbs = elb.describe_load_balancers()["LoadBalancers"]
    tags = elb.describe_tags(ResourceArns=[lb["LoadBalancerArn"] for lb in lbs])["TagDescriptions"] if lbs else []
    for description in tags:
        if any(t["Key"] == MARK for t in description["Tags"]):
            arn = description["ResourceArn"]
            elb.modify_load_balancer_attributes(
                LoadBalancerArn=arn,
                Attributes=[{"Key": "deletion_protection.enabled", "Value": "false"}],
            )
            elb.remove_tags(ResourceArns=[arn], TagKeys=[MARK])
            unprotected.append(arn)
    groups = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [GROUP]}])["SecurityGroups"]
    for g in groups:
        ec2.delete_security_group(GroupId=g["GroupId"])
    return {"unprotected": unprotected, "deleted": [g["GroupId"] for g in groups]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("action", choices=["apply", "revert"])
    args = parser.parse_args()
    if not args.endpoint.startswith("http://127.0.0.1:"):
        print("drift.py: only a loopback emulator endpoint is accepted", file=sys.stderr)
        return 2
    acct = Account(args.endpoint, STARTUP)
    done = apply(acct) if args.action == "apply" else revert(acct)
    print(json.dumps(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
