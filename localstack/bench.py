#!/usr/bin/env python3
"""Benchmark: audit a large seeded account and print the figures.

Starts a private emulator (emulator.sh, own state dir), seeds one large account
(333333333333) through the posture-audit role path like the fixtures, runs
`posture audit` against it several times and prints API calls, wall time and
peak memory (max RSS) of each run, then stops the emulator.

    localstack/.venv/bin/python localstack/bench.py [--scale 1.0] [--runs 3] [--binary target/release/posture]

Build the binary first (`cargo build --release` for figures worth quoting; a
debug build works but is slower). The emulator answers every call in one
Python process, so wall time measures mostly the emulator; "CPU in posture" is
posture's own cost (user + system time of the audit process). Peak RSS is the
largest audit process so far.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ACCOUNT = "333333333333"
REGION = "us-east-1"


def client(endpoint: str, service: str):
    c = boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def add_header(request, **_):  # type: ignore[no-untyped-def]
        request.headers["x-moto-account-id"] = ACCOUNT

    c.meta.events.register("before-sign.*.*", add_header)
    return c


def seed(endpoint: str, scale: float) -> dict:
    n = lambda base: max(1, int(base * scale))  # noqa: E731
    ec2, elb, iam = client(endpoint, "ec2"), client(endpoint, "elbv2"), client(endpoint, "iam")
    s3, sm, ecs = client(endpoint, "s3"), client(endpoint, "secretsmanager"), client(endpoint, "ecs")
    counts: dict[str, int] = {}

    iam.create_role(
        RoleName="posture-audit",
        AssumeRolePolicyDocument=json.dumps(
            {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}
        ),
    )
    vpcs = []
    for i in range(n(5)):
        vpc = ec2.create_vpc(CidrBlock=f"10.{i}.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{i}.{j}.0/24", AvailabilityZone=f"{REGION}{'ab'[j % 2]}")["Subnet"]["SubnetId"]
            for j in range(4)
        ]
        vpcs.append((vpc, subnets))
    counts["vpcs"] = len(vpcs)

    groups = []
    for i in range(n(300)):
        vpc, _ = vpcs[i % len(vpcs)]
        g = ec2.create_security_group(GroupName=f"sg-{i}", Description="bench", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=g,
            IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": f"10.{i % 250}.0.0/16"}]},
                {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            ],
        )
        groups.append(g)
    counts["security_groups"] = len(groups)

    for i in range(n(20)):
        vpc, subnets = vpcs[i % len(vpcs)]
        lb = elb.create_load_balancer(Name=f"lb-{i}", Subnets=subnets[:2], SecurityGroups=[groups[i]], Scheme="internet-facing")[
            "LoadBalancers"
        ][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name=f"tg-{i}", Protocol="HTTP", Port=3000, VpcId=vpc, TargetType="ip")["TargetGroups"][0][
            "TargetGroupArn"
        ]
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    counts["load_balancers"] = n(20)

    doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    for i in range(n(100)):
        iam.create_policy(PolicyName=f"policy-{i}", PolicyDocument=doc)
    for i in range(n(200)):
        iam.create_user(UserName=f"user-{i}")
        iam.create_access_key(UserName=f"user-{i}")
        if i % 2:
            iam.create_login_profile(UserName=f"user-{i}", Password="Bench-Password-123!")
        iam.put_user_policy(UserName=f"user-{i}", PolicyName="inline", PolicyDocument=doc)
    trust = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    for i in range(n(150)):
        iam.create_role(RoleName=f"role-{i}", AssumeRolePolicyDocument=trust)
        iam.attach_role_policy(RoleName=f"role-{i}", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/policy-{i % n(100)}")
    counts.update(iam_policies=n(100), iam_users=n(200), iam_roles=n(150))

    for i in range(n(150)):
        s3.create_bucket(Bucket=f"bench-bucket-{i}")
        if i % 10 == 0:
            s3.put_object(Bucket=f"bench-bucket-{i}", Key="env/terraform.tfstate", Body=b"{}")
    counts["buckets"] = n(150)

    for i in range(n(100)):
        sm.create_secret(Name=f"app/secret-{i}", SecretString="x")
    counts["secrets"] = n(100)

    ecs.register_task_definition(
        family="bench",
        containerDefinitions=[{"name": "app", "image": "app:1.0", "memory": 512, "user": "1000"}],
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
    )
    for c in range(n(10)):
        ecs.create_cluster(clusterName=f"cluster-{c}")
        vpc, subnets = vpcs[c % len(vpcs)]
        for s in range(5):
            ecs.create_service(
                cluster=f"cluster-{c}",
                serviceName=f"svc-{s}",
                taskDefinition="bench",
                desiredCount=1,
                launchType="FARGATE",
                networkConfiguration={"awsvpcConfiguration": {"subnets": subnets[2:], "securityGroups": [groups[c]]}},
            )
    counts["ecs_services"] = n(10) * 5
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every resource count")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "posture"))
    args = parser.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        sys.exit(f"bench: {binary} does not exist; build it (cargo build --release) or pass --binary")

    state = tempfile.mkdtemp(prefix="posture-bench.")
    env = dict(os.environ, POSTURE_EMULATOR_DIR=state)
    endpoint = subprocess.run(
        ["bash", str(HERE / "emulator.sh"), "start"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    try:
        requests_before = time.monotonic()
        counts = seed(endpoint, args.scale)
        print(f"seeded in {time.monotonic() - requests_before:.1f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        audit_env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        audit_env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=REGION, NO_COLOR="1")
        role = f"arn:aws:iam::{ACCOUNT}:role/posture-audit"
        for run in range(1, args.runs + 1):
            usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            before = usage_before.ru_maxrss
            start = time.monotonic()
            out = subprocess.run(
                [str(binary), "audit", "--endpoint-url", endpoint, "--region", REGION, "--role-arn", role,
                 "--format", "json", "--fail-on", "never"],
                env=audit_env, capture_output=True, text=True,
            )
            wall = time.monotonic() - start
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            peak = usage.ru_maxrss
            cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
            if out.returncode != 0:
                sys.exit(f"bench: posture exited {out.returncode}: {out.stderr[-2000:]}")
            report = json.loads(out.stdout)
            mine = [f for f in report["findings"] if f["account"] == ACCOUNT]
            print(
                f"run {run}: {wall:.2f} s wall, {cpu:.2f} s CPU in posture, {report['stats']['api_calls']} API calls, "
                f"{len(mine)} findings for {ACCOUNT}, {len(report['gaps'])} gaps, "
                f"peak RSS {peak / 1024:.0f} MiB" + ("" if peak > before else " (max over runs)")
            )
        # Where the calls of the last run went (stats.calls), most first.
        by_service: dict[str, list[int]] = {}
        for c in report["stats"].get("calls", []):
            tally = by_service.setdefault(c["service"], [0, 0])
            tally[0] += c["calls"]
            tally[1] += c["attempts"] - c["calls"]
        print(f"calls by service (last run; {report['stats'].get('retries', 0)} retries):")
        for service, (calls, retries) in sorted(by_service.items(), key=lambda kv: -kv[1][0]):
            print(f"  {service:<28} {calls:>6} calls {retries:>4} retries")
        top = sorted(report["stats"].get("calls", []), key=lambda c: -c["calls"])[:10]
        print("busiest operations:")
        for c in top:
            print(f"  {c['service'] + ' ' + c['operation']:<52} {c['calls']:>6}")
    finally:
        subprocess.run(["bash", str(HERE / "emulator.sh"), "stop"], env=env, capture_output=True)


if __name__ == "__main__":
    main()
