#!/usr/bin/env python3
"""Seed the fixture accounts into one running emulator (launcher.py).

    python seed.py --endpoint http://127.0.0.1:PORT

It first wipes the emulator (POST /moto-api/reset) and fixes moto's random
seed (POST /moto-api/seed?a=42) so ids repeat from run to run, then builds,
in region us-east-1:

  startup  111111111111  the guide's "Startup-Ready" defaults: every check
                         fails at least once, next to look-alike correct
                         configurations that must pass
  hardened 222222222222  the guide fully applied: every check passes

and an organization whose management account is the emulator's default
account (123456789012, the one plain `testing` credentials act in), with the
member accounts `workloads` (SSH open to the world in eu-west-1), `sandbox`
(nothing but the defaults) and `retired` (closed, so not ACTIVE).

README.md has the table of every resource and the checks it should fail
and pass. Each account has the role `posture-audit` (trust: the account
root, AWS managed SecurityAudit attached), which is how the auditor gets in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import time
import urllib.request
import zipfile

import boto3
from botocore.config import Config

REGION = "us-east-1"
STARTUP = "111111111111"
HARDENED = "222222222222"
ACCOUNTS = {"startup": STARTUP, "hardened": HARDENED}
AUDIT_ROLE = "posture-audit"

# The secret EventBridge created in startup for a connection (service-owned).
EVENTS_SECRET = "events!connection/startup-stripe/6b2f0d1e-8a4c-4f3b-9e7d-2c5a1f0b3d48"

ANY_V4 = "0.0.0.0/0"
ANY_V6 = "::/0"


def log(message: str) -> None:
    print(f"seed: {message}", file=sys.stderr, flush=True)


def http_post(url: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else b""
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode() or "{}"
    try:
        return json.loads(text)
    except ValueError:
        return {}


class Account:
    """boto3 clients aimed at one emulated account (x-moto-account-id)."""

    def __init__(self, endpoint: str, account_id: str):
        self.endpoint = endpoint
        self.id = account_id
        self._clients: dict[str, object] = {}

    def __getattr__(self, service: str):  # type: ignore[no-untyped-def]
        if service.startswith("_"):
            raise AttributeError(service)
        return self.client(service)

    def client(self, service: str):  # type: ignore[no-untyped-def]
        if service not in self._clients:
            client = boto3.client(
                service,
                endpoint_url=self.endpoint,
                region_name=REGION,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                config=Config(retries={"max_attempts": 2}, s3={"addressing_style": "path"}),
            )
            account_id = self.id

            def add_account(request, **_):  # type: ignore[no-untyped-def]
                request.headers["x-moto-account-id"] = account_id

            client.meta.events.register("before-sign.*.*", add_account)
            if service == "s3control":
                # S3 Control puts the account id in front of the host name
                # ({id}.127.0.0.1), which does not resolve: drop it.
                def drop_account_host(request, **_):  # type: ignore[no-untyped-def]
                    request.url = request.url.replace(f"//{account_id}.", "//", 1)

                client.meta.events.register("before-send.s3-control.*", drop_account_host)
            self._clients[service] = client
        return self._clients[service]

    def fixture(self, path: str, body: dict) -> dict:
        return http_post(f"{self.endpoint}/_fixture/{path}", {"account": self.id, **body})

    def arn(self, service: str, resource: str, region: str = REGION) -> str:
        return f"arn:aws:{service}:{region}:{self.id}:{resource}"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def tags(name: str, **extra: str) -> list[dict]:
    return [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in extra.items()]


def tag_spec(kind: str, name: str) -> list[dict]:
    return [{"ResourceType": kind, "Tags": tags(name)}]


def policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource, **extra) -> dict:  # type: ignore[no-untyped-def]
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def trust_account_root(account: Account) -> str:
    return policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account.id}:root"}, "Action": "sts:AssumeRole"}
    )


def trust_service(service: str) -> str:
    return policy({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"})


def tcp(port_from: int, port_to: int | None = None, cidrs=(), cidrs6=(), groups=(), prefix_lists=()) -> dict:  # type: ignore[no-untyped-def]
    return perm("tcp", port_from, port_to if port_to is not None else port_from, cidrs, cidrs6, groups, prefix_lists)


def perm(protocol: str, port_from=None, port_to=None, cidrs=(), cidrs6=(), groups=(), prefix_lists=()) -> dict:  # type: ignore[no-untyped-def]
    """A permission; a protocol without ports (GRE, "47") takes none."""
    rule: dict = {"IpProtocol": protocol}
    if protocol != "-1" and port_from is not None:
        rule["FromPort"], rule["ToPort"] = port_from, port_to
    if cidrs:
        rule["IpRanges"] = [{"CidrIp": c} for c in cidrs]
    if cidrs6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": c} for c in cidrs6]
    if groups:
        rule["UserIdGroupPairs"] = [{"GroupId": g} for g in groups]
    if prefix_lists:
        rule["PrefixListIds"] = [{"PrefixListId": p} for p in prefix_lists]
    return rule


def prefix_list(acct: Account, name: str, cidrs: list[str]) -> str:
    """A customer-managed prefix list of IPv4 CIDRs."""
    return acct.ec2.create_managed_prefix_list(
        PrefixListName=name,
        AddressFamily="IPv4",
        MaxEntries=max(len(cidrs), 1),
        Entries=[{"Cidr": c, "Description": name} for c in cidrs],
    )["PrefixList"]["PrefixListId"]


def aws_prefix_list(acct: Account, name: str) -> str:
    """The id of an AWS-managed prefix list (owner AWS) of the region, by name."""
    lists = acct.ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [name]}])[
        "PrefixLists"
    ]
    if not lists or lists[0].get("OwnerId") != "AWS":
        raise SystemExit(f"seed: no AWS-managed prefix list {name}: {lists}")
    return lists[0]["PrefixListId"]


ALL_OUT = perm("-1", cidrs=[ANY_V4])


def security_group(acct: Account, vpc_id: str, name: str, description: str, ingress=(), egress=None) -> str:  # type: ignore[no-untyped-def]
    """A security group; `egress=None` keeps AWS's default allow-all egress,
    a list replaces it."""
    ec2 = acct.ec2
    group_id = ec2.create_security_group(
        GroupName=name, Description=description, VpcId=vpc_id, TagSpecifications=tag_spec("security-group", name)
    )["GroupId"]
    if ingress:
        ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=list(ingress))
    if egress is not None:
        ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=[ALL_OUT])
        if egress:
            ec2.authorize_security_group_egress(GroupId=group_id, IpPermissions=list(egress))
    return group_id


def network(acct: Account, prefix: str, vpc_name: str, public_auto_ip: bool) -> dict:
    """VPC 10.0.0.0/16 with two public and two private subnets, an internet
    gateway, a public route table (0.0.0.0/0 -> IGW) and a private one."""
    ec2 = acct.ec2
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tag_spec("vpc", vpc_name))["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnets = {}
    for name, cidr, az, public in [
        (f"{prefix}-public-a", "10.0.1.0/24", "us-east-1a", True),
        (f"{prefix}-public-b", "10.0.2.0/24", "us-east-1b", True),
        (f"{prefix}-private-a", "10.0.11.0/24", "us-east-1a", False),
        (f"{prefix}-private-b", "10.0.12.0/24", "us-east-1b", False),
    ]:
        subnet = ec2.create_subnet(
            VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az, TagSpecifications=tag_spec("subnet", name)
        )["Subnet"]["SubnetId"]
        if public and public_auto_ip:
            ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
        subnets[name] = subnet
    igw = ec2.create_internet_gateway(TagSpecifications=tag_spec("internet-gateway", f"{prefix}-igw"))[
        "InternetGateway"
    ]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=tag_spec("route-table", f"{prefix}-public-rt"))[
        "RouteTable"
    ]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock=ANY_V4, GatewayId=igw)
    private_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=tag_spec("route-table", f"{prefix}-private-rt"))[
        "RouteTable"
    ]["RouteTableId"]
    for name, subnet in subnets.items():
        ec2.associate_route_table(RouteTableId=public_rt if "-public-" in name else private_rt, SubnetId=subnet)
    main_rt = ec2.describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "association.main", "Values": ["true"]}]
    )["RouteTables"][0]["RouteTableId"]
    ec2.create_tags(Resources=[main_rt], Tags=tags(f"{prefix}-main-rt"))
    default_sg = default_security_group(acct, vpc)
    ec2.create_tags(Resources=[default_sg], Tags=tags("default"))
    return {"vpc": vpc, "subnets": subnets, "igw": igw, "default_sg": default_sg}


def default_network_acl(acct: Account, vpc_id: str) -> str:
    return acct.ec2.describe_network_acls(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default", "Values": ["true"]}]
    )["NetworkAcls"][0]["NetworkAclId"]


def acl_entry(acct: Account, acl_id: str, rule: int, protocol: str, action: str, cidr: str, ports=None) -> None:  # type: ignore[no-untyped-def]
    """One inbound network ACL entry; `ports` (from, to) for TCP/UDP."""
    acct.ec2.create_network_acl_entry(
        NetworkAclId=acl_id,
        RuleNumber=rule,
        Protocol=protocol,
        RuleAction=action,
        Egress=False,
        **({"Ipv6CidrBlock": cidr} if ":" in cidr else {"CidrBlock": cidr}),
        **({"PortRange": {"From": ports[0], "To": ports[1]}} if ports else {}),
    )


def deny_admin_ports(acct: Account, acl_id: str, first_rule: int = 10) -> None:
    """Deny TCP and UDP 22 and 3389 from 0.0.0.0/0 and ::/0 (rules 10-17),
    numbered below the ACL's allow entries."""
    rule = first_rule
    for protocol in ("6", "17"):
        for port in (22, 3389):
            for cidr in (ANY_V4, ANY_V6):
                acl_entry(acct, acl_id, rule, protocol, "deny", cidr, (port, port))
                rule += 1


def default_security_group(acct: Account, vpc_id: str) -> str:
    return acct.ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]["GroupId"]


def close_security_group(acct: Account, group_id: str) -> None:
    """Revoke every rule of a group (used on default security groups)."""
    group = acct.ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    strip = ("UserIdGroupPairs", "IpRanges", "Ipv6Ranges", "PrefixListIds")

    def clean(rules):  # type: ignore[no-untyped-def]
        out = []
        for rule in rules:
            rule = {k: v for k, v in rule.items() if k not in strip or v}
            if "UserIdGroupPairs" in rule:
                rule["UserIdGroupPairs"] = [{"GroupId": p["GroupId"]} for p in rule["UserIdGroupPairs"]]
            out.append(rule)
        return out

    if group["IpPermissions"]:
        acct.ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=clean(group["IpPermissions"]))
    if group["IpPermissionsEgress"]:
        acct.ec2.revoke_security_group_egress(GroupId=group_id, IpPermissions=clean(group["IpPermissionsEgress"]))


def self_signed(domain: str, days_valid: int) -> tuple[bytes, bytes]:
    """A self-signed certificate for `domain` and its private key, both PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=355))
        .not_valid_after(now + dt.timedelta(days=days_valid))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM), key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def imported_certificate(acct: Account, domain: str, days_valid: int) -> str:
    """A self-signed certificate imported into ACM (Type IMPORTED)."""
    cert, key = self_signed(domain, days_valid)
    return acct.acm.import_certificate(
        Certificate=cert, PrivateKey=key, Tags=[{"Key": "Name", "Value": domain}]
    )["CertificateArn"]


def iam_server_certificate(acct: Account, name: str, domain: str, days_valid: int) -> str:
    """A certificate uploaded to IAM (UploadServerCertificate): served by a
    listener like an ACM one, never renewed by anyone."""
    cert, key = self_signed(domain, days_valid)
    return acct.iam.upload_server_certificate(
        ServerCertificateName=name, CertificateBody=cert.decode(), PrivateKey=key.decode()
    )["ServerCertificateMetadata"]["Arn"]


def amazon_certificate(acct: Account, domain: str) -> str:
    """An Amazon-issued certificate (RequestCertificate, DNS validation).
    The launcher makes moto issue it at once."""
    arn = acct.acm.request_certificate(
        DomainName=domain, ValidationMethod="DNS", Tags=[{"Key": "Name", "Value": domain}]
    )["CertificateArn"]
    status = acct.acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"]
    if status != "ISSUED":
        raise SystemExit(f"seed: requested certificate {domain} is {status}, expected ISSUED")
    return arn


def load_balancer(
    acct: Account, name: str, scheme: str, subnets: list[str], groups: list[str], vpc: str, attributes: dict[str, str]
) -> tuple[str, str]:
    elb = acct.elbv2
    lb = elb.create_load_balancer(
        Name=name,
        Subnets=subnets,
        SecurityGroups=groups,
        Scheme=scheme,
        Type="application",
        IpAddressType="ipv4",
        Tags=tags(name),
    )["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(
        Name=f"{name}-tg",
        Protocol="HTTP",
        Port=3000,
        VpcId=vpc,
        TargetType="ip",
        HealthCheckPath="/health",
        Tags=tags(f"{name}-tg"),
    )["TargetGroups"][0]["TargetGroupArn"]
    if attributes:
        elb.modify_load_balancer_attributes(
            LoadBalancerArn=lb, Attributes=[{"Key": k, "Value": v} for k, v in attributes.items()]
        )
    return lb, tg


def forward(tg: str) -> list[dict]:
    return [{"Type": "forward", "TargetGroupArn": tg}]


REDIRECT_TO_HTTPS = [
    {
        "Type": "redirect",
        "RedirectConfig": {
            "Protocol": "HTTPS",
            "Port": "443",
            "Host": "#{host}",
            "Path": "/#{path}",
            "Query": "#{query}",
            "StatusCode": "HTTP_301",
        },
    }
]


def https_listener(acct: Account, lb: str, tg: str, policy_name: str, cert: str) -> None:
    acct.elbv2.create_listener(
        LoadBalancerArn=lb,
        Protocol="HTTPS",
        Port=443,
        SslPolicy=policy_name,
        Certificates=[{"CertificateArn": cert}],
        DefaultActions=forward(tg),
    )


def http_listener(acct: Account, lb: str, actions: list[dict]) -> str:
    return acct.elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=actions)[
        "Listeners"
    ][0]["ListenerArn"]


def listener_rule(acct: Account, listener: str, priority: int, conditions: list[dict], actions: list[dict]) -> None:
    acct.elbv2.create_rule(ListenerArn=listener, Priority=priority, Conditions=conditions, Actions=actions)


def path_pattern(*patterns: str) -> dict:
    return {"Field": "path-pattern", "PathPatternConfig": {"Values": list(patterns)}}


def host_header(*hosts: str) -> dict:
    return {"Field": "host-header", "HostHeaderConfig": {"Values": list(hosts)}}


def more_certificates(acct: Account, lb: str, port: int, certs: list[str]) -> None:
    """Certificates the listener on `port` serves besides its default one (by
    SNI): AddListenerCertificates; DescribeListeners does not list them."""
    listener = next(
        x["ListenerArn"] for x in acct.elbv2.describe_listeners(LoadBalancerArn=lb)["Listeners"] if x["Port"] == port
    )
    acct.elbv2.add_listener_certificates(
        ListenerArn=listener, Certificates=[{"CertificateArn": cert} for cert in certs]
    )


def network_load_balancer(
    acct: Account,
    name: str,
    scheme: str,
    subnets: list[str],
    vpc: str,
    attributes: dict[str, str],
    listener: dict,
) -> str:
    """A Network Load Balancer (no security groups) forwarding one listener
    (`listener`: Protocol, Port, and for TLS SslPolicy and Certificates) to a
    TCP target group."""
    elb = acct.elbv2
    lb = elb.create_load_balancer(
        Name=name, Subnets=subnets, Scheme=scheme, Type="network", IpAddressType="ipv4", Tags=tags(name)
    )["LoadBalancers"][0]["LoadBalancerArn"]
    if ":loadbalancer/net/" not in lb:
        raise SystemExit(f"seed: network load balancer ARN {lb} lacks loadbalancer/net/ (launcher patch_elbv2)")
    tg = elb.create_target_group(
        Name=f"{name}-tg", Protocol="TCP", Port=3000, VpcId=vpc, TargetType="ip", Tags=tags(f"{name}-tg")
    )["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb, DefaultActions=forward(tg), **listener)
    if attributes:
        elb.modify_load_balancer_attributes(
            LoadBalancerArn=lb, Attributes=[{"Key": k, "Value": v} for k, v in attributes.items()]
        )
    return lb


def web_acl(acct: Account, name: str) -> str:
    return acct.wafv2.create_web_acl(
        Name=name,
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        Rules=[
            {
                "Name": "AWSManagedRulesCommonRuleSet",
                "Priority": 1,
                "OverrideAction": {"None": {}},
                "Statement": {
                    "ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}
                },
                "VisibilityConfig": {
                    "SampledRequestsEnabled": True,
                    "CloudWatchMetricsEnabled": True,
                    "MetricName": "CommonRuleSet",
                },
            }
        ],
        VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name},
        Tags=[{"Key": "Name", "Value": name}],
    )["Summary"]["ARN"]


def rotation_lambda(acct: Account, name: str) -> str:
    """A Lambda function for secret rotation (moto wants the function to
    exist; the launcher's simple Lambda backend runs no code)."""
    role = acct.iam.create_role(
        RoleName=f"{name}-role",
        AssumeRolePolicyDocument=trust_service("lambda.amazonaws.com"),
        Description="Secrets Manager rotation function",
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("rotate.py", "def handler(event, context):\n    return {}\n")
    return acct.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="rotate.handler",
        Code={"ZipFile": code.getvalue()},
        Timeout=30,
    )["FunctionArn"]


def rotate_now(acct: Account, secret: str, function_arn: str, days: int = 30) -> None:
    """Turn rotation on and run one rotation the way a rotation function
    would (moto's simple Lambda does nothing): the new version becomes
    AWSCURRENT, the old one AWSPREVIOUS."""
    sm = acct.secretsmanager
    before = sm.describe_secret(SecretId=secret)["VersionIdsToStages"]
    current = next(v for v, stages in before.items() if "AWSCURRENT" in stages)
    sm.rotate_secret(
        SecretId=secret,
        RotationLambdaARN=function_arn,
        RotationRules={"AutomaticallyAfterDays": days},
        RotateImmediately=False,
    )
    after = sm.describe_secret(SecretId=secret)["VersionIdsToStages"]
    pending = next(v for v, stages in after.items() if "AWSPENDING" in stages)
    sm.update_secret_version_stage(
        SecretId=secret, VersionStage="AWSCURRENT", MoveToVersionId=pending, RemoveFromVersionId=current
    )
    sm.update_secret_version_stage(SecretId=secret, VersionStage="AWSPENDING", RemoveFromVersionId=pending)


def bucket(acct: Account, name: str) -> str:
    acct.s3.create_bucket(Bucket=name)
    acct.s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "Name", "Value": name}]})
    return name


def block_public_access(acct: Account, name: str, acls: bool, ignore: bool, policy_: bool, restrict: bool) -> None:
    acct.s3.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": acls,
            "IgnorePublicAcls": ignore,
            "BlockPublicPolicy": policy_,
            "RestrictPublicBuckets": restrict,
        },
    )


def sse(acct: Account, name: str, algorithm: str = "AES256", key: str | None = None, bucket_key: bool = False) -> None:
    default: dict = {"SSEAlgorithm": algorithm}
    if key:
        default["KMSMasterKeyID"] = key
    acct.s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": bucket_key}]
        },
    )


def deny_insecure_transport(name: str) -> dict:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def allow_log_delivery(name: str, prefix: str) -> dict:
    """Lets S3 server access logging write into the bucket. (moto checks for
    this statement and stops at the first statement whose Principal is not an
    object, so it must come first.)"""
    return {
        "Sid": "S3ServerAccessLogsPolicy",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{name}/{prefix}*",
    }


def tfstate(serial: int) -> bytes:
    """A minimal, secret-free Terraform state file."""
    return json.dumps(
        {
            "version": 4,
            "terraform_version": "1.9.5",
            "serial": serial,
            "lineage": "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
            "outputs": {},
            "resources": [],
            "check_results": None,
        },
        indent=2,
    ).encode()


def client_in(acct: Account, service: str, region: str):  # type: ignore[no-untyped-def]
    """A client of the account in another region than REGION."""
    client = boto3.client(
        service,
        endpoint_url=acct.endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 2}, s3={"addressing_style": "path"}),
    )
    account_id = acct.id

    def add_account(request, **_):  # type: ignore[no-untyped-def]
        request.headers["x-moto-account-id"] = account_id

    client.meta.events.register("before-sign.*.*", add_account)
    return client


def bucket_in(acct: Account, name: str, region: str) -> str:
    """A bucket in another region than REGION (nothing configured)."""
    acct.s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    acct.s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "Name", "Value": name}]})
    return name


def lock_table(acct: Account, name: str, hash_key: str, pitr: bool, region: str = REGION) -> None:
    ddb = acct.dynamodb if region == REGION else client_in(acct, "dynamodb", region)
    ddb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": hash_key, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": hash_key, "AttributeType": "S"}],
        Tags=[{"Key": "Name", "Value": name}],
    )
    if pitr:
        ddb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )


def audit_role(acct: Account) -> None:
    """posture-audit: how the auditor reaches the account (sts:AssumeRole)."""
    acct.iam.create_role(
        RoleName=AUDIT_ROLE,
        AssumeRolePolicyDocument=trust_account_root(acct),
        MaxSessionDuration=3600,
        Description="Read-only security audit by posture",
    )
    acct.iam.attach_role_policy(RoleName=AUDIT_ROLE, PolicyArn="arn:aws:iam::aws:policy/SecurityAudit")


def virtual_mfa(acct: Account, user: str) -> None:
    serial = acct.iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]["SerialNumber"]
    acct.iam.enable_mfa_device(
        UserName=user, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321"
    )


def customer_policy(acct: Account, name: str, document: str, description: str) -> str:
    return acct.iam.create_policy(PolicyName=name, PolicyDocument=document, Description=description)["Policy"]["Arn"]


def cmk(acct: Account, name: str, description: str, service: str | None = None) -> str:
    """A customer managed KMS key with alias `alias/<name>`. Its policy lets
    the account administer it and, if given, a service principal use it
    (CloudWatch Logs needs that on AWS; moto does not check)."""
    statements = [
        {
            "Sid": "AccountAdministers",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{acct.id}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if service:
        statements.append(
            {
                "Sid": "ServiceUses",
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                "Resource": "*",
            }
        )
    arn = acct.kms.create_key(
        Description=description, Policy=policy(*statements), Tags=[{"TagKey": "Name", "TagValue": name}]
    )["KeyMetadata"]["Arn"]
    acct.kms.create_alias(AliasName=f"alias/{name}", TargetKeyId=arn)
    return arn


def repository(  # type: ignore[no-untyped-def]
    acct: Account, name: str, scan_on_push: bool, kms_key: str | None = None, kms: bool = False, immutable=False
) -> str:
    """An ECR repository; AES256 unless `kms` or a `kms_key` (`kms` without a
    key: the AWS managed key aws/ecr). Returns the repository URI."""
    encryption: dict = {"encryptionType": "AES256"}
    if kms or kms_key:
        encryption = {"encryptionType": "KMS", **({"kmsKey": kms_key} if kms_key else {})}
    return acct.ecr.create_repository(
        repositoryName=name,
        imageScanningConfiguration={"scanOnPush": scan_on_push},
        imageTagMutability="IMMUTABLE" if immutable else "MUTABLE",
        encryptionConfiguration=encryption,
        tags=tags(name),
    )["repository"]["repositoryUri"]


def pushed_image(acct: Account, repository: str, tag: str, digest: str | None = None) -> None:
    """An image in an ECR repository (a manifest without layers), scanned once
    (moto: StartImageScan; DescribeImageScanFindings answers ScanNotFound
    before). `digest` fixes its digest, as a task definition names it."""
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 0, "digest": f"sha256:{'0' * 64}"},
            "layers": [],
            "annotations": {"image": f"{repository}:{tag}"},
        }
    )
    extra = {"imageDigest": digest} if digest else {}
    acct.ecr.put_image(repositoryName=repository, imageManifest=manifest, imageTag=tag, **extra)
    image_id = {"imageDigest": digest} if digest else {"imageTag": tag}
    acct.ecr.start_image_scan(repositoryName=repository, imageId=image_id)


def scan_findings(acct: Account, repository: str, image_id: dict, result: dict) -> None:
    """What DescribeImageScanFindings answers for one image (moto's own
    static-results API: moto scans nothing, and otherwise answers one HIGH
    basic finding for every scanned image)."""
    body = {
        "account_id": acct.id,
        "region": REGION,
        "results": [{"registryId": acct.id, "repositoryName": repository, "imageId": image_id, **result}],
    }
    http_post(f"{acct.endpoint}/moto-api/static/ecr/scan-finding-results", body)


HEALTH_CHECK = {
    "command": ["CMD-SHELL", "curl -f http://localhost:3000/health || exit 1"],
    "interval": 30,
    "timeout": 5,
    "retries": 3,
    "startPeriod": 10,
}


def container(  # type: ignore[no-untyped-def]
    name: str,
    image: str,
    *,
    user: str | None = None,
    essential: bool = True,
    health: bool = False,
    environment: dict[str, str] | None = None,
    secrets: dict[str, str] | None = None,
    log_group: str | None = None,
    firelens: bool = False,
    port: int | None = 3000,
) -> dict:
    """One container definition. Leaving `user` out runs the image's user
    (root by default), as the kit does. Logs go to `log_group` (awslogs), or
    with `firelens` through the task's FireLens log router."""
    definition: dict = {"name": name, "image": image, "essential": essential, "memory": 512 if essential else 128}
    if port:
        definition["portMappings"] = [{"containerPort": port, "protocol": "tcp"}]
    if user is not None:
        definition["user"] = user
    if health:
        definition["healthCheck"] = HEALTH_CHECK
    definition["environment"] = [{"name": k, "value": v} for k, v in (environment or {}).items()]
    if secrets:
        definition["secrets"] = [{"name": k, "valueFrom": v} for k, v in secrets.items()]
    if firelens:
        definition["logConfiguration"] = {
            "logDriver": "awsfirelens",
            "options": {"Name": "cloudwatch_logs", "region": REGION, "log_group_name": "/ecs/startup-app"},
        }
    elif log_group:
        definition["logConfiguration"] = {
            "logDriver": "awslogs",
            "options": {"awslogs-group": log_group, "awslogs-region": REGION, "awslogs-stream-prefix": name},
        }
    return definition


def task_definition(
    acct: Account,
    family: str,
    execution_role: str,
    task_role: str,
    containers: list[dict],
    task_role_by_name: bool = False,
) -> str:
    """A Fargate task definition (awsvpc); roles by name, given to ECS as
    ARNs (the task role as its bare name with `task_role_by_name`, which ECS
    accepts too). Returns its ARN."""
    roles = f"arn:aws:iam::{acct.id}:role/"
    return acct.ecs.register_task_definition(
        family=family,
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="512",
        memory="1024",
        executionRoleArn=roles + execution_role,
        taskRoleArn=task_role if task_role_by_name else roles + task_role,
        containerDefinitions=containers,
        tags=[{"key": "Name", "value": family}],
    )["taskDefinition"]["taskDefinitionArn"]


def fargate_service(  # type: ignore[no-untyped-def]
    acct: Account, cluster: str, name: str, task: str, subnets, groups, public_ip: bool, target_group: str, target: str
) -> None:
    """A Fargate service (awsvpc) registering container `target` port 3000
    with an ALB target group."""
    acct.ecs.create_service(
        cluster=cluster,
        serviceName=name,
        taskDefinition=task,
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": list(subnets),
                "securityGroups": list(groups),
                "assignPublicIp": "ENABLED" if public_ip else "DISABLED",
            }
        },
        loadBalancers=[{"targetGroupArn": target_group, "containerName": target, "containerPort": 3000}],
        tags=[{"key": "Name", "value": name}],
    )


def secret_ref(acct: Account, secret: str, json_key: str) -> str:
    """`valueFrom` for one JSON key of a Secrets Manager secret."""
    arn = acct.secretsmanager.describe_secret(SecretId=secret)["ARN"]
    return f"{arn}:{json_key}::"


def allow_cloudtrail(acct: Account, bucket_name: str, prefix: str, trails: list[str]) -> list[dict]:
    """The two bucket-policy statements CloudTrail needs to deliver to
    `bucket/prefix/AWSLogs/<account>/` (moto does not check them; AWS does)."""
    sources = [f"arn:aws:cloudtrail:{REGION}:{acct.id}:trail/{t}" for t in trails]
    return [
        {
            "Sid": "AWSCloudTrailAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": f"arn:aws:s3:::{bucket_name}",
            "Condition": {"StringEquals": {"aws:SourceArn": sources}},
        },
        {
            "Sid": "AWSCloudTrailWrite",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{bucket_name}/{prefix}/AWSLogs/{acct.id}/*",
            "Condition": {
                "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": sources}
            },
        },
    ]


def trail(  # type: ignore[no-untyped-def]
    acct: Account,
    name: str,
    bucket_name: str,
    prefix: str,
    multi_region: bool,
    logging: str,
    validation: bool = True,
    cloudwatch_logs: tuple[str, str] | None = None,
    **selectors,
) -> None:
    """A trail; `logging`: "on", "stopped" (started, then stopped) or "never".
    `validation`: log file validation; `cloudwatch_logs`: (log group ARN with
    its `:*`, role ARN) to deliver to CloudWatch Logs as well, else S3 only.
    `selectors`: EventSelectors= or AdvancedEventSelectors= for
    PutEventSelectors; without them the trail keeps AWS's default selector
    (all management events, read and write)."""
    ct = acct.cloudtrail
    logs = {}
    if cloudwatch_logs:
        logs = {"CloudWatchLogsLogGroupArn": cloudwatch_logs[0], "CloudWatchLogsRoleArn": cloudwatch_logs[1]}
    ct.create_trail(
        Name=name,
        S3BucketName=bucket_name,
        S3KeyPrefix=prefix,
        IsMultiRegionTrail=multi_region,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=validation,
        TagsList=tags(name),
        **logs,
    )
    if selectors:
        ct.put_event_selectors(TrailName=name, **selectors)
    if logging in ("on", "stopped"):
        ct.start_logging(Name=name)
    if logging == "stopped":
        ct.stop_logging(Name=name)


def high_guardduty_findings(min_severity: float = 7) -> str:
    """An event pattern for GuardDuty findings of `min_severity` and up."""
    return json.dumps(
        {
            "source": ["aws.guardduty"],
            "detail-type": ["GuardDuty Finding"],
            "detail": {"severity": [{"numeric": [">=", min_severity]}]},
        }
    )


def event_rule(acct: Account, name: str, pattern: str, targets: list[str]) -> None:
    """A rule of the default event bus, enabled, with these target ARNs."""
    acct.events.put_rule(Name=name, EventPattern=pattern, State="ENABLED", Tags=tags(name))
    if targets:
        acct.events.put_targets(Rule=name, Targets=[{"Id": f"target-{i}", "Arn": t} for i, t in enumerate(targets)])


def log_group(acct: Account, name: str, kms_key: str | None = None, retention_days: int | None = None) -> None:
    acct.logs.create_log_group(logGroupName=name, **({"kmsKeyId": kms_key} if kms_key else {}), tags={"Name": name})
    if retention_days:
        acct.logs.put_retention_policy(logGroupName=name, retentionInDays=retention_days)


def db_subnet_group(acct: Account, name: str, subnets: list[str]) -> str:
    acct.rds.create_db_subnet_group(
        DBSubnetGroupName=name, DBSubnetGroupDescription="Private subnets for the databases", SubnetIds=subnets
    )
    return name


def parameter_group(acct: Account, name: str, family: str, values: dict[str, str], cluster: bool = False) -> str:
    """A DB (or DB cluster) parameter group setting `values`."""
    parameters = [{"ParameterName": k, "ParameterValue": v, "ApplyMethod": "immediate"} for k, v in values.items()]
    if cluster:
        acct.rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description=name
        )
        acct.rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=name, Parameters=parameters)
    else:
        acct.rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=family, Description=name)
        acct.rds.modify_db_parameter_group(DBParameterGroupName=name, Parameters=parameters)
    return name


# ---------------------------------------------------------------------------
# startup: the kit's defaults, plus look-alike correct configurations
# ---------------------------------------------------------------------------
def seed_startup(acct: Account) -> None:
    ec2, iam, s3, sm = acct.ec2, acct.iam, acct.s3, acct.secretsmanager
    audit_role(acct)

    # -- network -----------------------------------------------------------
    log("startup: network")
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    ec2.create_tags(Resources=[default_vpc], Tags=tags("default-vpc"))
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default_vpc]}])["Subnets"]:
        ec2.create_tags(Resources=[subnet["SubnetId"]], Tags=tags(f"default-{subnet['AvailabilityZone']}"))
    ec2.create_tags(Resources=[default_security_group(acct, default_vpc)], Tags=tags("default"))

    net = network(acct, "startup", "startup-vpc", public_auto_ip=True)
    vpc, sn = net["vpc"], net["subnets"]

    alb_sg = security_group(
        acct,
        vpc,
        "startup-alb",
        "ALB: HTTP and HTTPS from the internet",
        ingress=[tcp(80, cidrs=[ANY_V4]), tcp(443, cidrs=[ANY_V4])],
    )
    tasks_sg = security_group(acct, vpc, "startup-tasks", "ECS tasks: app port from the ALB only")
    ec2.authorize_security_group_ingress(GroupId=tasks_sg, IpPermissions=[tcp(3000, groups=[alb_sg])])
    security_group(
        acct, vpc, "admin", "SSH and RDP for admins", ingress=[tcp(22, cidrs=[ANY_V4]), tcp(3389, cidrs6=[ANY_V6])]
    )
    db_open_sg = security_group(acct, vpc, "db-open", "Postgres", ingress=[tcp(5432, cidrs=[ANY_V4])])
    security_group(acct, vpc, "all-tcp", "Every TCP port", ingress=[tcp(0, 65535, cidrs=[ANY_V4])])
    security_group(acct, vpc, "all-traffic", "Everything over IPv6", ingress=[perm("-1", cidrs6=[ANY_V6])])
    security_group(
        acct,
        vpc,
        "bastion-trusted",
        "SSH from the office network only",
        ingress=[tcp(22, cidrs=["10.20.0.0/16"])],
        egress=[perm("-1", cidrs=["10.0.0.0/16"])],
    )
    security_group(
        acct,
        vpc,
        "https-only",
        "HTTPS from the internet, nothing else",
        ingress=[tcp(443, cidrs=[ANY_V4])],
        egress=[tcp(3000, groups=[tasks_sg])],
    )
    internal_sg = security_group(
        acct,
        vpc,
        "startup-internal-alb",
        "Internal ALB: HTTPS from the VPC",
        ingress=[tcp(443, cidrs=["10.0.0.0/16"])],
        egress=[tcp(3000, groups=[tasks_sg])],
    )
    api_sg = security_group(
        acct,
        vpc,
        "startup-api-alb",
        "Public API ALB behind WAF: HTTPS only",
        ingress=[tcp(443, cidrs=[ANY_V4])],
        egress=[tcp(3000, groups=[tasks_sg])],
    )
    # ECS worker tasks behind the internal ALB, whose group also admits the
    # whole VPC: sg-tasks-ingress-from-lb-only fails it (startup-tasks, from
    # the ALB only, is the look-alike that passes).
    worker_sg = security_group(
        acct,
        vpc,
        "startup-worker",
        "ECS worker tasks: app port from the internal ALB and the VPC",
        ingress=[tcp(3000, groups=[internal_sg]), tcp(3000, cidrs=["10.0.0.0/16"])],
    )
    ec2.authorize_security_group_egress(GroupId=internal_sg, IpPermissions=[tcp(3000, groups=[worker_sg])])

    # The internet as an address space (sg-*): both halves of IPv4 together
    # are the internet on the port they share; so is a customer prefix list
    # holding 0.0.0.0/0; GRE has no ports and, open to the internet, fails
    # sg-open-to-internet. Look-alikes that pass: a prefix list of the office
    # network, CloudFront's origin-facing list (CloudFront, not the internet),
    # all traffic out to S3's and DynamoDB's lists (AWS service endpoints).
    anywhere_pl = prefix_list(acct, "startup-anywhere", [ANY_V4])
    office_pl = prefix_list(acct, "startup-office", ["10.20.0.0/16"])
    security_group(
        acct,
        vpc,
        "ssh-halves",
        "SSH from 0.0.0.0/1 and 128.0.0.0/1",
        ingress=[tcp(22, cidrs=["0.0.0.0/1", "128.0.0.0/1"])],
        egress=[],
    )
    security_group(
        acct,
        vpc,
        "ssh-prefix-list",
        "SSH from, and everything to, a prefix list holding 0.0.0.0/0",
        ingress=[tcp(22, prefix_lists=[anywhere_pl])],
        egress=[perm("-1", prefix_lists=[anywhere_pl])],
    )
    security_group(acct, vpc, "gre-open", "GRE tunnels from anywhere", ingress=[perm("47", cidrs=[ANY_V4])], egress=[])
    security_group(
        acct,
        vpc,
        "ssh-office-list",
        "SSH from the office prefix list",
        ingress=[tcp(22, prefix_lists=[office_pl])],
        egress=[],
    )
    security_group(
        acct,
        vpc,
        "cdn-origin",
        "App port from CloudFront only; everything out to S3 and DynamoDB",
        ingress=[tcp(8080, prefix_lists=[aws_prefix_list(acct, "com.amazonaws.global.cloudfront.origin-facing")])],
        egress=[
            perm(
                "-1",
                prefix_lists=[
                    aws_prefix_list(acct, f"com.amazonaws.{REGION}.s3"),
                    aws_prefix_list(acct, f"com.amazonaws.{REGION}.dynamodb"),
                ],
            )
        ],
    )

    # -- load balancers ----------------------------------------------------
    log("startup: load balancers")
    bucket(acct, "acme-startup-alb-logs")
    public = [sn["startup-public-a"], sn["startup-public-b"]]
    private = [sn["startup-private-a"], sn["startup-private-b"]]

    # The kit's ALB: internet-facing, HTTP forwards, old TLS policy, an
    # imported certificate about to expire, every attribute at its default.
    web, web_tg = load_balancer(acct, "startup-web", "internet-facing", public, [alb_sg], vpc, {})
    http_listener(acct, web, forward(web_tg))
    https_listener(
        acct, web, web_tg, "ELBSecurityPolicy-2016-08", imported_certificate(acct, "app.startup.example", days_valid=10)
    )

    # Look-alike correct: internal, HTTPS only with TLS 1.2+, hardened attributes.
    internal, internal_tg = load_balancer(
        acct,
        "startup-internal",
        "internal",
        private,
        [internal_sg],
        vpc,
        {
            "deletion_protection.enabled": "true",
            "routing.http.drop_invalid_header_fields.enabled": "true",
            "access_logs.s3.enabled": "true",
            "access_logs.s3.bucket": "acme-startup-alb-logs",
            "access_logs.s3.prefix": "startup-internal",
        },
    )
    https_listener(
        acct,
        internal,
        internal_tg,
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        amazon_certificate(acct, "internal.startup.example"),
    )

    # Look-alike correct: internet-facing but behind WAF, HTTP redirects, TLS 1.3 only.
    api, api_tg = load_balancer(
        acct,
        "startup-api",
        "internet-facing",
        public,
        [api_sg],
        vpc,
        {
            "routing.http.drop_invalid_header_fields.enabled": "true",
        },
    )
    api_http = http_listener(acct, api, REDIRECT_TO_HTTPS)
    https_listener(
        acct, api, api_tg, "ELBSecurityPolicy-TLS13-1-3-2021-06", amazon_certificate(acct, "api.startup.example")
    )
    acct.wafv2.associate_web_acl(WebACLArn=web_acl(acct, "startup-api-waf"), ResourceArn=api)
    # ... but its HTTP listener keeps a rule that forwards the health check and
    # the webhooks over plain HTTP: alb-https-only fails it on that rule (the
    # default action alone would pass).
    listener_rule(acct, api_http, 10, [path_pattern("/health", "/webhooks/*")], forward(api_tg))

    # Network Load Balancers. A TCP one has no TLS listener, so AWS writes no
    # access logs for it: alb-access-logs does not judge it (look-alike).
    network_load_balancer(
        acct,
        "startup-tcp-nlb",
        "internal",
        private,
        vpc,
        {"deletion_protection.enabled": "true"},
        {"Protocol": "TCP", "Port": 5432},
    )
    # A TLS one, access logs off (alb-access-logs fails), whose listener
    # serves an Amazon-issued default certificate and, by SNI, a certificate
    # uploaded to IAM that never renews: alb-acm-certificate fails on the
    # second one, which DescribeListeners does not list.
    tls_nlb = network_load_balancer(
        acct,
        "startup-tls-nlb",
        "internet-facing",
        public,
        vpc,
        {"deletion_protection.enabled": "true"},
        {
            "Protocol": "TLS",
            "Port": 443,
            "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "Certificates": [{"CertificateArn": amazon_certificate(acct, "tls.startup.example")}],
        },
    )
    more_certificates(
        acct, tls_nlb, 443, [iam_server_certificate(acct, "startup-legacy", "legacy.startup.example", days_valid=200)]
    )

    # -- identity ----------------------------------------------------------
    log("startup: identity")
    acct.fixture("iam/root", {"mfa_enabled": False, "access_keys_present": True})

    iam.create_role(
        RoleName="startup-admin",
        AssumeRolePolicyDocument=trust_account_root(acct),
        MaxSessionDuration=43200,
        Description="Break-glass admin for the team",
    )
    iam.attach_role_policy(
        RoleName="startup-admin",
        PolicyArn=customer_policy(acct, "startup-admin-access", policy(allow("*", "*")), "Everything on everything"),
    )
    # Every action but billing's: IAM is left in, so it is admin all the same.
    iam.attach_role_policy(
        RoleName="startup-admin",
        PolicyArn=customer_policy(
            acct,
            "startup-all-but-billing",
            policy({"Effect": "Allow", "NotAction": ["aws-portal:*", "billing:*"], "Resource": "*"}),
            "Everything but billing (a NotAction that leaves IAM in)",
        ),
    )

    iam.create_role(
        RoleName="startup-ecs-task-execution",
        AssumeRolePolicyDocument=trust_service("ecs-tasks.amazonaws.com"),
        MaxSessionDuration=43200,
        Description="ECS task execution role",
    )
    iam.attach_role_policy(
        RoleName="startup-ecs-task-execution",
        PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    )
    iam.attach_role_policy(
        RoleName="startup-ecs-task-execution",
        PolicyArn=customer_policy(
            acct,
            "startup-ecs-logs",
            policy(
                allow(
                    ["logs:CreateLogStream", "logs:PutLogEvents"],
                    f"arn:aws:logs:{REGION}:{acct.id}:log-group:/ecs/startup-app:log-stream:*",
                )
            ),
            "Write the app's log streams (the kit's wildcard)",
        ),
    )

    iam.create_role(
        RoleName="startup-ecs-task",
        AssumeRolePolicyDocument=trust_service("ecs-tasks.amazonaws.com"),
        Description="ECS task role",
    )
    iam.attach_role_policy(
        RoleName="startup-ecs-task",
        PolicyArn=customer_policy(
            acct,
            "startup-describe-only",
            # Action names in any case: `ECS:list*` is a read all the same.
            policy(allow(["ec2:Describe*", "ECS:list*", "ecs:describe*"], "*")),
            "Read-only describe calls on everything",
        ),
    )

    iam.create_user(UserName="deploy", Tags=tags("deploy"))
    iam.create_login_profile(UserName="deploy", Password="Startup-Ready-2026!", PasswordResetRequired=False)
    iam.put_user_policy(UserName="deploy", PolicyName="deploy-admin", PolicyDocument=policy(allow("*", "*")))
    old_key = iam.create_access_key(UserName="deploy")["AccessKey"]["AccessKeyId"]
    acct.fixture("iam/access-key", {"user": "deploy", "access_key_id": old_key, "created_days_ago": 200})
    # Last signed in to the console 120 days ago, and the key never used:
    # both unused for more than 90 days (iam-unused-credentials).
    acct.fixture("iam/login-profile", {"user": "deploy", "last_used_days_ago": 120})

    iam.create_user(UserName="ci-bot", Tags=tags("ci-bot"))
    iam.create_access_key(UserName="ci-bot")
    iam.put_user_policy(
        UserName="ci-bot", PolicyName="ci-artifacts", PolicyDocument=policy(allow("s3:*", "arn:aws:s3:::acme-assets"))
    )
    # AWS managed PowerUserAccess: every service but IAM, Organizations and
    # Account; not admin, but every service but three.
    iam.attach_user_policy(UserName="ci-bot", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")

    # The kit's admins group: the AWS managed AdministratorAccess, deploy in it.
    iam.create_group(GroupName="startup-admins")
    iam.attach_group_policy(GroupName="startup-admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.add_user_to_group(GroupName="startup-admins", UserName="deploy")

    iam.create_user(UserName="alice", Tags=tags("alice"))
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-Battery-9", PasswordResetRequired=False)
    virtual_mfa(acct, "alice")
    acct.fixture("iam/login-profile", {"user": "alice", "last_used_days_ago": 3})
    iam.attach_user_policy(
        UserName="alice",
        PolicyArn=customer_policy(
            acct,
            "startup-deny-all-guardrail",
            policy(
                {"Sid": "DenyEverything", "Effect": "Deny", "Action": "*", "Resource": "*"},
                allow("s3:GetObject", "arn:aws:s3:::acme-assets/*"),
            ),
            "A Deny on * / * and a read: grants no admin",
        ),
    )
    iam.attach_user_policy(
        UserName="alice",
        PolicyArn=customer_policy(
            acct,
            "startup-force-mfa",
            policy(
                {
                    "Sid": "DenyAllButMfaSetupWithoutMfa",
                    "Effect": "Deny",
                    "NotAction": ["iam:*", "sts:GetSessionToken"],
                    "Resource": "*",
                    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
                },
                allow(["iam:ChangePassword", "iam:GetUser"], f"arn:aws:iam::{acct.id}:user/${{aws:username}}"),
            ),
            "The classic force-MFA policy (a Deny with NotAction)",
        ),
    )

    # -- secrets -----------------------------------------------------------
    log("startup: secrets")
    rotate_fn = rotation_lambda(acct, "startup-secret-rotation")
    sm.create_secret(
        Name="startup/db-password",
        Description="Database password (kit placeholder)",
        SecretString=json.dumps({"username": "app", "password": "CHANGE_ME"}),
    )
    acct.fixture(
        "secretsmanager/secret",
        {"secret_id": "startup/db-password", "created_days_ago": 200, "last_accessed_days_ago": 150},
    )
    sm.create_secret(
        Name="startup/api-keys",
        Description="Third-party API keys (kit placeholder)",
        SecretString=json.dumps({"api_key": "your-api-key", "stripe_key": "your-stripe-key"}),
    )
    rotate_now(acct, "startup/api-keys", rotate_fn, days=30)
    acct.fixture(
        "secretsmanager/secret",
        {
            "secret_id": "startup/api-keys",
            "created_days_ago": 200,
            "last_rotated_days_ago": 200,
            "last_accessed_days_ago": 150,
        },
    )
    key = acct.kms.create_key(Description="startup secrets", Tags=[{"TagKey": "Name", "TagValue": "startup-secrets"}])
    key_arn = key["KeyMetadata"]["Arn"]
    acct.kms.create_alias(AliasName="alias/startup-secrets", TargetKeyId=key_arn)
    # Look-alike correct; its endpoint is a real URL on a host named
    # "example": a word inside an address, not a placeholder.
    sm.create_secret(
        Name="startup/stripe-webhook",
        Description="Stripe webhook signing secret",
        KmsKeyId=key_arn,
        SecretString=json.dumps(
            {"signing_secret": "whsec_Q2f9Lk3vT8mZpR1x", "endpoint": "https://hooks.example.com/stripe/T0042"}
        ),
    )
    rotate_now(acct, "startup/stripe-webhook", rotate_fn, days=30)
    acct.fixture("secretsmanager/secret", {"secret_id": "startup/stripe-webhook", "created_days_ago": 60})
    sm.get_secret_value(SecretId="startup/stripe-webhook")  # the app reads it: accessed today

    # Look-alike: the secret EventBridge keeps for an API destination's
    # connection (OwningService events; moto reports it from this tag).
    # Never rotated, not read for 120 days, on the AWS managed key: only the
    # key is the account's to choose (secret-cmk-encrypted fails it); its
    # rotation and its life are the service's (the rotation checks and
    # secret-unused pass it).
    sm.create_secret(
        Name=EVENTS_SECRET,
        Description="Auth parameters for connection startup-stripe",
        SecretString=json.dumps({"api_key_name": "Authorization", "api_key_value": "ak_evt_7Rq2Lm9Xz4Vb"}),
        Tags=[{"Key": "aws:secretsmanager:owningService", "Value": "events"}],
    )
    acct.fixture(
        "secretsmanager/secret",
        {"secret_id": EVENTS_SECRET, "created_days_ago": 200, "last_accessed_days_ago": 120},
    )

    # -- terraform state ---------------------------------------------------
    log("startup: terraform state")
    # Bootstrapped by backend.tf's commands but never migrated: no state object.
    bucket(acct, "acme-terraform-state")
    s3.put_bucket_versioning(Bucket="acme-terraform-state", VersioningConfiguration={"Status": "Enabled"})
    sse(acct, "acme-terraform-state", "AES256")
    block_public_access(acct, "acme-terraform-state", True, True, False, False)

    bucket(acct, "acme-legacy-tfstate")  # never versioned, nothing configured

    # Trap: insecure, and holds a state *backup* but no `*.tfstate` key, nor a
    # state-like name: not a state bucket, so none of its problems is reported.
    bucket(acct, "acme-infra")
    s3.put_bucket_versioning(Bucket="acme-infra", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_versioning(Bucket="acme-infra", VersioningConfiguration={"Status": "Suspended"})
    sse(acct, "acme-infra", "aws:kms")  # the AWS managed aws/s3 key: encrypted, but no CMK
    block_public_access(acct, "acme-infra", True, True, True, True)
    s3.put_bucket_policy(
        Bucket="acme-infra",
        Policy=policy(
            allow_log_delivery("acme-infra", "logs/"),
            {
                "Sid": "AllowTlsReads",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{acct.id}:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::acme-infra/*",
                "Condition": {"Bool": {"aws:SecureTransport": "true"}},
            },
        ),
    )
    s3.put_bucket_logging(
        Bucket="acme-infra",
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "acme-infra", "TargetPrefix": "logs/"}},
    )
    s3.put_object(Bucket="acme-infra", Key="env/prod/terraform.tfstate.backup", Body=tfstate(12))
    s3.put_object(Bucket="acme-infra", Key="scripts/bootstrap.sh", Body=b"#!/bin/sh\nterraform init\n")

    # Trap: an insecure bucket that is no state bucket.
    bucket(acct, "acme-assets")
    s3.put_bucket_policy(
        Bucket="acme-assets",
        Policy=policy(
            {
                "Sid": "PublicRead",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::acme-assets/*",
            }
        ),
    )
    s3.put_object(Bucket="acme-assets", Key="logo.svg", Body=b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    lock_table(acct, "terraform-locks", "LockID", pitr=False)
    lock_table(acct, "sessions", "id", pitr=False)

    # A second backend in eu-west-1, which the audit (us-east-1) does not
    # cover: bootstrapped, never configured nor migrated. Its lock table is
    # next to it, found only because every state bucket's region is searched;
    # look-alike correct (point-in-time recovery on).
    bucket_in(acct, "acme-eu-tfstate", "eu-west-1")
    lock_table(acct, "terraform-locks-eu", "LockID", pitr=True, region="eu-west-1")

    # -- containers --------------------------------------------------------
    log("startup: containers")
    ecr_key = cmk(acct, "startup-ecr", "startup container images")
    # Enhanced scanning (Amazon Inspector) turned on for the batch jobs only:
    # "jobs" has no wildcard, so it matches every name that contains it. Every
    # other repository now has scanning disabled, whatever its own flag says.
    acct.ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [{"filter": "jobs", "filterType": "WILDCARD"}]}],
    )
    app_repo = repository(acct, "startup-app", scan_on_push=False)  # the kit: AES256, no scan
    # Its own scan-on-push flag is on, but enhanced scanning ignores it: not scanned.
    worker_repo = repository(acct, "startup-worker", scan_on_push=True, kms_key=ecr_key)
    # Its own flag off, scanned by the registry's "jobs" filter (look-alike that passes).
    repository(acct, "startup-jobs", scan_on_push=False, kms=True)  # KMS, but the AWS managed aws/ecr key

    logs_key = cmk(acct, "startup-logs", "startup log groups", service=f"logs.{REGION}.amazonaws.com")
    # The one customer managed key of startup that rotates (kms-cmk-rotation passes it).
    acct.kms.enable_key_rotation(KeyId=logs_key)
    log_group(acct, "/ecs/startup-app")  # CloudWatch's own key
    log_group(acct, "/ecs/startup-worker", kms_key=logs_key)

    # The worker's execution role also carries an app policy (S3 reads).
    iam.create_role(
        RoleName="startup-worker-execution",
        AssumeRolePolicyDocument=trust_service("ecs-tasks.amazonaws.com"),
        Description="ECS task execution role of the worker (and its S3 reads)",
    )
    for arn in (
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    ):
        iam.attach_role_policy(RoleName="startup-worker-execution", PolicyArn=arn)

    ecs = acct.ecs
    # The kit's cluster leaves Container Insights off (not set: reads "disabled").
    ecs.create_cluster(clusterName="startup-cluster", tags=[{"key": "Name", "value": "startup-cluster"}])
    ecs.create_cluster(
        clusterName="startup-jobs",
        settings=[{"name": "containerInsights", "value": "enabled"}],
        tags=[{"key": "Name", "value": "startup-jobs"}],
    )

    # The kit's web task: one role for both, :latest and untagged images, no
    # user (root), no health check, secrets in plain environment variables.
    web_td = task_definition(
        acct,
        "startup-web",
        "startup-ecs-task-execution",
        "startup-ecs-task-execution",
        [
            container(
                "web",
                f"{app_repo}:latest",
                environment={
                    "NODE_ENV": "production",
                    "LOG_LEVEL": "info",
                    "DB_PASSWORD": "pg-Startup-2026",
                    "STRIPE_API_KEY": "sk_test_51StartupFixture0000",
                },
                log_group="/ecs/startup-app",
            ),
            container("proxy", "nginx", user="root", essential=False, port=80),
        ],
        # The same role, once by ARN and once by name (iam-task-roles-separated).
        task_role_by_name=True,
    )
    # Right but for its execution role, which also reads S3.
    worker_td = task_definition(
        acct,
        "startup-worker",
        "startup-worker-execution",
        "startup-ecs-task",
        [
            container(
                "worker",
                f"{worker_repo}:1.4.2",
                user="1000",
                health=True,
                environment={"NODE_ENV": "production", "LOG_LEVEL": "info"},
                secrets={"DB_PASSWORD": secret_ref(acct, "startup/db-password", "password")},
                log_group="/ecs/startup-worker",
            )
        ],
    )
    # Look-alike correct on every count; its log router is not essential and
    # has no health check (not judged by ecs-health-check). The api logs
    # through FireLens, the router itself to CloudWatch (ecs-task-logging).
    api_td = task_definition(
        acct,
        "startup-api",
        "startup-ecs-task-execution",
        "startup-ecs-task",
        [
            container(
                "api",
                f"{app_repo}@sha256:{'4f' * 32}",
                user="1000:1000",
                health=True,
                environment={"NODE_ENV": "production"},
                secrets={"STRIPE_API_KEY": secret_ref(acct, "startup/api-keys", "stripe_key")},
                firelens=True,
            ),
            {
                **container(
                    "log-router",
                    "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4",
                    user="1000",
                    essential=False,
                    log_group="/ecs/startup-app",
                    port=None,
                ),
                "firelensConfiguration": {"type": "fluentbit"},
            },
        ],
    )
    cluster = "startup-cluster"
    fargate_service(acct, cluster, "startup-web", web_td, public, [tasks_sg], True, web_tg, "web")
    fargate_service(acct, cluster, "startup-worker", worker_td, private, [worker_sg], False, internal_tg, "worker")
    fargate_service(acct, cluster, "startup-api", api_td, private, [tasks_sg], False, api_tg, "api")
    # -- monitoring --------------------------------------------------------
    log("startup: monitoring")
    # Four trails, none a multi-region one that logs read and write
    # management events; none delivers to CloudWatch Logs, and only
    # startup-writes validates its log files. GuardDuty: a suspended
    # detector, and no rule that routes its high findings (one matches them
    # but has no target; the one with a target starts at severity 8).
    trails = ["startup-trail", "startup-all-regions", "startup-writes", "startup-data-events"]
    s3.put_bucket_policy(
        Bucket="acme-startup-alb-logs",
        Policy=policy(*allow_cloudtrail(acct, "acme-startup-alb-logs", "cloudtrail", trails)),
    )
    trail(
        acct, "startup-trail", "acme-startup-alb-logs", "cloudtrail", multi_region=False, logging="on", validation=False
    )
    trail(
        acct,
        "startup-all-regions",
        "acme-startup-alb-logs",
        "cloudtrail",
        multi_region=True,
        logging="stopped",
        validation=False,
    )
    # Multi-region and logging, but only write management events (basic selector)...
    trail(
        acct,
        "startup-writes",
        "acme-startup-alb-logs",
        "cloudtrail",
        multi_region=True,
        logging="on",
        EventSelectors=[{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}],
    )
    # ... and only S3 data events, no management events (advanced selector).
    trail(
        acct,
        "startup-data-events",
        "acme-startup-alb-logs",
        "cloudtrail",
        multi_region=True,
        logging="on",
        validation=False,
        AdvancedEventSelectors=[
            {
                "Name": "S3 object events",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]},
                    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                ],
            }
        ],
    )

    acct.guardduty.create_detector(Enable=False, Tags={"Name": "startup"})
    event_rule(acct, "startup-guardduty-high", high_guardduty_findings(7), [])
    alerts = acct.sns.create_topic(Name="startup-alerts", Tags=tags("startup-alerts"))["TopicArn"]
    event_rule(acct, "startup-guardduty-severe", high_guardduty_findings(8), [alerts])

    rds = acct.rds
    db_subnets = db_subnet_group(acct, "startup-db-subnets", private)
    # The kit's database: publicly accessible, in a subnet group of public
    # subnets, one day of backups, a parameter group that leaves TLS optional
    # (rds.force_ssl 0), and a manual snapshot, unencrypted, shared with all.
    public_db_subnets = db_subnet_group(
        acct, "startup-public-db-subnets", [sn["startup-public-a"], sn["startup-public-b"]]
    )
    parameter_group(acct, "startup-postgres16", "postgres16", {"rds.force_ssl": "0"})
    rds.create_db_instance(
        DBInstanceIdentifier="startup-db",
        Engine="postgres",
        EngineVersion="16.4",
        DBInstanceClass="db.t4g.micro",
        AllocatedStorage=20,
        MasterUsername="app",
        MasterUserPassword="Startup-Db-Fixture-1",
        DBSubnetGroupName=public_db_subnets,
        DBParameterGroupName="startup-postgres16",
        VpcSecurityGroupIds=[db_open_sg],
        PubliclyAccessible=True,
        StorageEncrypted=False,
        BackupRetentionPeriod=1,
        Tags=tags("startup-db"),
    )
    rds.create_db_snapshot(DBInstanceIdentifier="startup-db", DBSnapshotIdentifier="startup-db-before-launch")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="startup-db-before-launch", AttributeName="restore", ValuesToAdd=["all"]
    )
    # Look-alike: an Aurora cluster encrypted with the AWS managed key aws/rds,
    # forcing TLS in its cluster parameter group.
    parameter_group(acct, "startup-analytics-tls", "aurora-postgresql16", {"rds.force_ssl": "1"}, cluster=True)
    rds.create_db_cluster(
        DBClusterIdentifier="startup-analytics",
        Engine="aurora-postgresql",
        EngineVersion="16.4",
        MasterUsername="analytics",
        MasterUserPassword="Startup-Analytics-Fixture-1",
        DBSubnetGroupName=db_subnets,
        DBClusterParameterGroupName="startup-analytics-tls",
        VpcSecurityGroupIds=[db_open_sg],
        StorageEncrypted=True,
        Tags=tags("startup-analytics"),
    )
    rds.create_db_instance(
        DBInstanceIdentifier="startup-analytics-1",
        DBClusterIdentifier="startup-analytics",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
        PubliclyAccessible=False,
        Tags=tags("startup-analytics-1"),
    )
    # Look-alike: an encrypted cluster snapshot shared with one named account only.
    rds.create_db_cluster_snapshot(
        DBClusterIdentifier="startup-analytics", DBClusterSnapshotIdentifier="startup-analytics-export"
    )
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="startup-analytics-export", AttributeName="restore", ValuesToAdd=[HARDENED]
    )


# ---------------------------------------------------------------------------
# hardened: the guide fully applied
# ---------------------------------------------------------------------------
def seed_startup_network_acls(acct: Account) -> None:
    """startup's own network ACLs. They are made after both accounts are
    seeded: moto draws every id from one seeded random sequence, so made
    earlier they would change the ids (and ARNs) of everything after them.
    Both VPCs keep EC2's default ACL, which allows all inbound traffic."""
    vpc = acct.ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["startup-vpc"]}])["Vpcs"][0]["VpcId"]
    # startup-public-acl admits HTTPS and the return traffic of
    # 1024-65535 from anywhere, a range that holds 3389; startup-private-acl
    # denies 22/3389 first, then allows everything (the look-alike that passes).
    public_acl = acct.ec2.create_network_acl(
        VpcId=vpc, TagSpecifications=tag_spec("network-acl", "startup-public-acl")
    )["NetworkAcl"]["NetworkAclId"]
    acl_entry(acct, public_acl, 100, "6", "allow", ANY_V4, (443, 443))
    acl_entry(acct, public_acl, 110, "6", "allow", ANY_V4, (1024, 65535))
    private_acl = acct.ec2.create_network_acl(
        VpcId=vpc, TagSpecifications=tag_spec("network-acl", "startup-private-acl")
    )["NetworkAcl"]["NetworkAclId"]
    deny_admin_ports(acct, private_acl)
    acl_entry(acct, private_acl, 100, "-1", "allow", ANY_V4)
    acl_entry(acct, private_acl, 101, "-1", "allow", ANY_V6)


def seed_hardened(acct: Account) -> None:
    ec2, iam, s3, sm = acct.ec2, acct.iam, acct.s3, acct.secretsmanager
    audit_role(acct)

    # -- network -----------------------------------------------------------
    log("hardened: network")
    # No default VPC: its default group has rules and its subnets give out
    # public addresses. moto lets us delete it as AWS does.
    for vpc in ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]:
        vpc_id = vpc["VpcId"]
        for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
            ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        for igw in ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}])[
            "InternetGateways"
        ]:
            ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc_id)
            ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
        ec2.delete_vpc(VpcId=vpc_id)

    net = network(acct, "prod", "prod-vpc", public_auto_ip=False)
    vpc, sn = net["vpc"], net["subnets"]
    close_security_group(acct, net["default_sg"])
    # The default ACL's allow-all (rule 100) comes after denials of SSH and RDP.
    deny_admin_ports(acct, default_network_acl(acct, vpc))

    bucket(acct, "acme-audit-logs")
    sse(acct, "acme-audit-logs", "AES256")
    block_public_access(acct, "acme-audit-logs", True, True, True, True)
    s3.put_bucket_policy(
        Bucket="acme-audit-logs",
        Policy=policy(
            allow_log_delivery("acme-audit-logs", ""),
            *allow_cloudtrail(acct, "acme-audit-logs", "cloudtrail", ["prod-trail"]),
            deny_insecure_transport("acme-audit-logs"),
        ),
    )
    # To the bucket itself: moto looks the whole "bucket/folder/" up as a
    # bucket name and rejects a destination with a folder.
    flow = ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination="arn:aws:s3:::acme-audit-logs",
        TagSpecifications=tag_spec("vpc-flow-log", "prod-vpc-flow-log"),
    )
    if flow.get("Unsuccessful"):
        raise SystemExit(f"seed: flow log not created: {flow['Unsuccessful']}")

    alb_sg = security_group(
        acct,
        vpc,
        "prod-alb",
        "ALB: HTTPS from the internet (WAF in front)",
        ingress=[tcp(443, cidrs=[ANY_V4])],
        egress=[],
    )
    tasks_sg = security_group(
        acct, vpc, "prod-tasks", "ECS tasks: app port from the ALB only", egress=[tcp(443, cidrs=["10.0.0.0/16"])]
    )
    db_sg = security_group(acct, vpc, "prod-db", "Postgres from the tasks only", egress=[])
    ec2.authorize_security_group_egress(GroupId=alb_sg, IpPermissions=[tcp(3000, groups=[tasks_sg])])
    ec2.authorize_security_group_ingress(GroupId=tasks_sg, IpPermissions=[tcp(3000, groups=[alb_sg])])
    ec2.authorize_security_group_egress(GroupId=tasks_sg, IpPermissions=[tcp(5432, groups=[db_sg])])
    ec2.authorize_security_group_ingress(GroupId=db_sg, IpPermissions=[tcp(5432, groups=[tasks_sg])])
    # Tasks reach S3 through its gateway endpoint (S3's AWS-managed list);
    # admins reach a bastion from the VPN, named by a customer prefix list.
    ec2.authorize_security_group_egress(
        GroupId=tasks_sg, IpPermissions=[tcp(443, prefix_lists=[aws_prefix_list(acct, f"com.amazonaws.{REGION}.s3")])]
    )
    security_group(
        acct,
        vpc,
        "prod-bastion",
        "SSH from the admin VPN only",
        ingress=[tcp(22, prefix_lists=[prefix_list(acct, "prod-admin-vpn", ["10.8.0.0/16"])])],
        egress=[tcp(22, cidrs=["10.0.0.0/16"])],
    )

    # -- load balancer -----------------------------------------------------
    log("hardened: load balancer")
    web, web_tg = load_balancer(
        acct,
        "prod-web",
        "internet-facing",
        [sn["prod-public-a"], sn["prod-public-b"]],
        [alb_sg],
        vpc,
        {
            "deletion_protection.enabled": "true",
            "routing.http.drop_invalid_header_fields.enabled": "true",
            "access_logs.s3.enabled": "true",
            "access_logs.s3.bucket": "acme-audit-logs",
            "access_logs.s3.prefix": "alb/prod-web",
        },
    )
    web_http = http_listener(acct, web, REDIRECT_TO_HTTPS)
    # A rule of the HTTP listener that redirects too (the old host name, to
    # HTTPS on the new one): every rule redirects, alb-https-only passes.
    listener_rule(
        acct,
        web_http,
        10,
        [host_header("www.acme.example")],
        [
            {
                "Type": "redirect",
                "RedirectConfig": {
                    "Protocol": "HTTPS",
                    "Port": "443",
                    "Host": "app.acme.example",
                    "StatusCode": "HTTP_301",
                },
            }
        ],
    )
    https_listener(
        acct, web, web_tg, "ELBSecurityPolicy-TLS13-1-3-2021-06", amazon_certificate(acct, "app.acme.example")
    )
    # A second Amazon-issued certificate served by SNI: judged too, and good.
    more_certificates(acct, web, 443, [amazon_certificate(acct, "www.acme.example")])
    acct.wafv2.associate_web_acl(WebACLArn=web_acl(acct, "prod-web-acl"), ResourceArn=web)

    # A Network Load Balancer with a TLS listener, access logs on.
    network_load_balancer(
        acct,
        "prod-tls-nlb",
        "internet-facing",
        [sn["prod-public-a"], sn["prod-public-b"]],
        vpc,
        {
            "deletion_protection.enabled": "true",
            "access_logs.s3.enabled": "true",
            "access_logs.s3.bucket": "acme-audit-logs",
            "access_logs.s3.prefix": "nlb/prod-tls-nlb",
        },
        {
            "Protocol": "TLS",
            "Port": 443,
            "SslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "Certificates": [{"CertificateArn": amazon_certificate(acct, "tls.acme.example")}],
        },
    )

    # -- identity ----------------------------------------------------------
    log("hardened: identity")
    acct.fixture("iam/root", {"mfa_enabled": True, "access_keys_present": False})

    iam.create_role(
        RoleName="ops-admin",
        MaxSessionDuration=3600,
        Description="Operators, with MFA",
        AssumeRolePolicyDocument=policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{acct.id}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        ),
    )
    iam.attach_role_policy(RoleName="ops-admin", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.attach_role_policy(
        RoleName="ops-admin",
        PolicyArn=customer_policy(
            acct,
            "prod-deploy",
            policy(
                allow(["ecs:UpdateService"], f"arn:aws:ecs:{REGION}:{acct.id}:service/prod-cluster/prod-web"),
                allow(
                    ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"],
                    f"arn:aws:ecr:{REGION}:{acct.id}:repository/prod-app",
                ),
                allow(["ecs:DescribeServices", "ecs:ListServices", "ecr:GetAuthorizationToken"], "*"),
            ),
            "Deploy the web service",
        ),
    )

    iam.create_role(
        RoleName="prod-ecs-task-execution",
        AssumeRolePolicyDocument=trust_service("ecs-tasks.amazonaws.com"),
        Description="ECS task execution role",
    )
    iam.attach_role_policy(
        RoleName="prod-ecs-task-execution",
        PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    )
    iam.create_role(
        RoleName="prod-ecs-task",
        AssumeRolePolicyDocument=trust_service("ecs-tasks.amazonaws.com"),
        Description="ECS task role",
    )
    iam.put_role_policy(
        RoleName="prod-ecs-task",
        PolicyName="app-logs",
        PolicyDocument=policy(
            allow(
                ["logs:CreateLogStream", "logs:PutLogEvents"],
                f"arn:aws:logs:{REGION}:{acct.id}:log-group:/ecs/prod-app:log-stream:app/app/0123456789abcdef",
            )
        ),
    )

    iam.create_user(UserName="alice", Tags=tags("alice"))
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-Battery-9", PasswordResetRequired=False)
    virtual_mfa(acct, "alice")
    acct.fixture("iam/login-profile", {"user": "alice", "last_used_days_ago": 3})
    stale = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName="alice", AccessKeyId=stale, Status="Inactive")
    acct.fixture("iam/access-key", {"user": "alice", "access_key_id": stale, "created_days_ago": 200})

    # -- secrets -----------------------------------------------------------
    log("hardened: secrets")
    key_arn = acct.kms.create_key(Description="prod secrets", Tags=[{"TagKey": "Name", "TagValue": "prod-secrets"}])[
        "KeyMetadata"
    ]["Arn"]
    acct.kms.create_alias(AliasName="alias/prod-secrets", TargetKeyId=key_arn)
    rotate_fn = rotation_lambda(acct, "prod-secret-rotation")
    secret_arns = []
    for name, value in [
        ("prod/db-password", {"username": "app", "password": "r7Vq-2mKx-9LpZ-4wTb"}),
        ("prod/api-keys", {"api_key": "ak_live_8Jf3Qz1mN6vR2tY5", "stripe_key": "rk_live_51Hx7Gd2Kq9Lm4Np"}),
    ]:
        secret_arns.append(sm.create_secret(Name=name, KmsKeyId=key_arn, SecretString=json.dumps(value))["ARN"])
        rotate_now(acct, name, rotate_fn, days=30)
        acct.fixture("secretsmanager/secret", {"secret_id": name, "created_days_ago": 120, "last_rotated_days_ago": 5})
        sm.get_secret_value(SecretId=name)  # the app reads it: accessed today
    iam.put_role_policy(
        RoleName="prod-secret-rotation-role",
        PolicyName="rotate-prod-secrets",
        PolicyDocument=policy(
            allow(
                [
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecretVersionStage",
                    "secretsmanager:DescribeSecret",
                ],
                secret_arns,
            )
        ),
    )
    # The execution role injects the app's secrets: it reads them and nothing else.
    iam.put_role_policy(
        RoleName="prod-ecs-task-execution",
        PolicyName="read-app-secrets",
        PolicyDocument=policy(
            allow(["secretsmanager:GetSecretValue"], secret_arns),
            allow(["kms:Decrypt"], key_arn),
        ),
    )

    # -- terraform state ---------------------------------------------------
    log("hardened: terraform state")
    state_key = acct.kms.create_key(Description="terraform state", Tags=[{"TagKey": "Name", "TagValue": "tfstate"}])[
        "KeyMetadata"
    ]["Arn"]
    acct.kms.create_alias(AliasName="alias/tfstate", TargetKeyId=state_key)
    # Named like a state bucket, and one found only by its `*.tfstate` key.
    for name, key in [("acme-prod-tfstate", "global/terraform.tfstate"), ("acme-platform", "platform/terraform.tfstate")]:
        bucket(acct, name)
        s3.put_bucket_versioning(
            Bucket=name,
            MFA=f"arn:aws:iam::{acct.id}:mfa/root-account-mfa-device 123456",
            VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"},
        )
        sse(acct, name, "aws:kms", key=state_key, bucket_key=True)
        block_public_access(acct, name, True, True, True, True)
        s3.put_bucket_policy(Bucket=name, Policy=policy(deny_insecure_transport(name)))
        s3.put_bucket_logging(
            Bucket=name,
            BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "acme-audit-logs", "TargetPrefix": f"s3/{name}/"}},
        )
        s3.put_object(Bucket=name, Key=key, Body=tfstate(42), ServerSideEncryption="aws:kms", SSEKMSKeyId=state_key)
    acct.s3control.put_public_access_block(
        AccountId=acct.id,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )

    lock_table(acct, "terraform-locks", "LockID", pitr=True)

    # -- containers --------------------------------------------------------
    log("hardened: containers")
    # Registry-level enhanced scanning covers prod-*: the repository's own
    # scan-on-push flag stays off (AWS ignores it under enhanced scanning).
    acct.ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "prod-*", "filterType": "WILDCARD"}]}
        ],
    )
    app_repo = repository(
        acct, "prod-app", scan_on_push=False, kms_key=cmk(acct, "prod-ecr", "prod container images"), immutable=True
    )
    logs_key = cmk(acct, "prod-logs", "prod log groups", service=f"logs.{REGION}.amazonaws.com")
    log_group(acct, "/ecs/prod-app", kms_key=logs_key, retention_days=365)

    ecs = acct.ecs
    ecs.create_cluster(
        clusterName="prod-cluster",
        settings=[{"name": "containerInsights", "value": "enhanced"}],
        tags=[{"key": "Name", "value": "prod-cluster"}],
    )
    app_td = task_definition(
        acct,
        "prod-app",
        "prod-ecs-task-execution",
        "prod-ecs-task",
        [
            container(
                "app",
                f"{app_repo}:2.3.1",
                user="1000",
                health=True,
                environment={"NODE_ENV": "production", "LOG_LEVEL": "info"},
                secrets={
                    "DB_PASSWORD": secret_ref(acct, "prod/db-password", "password"),
                    "STRIPE_API_KEY": secret_ref(acct, "prod/api-keys", "stripe_key"),
                },
                log_group="/ecs/prod-app",
            )
        ],
    )
    private = [sn["prod-private-a"], sn["prod-private-b"]]
    fargate_service(acct, "prod-cluster", "prod-web", app_td, private, [tasks_sg], False, web_tg, "app")

    # -- monitoring --------------------------------------------------------
    log("hardened: monitoring")
    # The trail delivers to CloudWatch Logs too, through a role that may
    # write only the trail's stream of this region.
    log_group(acct, "CloudTrail", kms_key=logs_key, retention_days=365)
    iam.create_role(
        RoleName="prod-cloudtrail-logs",
        AssumeRolePolicyDocument=trust_service("cloudtrail.amazonaws.com"),
        Description="CloudTrail delivery to CloudWatch Logs",
    )
    iam.put_role_policy(
        RoleName="prod-cloudtrail-logs",
        PolicyName="cloudtrail-to-logs",
        PolicyDocument=policy(
            allow(
                ["logs:CreateLogStream", "logs:PutLogEvents"],
                f"arn:aws:logs:{REGION}:{acct.id}:log-group:CloudTrail:log-stream:{acct.id}_CloudTrail_{REGION}",
            )
        ),
    )
    trail(
        acct,
        "prod-trail",
        "acme-audit-logs",
        "cloudtrail",
        multi_region=True,
        logging="on",
        cloudwatch_logs=(
            f"arn:aws:logs:{REGION}:{acct.id}:log-group:CloudTrail:*",
            f"arn:aws:iam::{acct.id}:role/prod-cloudtrail-logs",
        ),
    )
    acct.guardduty.create_detector(Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES", Tags={"Name": "prod"})
    # Its high and critical findings go to the on-call topic.
    topic = acct.sns.create_topic(Name="prod-security-alerts", Tags=tags("prod-security-alerts"))["TopicArn"]
    event_rule(acct, "prod-guardduty-findings", high_guardduty_findings(7), [topic])
    acct.rds.create_db_instance(
        DBInstanceIdentifier="prod-db",
        Engine="postgres",
        EngineVersion="16.4",
        DBInstanceClass="db.t4g.medium",
        AllocatedStorage=50,
        MasterUsername="app",
        MasterUserPassword="Prod-Db-Fixture-1",
        DBSubnetGroupName=db_subnet_group(acct, "prod-db-subnets", private),
        DBParameterGroupName=parameter_group(acct, "prod-postgres16-tls", "postgres16", {"rds.force_ssl": "1"}),
        VpcSecurityGroupIds=[db_sg],
        PubliclyAccessible=False,
        MultiAZ=True,
        StorageEncrypted=True,
        KmsKeyId=cmk(acct, "prod-rds", "prod databases"),
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        Tags=tags("prod-db"),
    )
    # A release snapshot: encrypted with the instance's key, shared with no one.
    acct.rds.create_db_snapshot(DBInstanceIdentifier="prod-db", DBSnapshotIdentifier="prod-db-release-1")

    # Every customer managed key rotates its material every year (kms-cmk-rotation).
    for key in acct.kms.list_keys()["Keys"]:
        if acct.kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyManager"] == "CUSTOMER":
            acct.kms.enable_key_rotation(KeyId=key["KeyId"])


# ---------------------------------------------------------------------------
def check_audit_role(endpoint: str) -> None:
    """The auditor's way in: AssumeRole with plain credentials must land in
    the role's account and see that account's buckets only."""
    sts = boto3.client(
        "sts", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    seen = {}
    for label, account_id in ACCOUNTS.items():
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/{AUDIT_ROLE}", RoleSessionName="posture-seed-check"
        )["Credentials"]
        session = dict(
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
        who = boto3.client("sts", **session).get_caller_identity()
        if who["Account"] != account_id:
            raise SystemExit(f"seed: assumed {AUDIT_ROLE} in {account_id} but landed in {who['Account']}")
        seen[label] = {b["Name"] for b in boto3.client("s3", **session).list_buckets()["Buckets"]}
    if "acme-prod-tfstate" not in seen["hardened"] or "acme-prod-tfstate" in seen["startup"]:
        raise SystemExit(f"seed: the audit role's view is not per account: {seen}")


MANAGEMENT = "123456789012"
ORG_MEMBERS = ("workloads", "sandbox", "retired")


def seed_images(startup: Account, hardened: Account) -> None:
    """The ECR images the services run, and their scans. Seeded last: moto
    draws from its seeded random source for images, and ids made before
    must not move."""
    log("images and scans")
    acct = startup
    # The image startup-api runs by digest carries a CRITICAL Inspector
    # finding (enhanced scanning's answer: enhancedFindings, no counts). The
    # other services run mutable tags (startup-app:latest, startup-worker:1.4.2):
    # no scan of a tag tells which image their tasks pulled.
    api_digest = f"sha256:{'4f' * 32}"
    pushed_image(acct, "startup-app", "2.0.0", digest=api_digest)
    scan_findings(
        acct,
        "startup-app",
        {"imageDigest": api_digest},
        {
            "imageScanStatus": {"status": "ACTIVE", "description": "Continuous scan is selected for image."},
            "imageScanFindings": {
                "enhancedFindings": [
                    {
                        "awsAccountId": acct.id,
                        "findingArn": f"arn:aws:inspector2:{REGION}:{acct.id}:finding/startup-app-openssl",
                        "title": "CVE-2024-0001 - openssl",
                        "severity": "CRITICAL",
                        "status": "ACTIVE",
                        "type": "PACKAGE_VULNERABILITY",
                    },
                    {
                        "awsAccountId": acct.id,
                        "findingArn": f"arn:aws:inspector2:{REGION}:{acct.id}:finding/startup-app-zlib",
                        "title": "CVE-2024-0002 - zlib",
                        "severity": "MEDIUM",
                        "status": "ACTIVE",
                        "type": "PACKAGE_VULNERABILITY",
                    },
                ]
            },
        },
    )
    acct = hardened
    # prod-app:2.3.1, an immutable tag, scanned on push: moto's basic answer
    # (one HIGH finding, findingSeverityCounts {"HIGH": 1}), nothing CRITICAL.
    pushed_image(acct, "prod-app", "2.3.1")


def seed_organization(endpoint: str) -> dict[str, str]:
    """The organization `--org-role` audits: its accounts by name."""
    org = Account(endpoint, MANAGEMENT).organizations
    org.create_organization(FeatureSet="ALL")
    ids = {"management": MANAGEMENT}
    for name in ORG_MEMBERS:
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        ids[name] = status["AccountId"]
    org.close_account(AccountId=ids["retired"])
    workloads = Account(endpoint, ids["workloads"])
    ec2 = client_in(workloads, "ec2", "eu-west-1")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    group = ec2.create_security_group(GroupName="bastion", Description="bastion", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[tcp(22, cidrs=[ANY_V4])])
    return ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True, help="emulator URL, e.g. http://127.0.0.1:5000")
    args = parser.parse_args(argv)
    endpoint = args.endpoint.rstrip("/")

    started = time.monotonic()
    http_post(f"{endpoint}/moto-api/reset")
    http_post(f"{endpoint}/moto-api/seed?a=42")
    seed_startup(Account(endpoint, STARTUP))
    seed_hardened(Account(endpoint, HARDENED))
    seed_startup_network_acls(Account(endpoint, STARTUP))
    check_audit_role(endpoint)
    organization = seed_organization(endpoint)
    seed_images(Account(endpoint, STARTUP), Account(endpoint, HARDENED))
    log(f"done in {time.monotonic() - started:.1f}s")
    print(
        json.dumps(
            {
                "endpoint": endpoint,
                "region": REGION,
                "accounts": ACCOUNTS,
                "audit_role": AUDIT_ROLE,
                "organization": organization,
            }
        )
    )


if __name__ == "__main__":
    main()
