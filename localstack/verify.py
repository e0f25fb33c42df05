#!/usr/bin/env python3
"""Read the seeded fixtures back the way posture does, and check them.

    python verify.py --endpoint http://127.0.0.1:PORT

Each account is reached by sts:AssumeRole on its posture-audit role with
plain credentials (no x-moto-account-id header), so this also proves that
the role's credentials land in the right account. The patched operations
are checked on the wire (raw response bodies), not only through boto3,
which is more lenient than the Rust SDK.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import time
from datetime import datetime, timezone
from urllib.parse import unquote

import boto3

REGION = "us-east-1"
STARTUP = "111111111111"
HARDENED = "222222222222"
DAY = 86400


class Checker:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    def expect(self, condition: bool, what: str) -> None:
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"verify: FAIL {what}", file=sys.stderr)


def age_days(moment) -> float:  # type: ignore[no-untyped-def]
    if isinstance(moment, (int, float)):
        moment = datetime.fromtimestamp(moment, timezone.utc)
    return (datetime.now(timezone.utc) - moment).total_seconds() / DAY


class Audit:
    """Clients with the credentials of the account's posture-audit role."""

    def __init__(self, endpoint: str, account: str):
        sts = boto3.client(
            "sts",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/posture-audit", RoleSessionName="posture-verify")[
            "Credentials"
        ]
        self.session = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=REGION,
        )
        self.endpoint = endpoint
        self.account = account
        self.raw: dict[str, bytes] = {}
        self._clients: dict[str, object] = {}

    def client(self, service: str):  # type: ignore[no-untyped-def]
        if service not in self._clients:
            client = self.session.client(service, endpoint_url=self.endpoint)

            def keep_body(http_response, model, **_):  # type: ignore[no-untyped-def]
                self.raw[model.name] = http_response.content

            client.meta.events.register("after-call.*.*", keep_body)
            if service == "s3control":
                account = self.account

                def drop_account_host(request, **_):  # type: ignore[no-untyped-def]
                    request.url = request.url.replace(f"//{account}.", "//", 1)

                client.meta.events.register("before-send.s3-control.*", drop_account_host)
            self._clients[service] = client
        return self._clients[service]


def name_tag(resource: dict) -> str | None:
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}.get("Name")


def rules(permissions: list[dict]) -> set[tuple]:
    out = set()
    for p in permissions:
        port = (p.get("FromPort"), p.get("ToPort"))
        for r in p.get("IpRanges", []):
            out.add((p["IpProtocol"], *port, r["CidrIp"]))
        for r in p.get("Ipv6Ranges", []):
            out.add((p["IpProtocol"], *port, r["CidrIpv6"]))
        for r in p.get("UserIdGroupPairs", []):
            out.add((p["IpProtocol"], *port, r["GroupId"]))
    return out


# ---------------------------------------------------------------------------
def check_identity(c: Checker, a: Audit) -> None:
    who = a.client("sts").get_caller_identity()
    c.expect(who["Account"] == a.account, f"{a.account}: assumed role lands in {who['Account']}")


def check_network(c: Checker, a: Audit) -> None:
    ec2 = a.client("ec2")
    vpcs = {v["VpcId"]: v for v in ec2.describe_vpcs()["Vpcs"]}
    vpc_names = {vid: name_tag(v) for vid, v in vpcs.items()}
    groups = ec2.describe_security_groups()["SecurityGroups"]
    by_name = {(g["GroupName"], vpc_names[g["VpcId"]]): g for g in groups}
    ids = {g["GroupName"]: g["GroupId"] for g in groups if g["GroupName"] != "default"}
    subnets = {name_tag(s): s for s in ec2.describe_subnets()["Subnets"]}
    flow_logs = ec2.describe_flow_logs()["FlowLogs"]
    any4, any6 = "0.0.0.0/0", "::/0"

    if a.account == STARTUP:
        c.expect(sorted(vpc_names.values()) == ["default-vpc", "startup-vpc"], f"startup VPCs {vpc_names}")
        expected = {
            ("startup-alb", "startup-vpc"): (
                {("tcp", 80, 80, any4), ("tcp", 443, 443, any4)},
                {("-1", None, None, any4)},
            ),
            ("startup-tasks", "startup-vpc"): ({("tcp", 3000, 3000, ids["startup-alb"])}, {("-1", None, None, any4)}),
            ("admin", "startup-vpc"): ({("tcp", 22, 22, any4), ("tcp", 3389, 3389, any6)}, {("-1", None, None, any4)}),
            ("db-open", "startup-vpc"): ({("tcp", 5432, 5432, any4)}, {("-1", None, None, any4)}),
            ("all-tcp", "startup-vpc"): ({("tcp", 0, 65535, any4)}, {("-1", None, None, any4)}),
            ("all-traffic", "startup-vpc"): ({("-1", None, None, any6)}, {("-1", None, None, any4)}),
            ("bastion-trusted", "startup-vpc"): (
                {("tcp", 22, 22, "10.20.0.0/16")},
                {("-1", None, None, "10.0.0.0/16")},
            ),
            ("https-only", "startup-vpc"): ({("tcp", 443, 443, any4)}, {("tcp", 3000, 3000, ids["startup-tasks"])}),
            ("startup-internal-alb", "startup-vpc"): (
                {("tcp", 443, 443, "10.0.0.0/16")},
                {("tcp", 3000, 3000, ids["startup-tasks"])},
            ),
            ("startup-api-alb", "startup-vpc"): (
                {("tcp", 443, 443, any4)},
                {("tcp", 3000, 3000, ids["startup-tasks"])},
            ),
        }
        for vpc_name in ("default-vpc", "startup-vpc"):
            g = by_name[("default", vpc_name)]
            expected[("default", vpc_name)] = ({("-1", None, None, g["GroupId"])}, {("-1", None, None, any4)})
        subnet_public = {
            "startup-public-a": True,
            "startup-public-b": True,
            "startup-private-a": False,
            "startup-private-b": False,
        }
        subnet_public.update({f"default-us-east-1{z}": True for z in "abcdef"})
        c.expect(flow_logs == [], f"startup has no flow logs: {flow_logs}")
    else:
        c.expect(list(vpc_names.values()) == ["prod-vpc"], f"hardened VPCs (no default VPC) {vpc_names}")
        expected = {
            ("default", "prod-vpc"): (set(), set()),
            ("prod-alb", "prod-vpc"): ({("tcp", 443, 443, any4)}, {("tcp", 3000, 3000, ids["prod-tasks"])}),
            ("prod-tasks", "prod-vpc"): (
                {("tcp", 3000, 3000, ids["prod-alb"])},
                {("tcp", 443, 443, "10.0.0.0/16"), ("tcp", 5432, 5432, ids["prod-db"])},
            ),
            ("prod-db", "prod-vpc"): ({("tcp", 5432, 5432, ids["prod-tasks"])}, set()),
        }
        subnet_public = {n: False for n in ("prod-public-a", "prod-public-b", "prod-private-a", "prod-private-b")}
        c.expect(
            len(flow_logs) == 1 and flow_logs[0]["ResourceId"] in vpcs and flow_logs[0]["FlowLogStatus"] == "ACTIVE",
            f"hardened flow log {flow_logs}",
        )
    c.expect(set(by_name) == set(expected), f"{a.account} security groups {sorted(by_name)}")
    for key, (ingress, egress) in expected.items():
        g = by_name.get(key)
        if g is None:
            continue
        c.expect(rules(g["IpPermissions"]) == ingress, f"{key} ingress {rules(g['IpPermissions'])}")
        c.expect(rules(g["IpPermissionsEgress"]) == egress, f"{key} egress {rules(g['IpPermissionsEgress'])}")
        c.expect(name_tag(g) == key[0], f"{key} Name tag {name_tag(g)}")
    c.expect(set(subnets) == set(subnet_public), f"{a.account} subnets {sorted(map(str, subnets))}")
    for name, public in subnet_public.items():
        if name in subnets:
            c.expect(subnets[name]["MapPublicIpOnLaunch"] is public, f"subnet {name} MapPublicIpOnLaunch")


ALB = {
    # name: scheme, deletion protection, drop invalid headers, access logs,
    #       listeners {port: (protocol, policy, action)}, web ACL
    "startup-web": (
        "internet-facing",
        "false",
        "false",
        "false",
        {80: ("HTTP", None, "forward"), 443: ("HTTPS", "ELBSecurityPolicy-2016-08", "forward")},
        None,
    ),
    "startup-internal": (
        "internal",
        "true",
        "true",
        "true",
        {443: ("HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06", "forward")},
        None,
    ),
    "startup-api": (
        "internet-facing",
        "false",
        "true",
        "false",
        {80: ("HTTP", None, "redirect"), 443: ("HTTPS", "ELBSecurityPolicy-TLS13-1-3-2021-06", "forward")},
        "startup-api-waf",
    ),
    "prod-web": (
        "internet-facing",
        "true",
        "true",
        "true",
        {80: ("HTTP", None, "redirect"), 443: ("HTTPS", "ELBSecurityPolicy-TLS13-1-3-2021-06", "forward")},
        "prod-web-acl",
    ),
}
CERTS = {  # load balancer: (domain, type, renewal eligibility, days to expiry at least, at most)
    "startup-web": ("app.startup.example", "IMPORTED", "INELIGIBLE", 9, 11),
    "startup-internal": ("internal.startup.example", "AMAZON_ISSUED", "ELIGIBLE", 300, 400),
    "startup-api": ("api.startup.example", "AMAZON_ISSUED", "ELIGIBLE", 300, 400),
    "prod-web": ("app.acme.example", "AMAZON_ISSUED", "ELIGIBLE", 300, 400),
}


def check_load_balancers(c: Checker, a: Audit) -> None:
    elb, acm, waf = a.client("elbv2"), a.client("acm"), a.client("wafv2")
    lbs = {lb["LoadBalancerName"]: lb for lb in elb.describe_load_balancers()["LoadBalancers"]}
    want = ["startup-api", "startup-internal", "startup-web"] if a.account == STARTUP else ["prod-web"]
    c.expect(sorted(lbs) == want, f"{a.account} load balancers {sorted(lbs)}")
    for name in want:
        lb = lbs.get(name)
        if lb is None:
            continue
        scheme, deletion, drop, logs, listeners, acl = ALB[name]
        arn = lb["LoadBalancerArn"]
        c.expect(lb["Scheme"] == scheme, f"{name} scheme {lb['Scheme']}")
        attrs = {x["Key"]: x["Value"] for x in elb.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
        c.expect(
            len(attrs) >= 19
            and attrs.get("idle_timeout.timeout_seconds") == "60"
            and attrs.get("routing.http2.enabled") == "true"
            and attrs.get("routing.http.desync_mitigation_mode") == "defensive"
            and attrs.get("waf.fail_open.enabled") == "false",
            f"{name} lists every attribute: {attrs}",
        )
        c.expect(attrs.get("deletion_protection.enabled") == deletion, f"{name} deletion protection")
        c.expect(attrs.get("routing.http.drop_invalid_header_fields.enabled") == drop, f"{name} drop invalid headers")
        c.expect(attrs.get("access_logs.s3.enabled") == logs, f"{name} access logs")
        found = elb.describe_listeners(LoadBalancerArn=arn)["Listeners"]
        raw = a.raw["DescribeListeners"].decode()
        got = {x["Port"]: (x["Protocol"], x.get("SslPolicy"), x["DefaultActions"][0]["Type"]) for x in found}
        c.expect(got == listeners, f"{name} listeners {got}")
        c.expect(
            raw.count("<SslPolicy>") == sum(1 for p in listeners.values() if p[1]),
            f"{name}: SslPolicy on the wire only for HTTPS",
        )
        for listener in found:
            if listener["Protocol"] == "HTTP" and listener["DefaultActions"][0]["Type"] == "redirect":
                redirect = listener["DefaultActions"][0]["RedirectConfig"]
                c.expect(
                    redirect["Protocol"] == "HTTPS"
                    and redirect["Port"] == "443"
                    and redirect["StatusCode"] == "HTTP_301",
                    f"{name} redirect {redirect}",
                )
            for cert in listener.get("Certificates", []):
                d = acm.describe_certificate(CertificateArn=cert["CertificateArn"])["Certificate"]
                domain, kind, renewal, lo, hi = CERTS[name]
                left = -age_days(d["NotAfter"])
                c.expect(
                    d["DomainName"] == domain
                    and d["Type"] == kind
                    and d["Status"] == "ISSUED"
                    and d["RenewalEligibility"] == renewal
                    and lo <= left <= hi
                    and d["InUseBy"] == [arn],
                    f"{name} certificate {d['DomainName']} {d['Type']} {d['Status']} "
                    f"{d['RenewalEligibility']} {left:.1f}d {d['InUseBy']}",
                )
        web_acl = waf.get_web_acl_for_resource(ResourceArn=arn).get("WebACL")
        c.expect((web_acl or {}).get("Name") == acl, f"{name} web ACL {web_acl}")


IAM_DOC_ELEMENTS = re.compile(r"<(AssumeRolePolicyDocument|PolicyDocument|Document)>(.*?)</\1>", re.S)


def encoded_documents(c: Checker, raw: bytes, what: str) -> int:
    docs = IAM_DOC_ELEMENTS.findall(raw.decode())
    for _, text in docs:
        c.expect(
            re.fullmatch(r"[A-Za-z0-9%._~-]+", text) is not None and text.startswith("%7B"),
            f"{what}: document is URL-encoded like IAM's: {text[:60]}",
        )
        json.loads(unquote(text))
    return len(docs)


def check_identity_iam(c: Checker, a: Audit) -> None:
    iam = a.client("iam")
    startup = a.account == STARTUP

    summary = iam.get_account_summary()["SummaryMap"]
    c.expect(summary["AccountMFAEnabled"] == (0 if startup else 1), f"{a.account} AccountMFAEnabled")
    c.expect(summary["AccountAccessKeysPresent"] == (1 if startup else 0), f"{a.account} AccountAccessKeysPresent")

    iam.generate_credential_report()
    report = list(csv.DictReader(io.StringIO(iam.get_credential_report()["Content"].decode())))
    root = report[0]
    c.expect(
        root["user"] == "<root_account>" and root["arn"] == f"arn:aws:iam::{a.account}:root",
        f"{a.account} credential report starts with <root_account>",
    )
    c.expect(
        root["mfa_active"] == ("false" if startup else "true")
        and root["access_key_1_active"] == ("true" if startup else "false"),
        f"{a.account} root row {root}",
    )

    roles = {r["RoleName"]: r for r in iam.list_roles()["Roles"]}
    encoded_documents(c, a.raw["ListRoles"], "ListRoles")
    iam.get_role(RoleName="posture-audit")
    encoded_documents(c, a.raw["GetRole"], "GetRole")
    want_roles = (
        {
            "posture-audit": 3600,
            "startup-admin": 43200,
            "startup-ecs-task-execution": 43200,
            "startup-ecs-task": 3600,
            "startup-secret-rotation-role": 3600,
        }
        if startup
        else {
            "posture-audit": 3600,
            "ops-admin": 3600,
            "prod-ecs-task-execution": 3600,
            "prod-ecs-task": 3600,
            "prod-secret-rotation-role": 3600,
        }
    )
    c.expect({n: r["MaxSessionDuration"] for n, r in roles.items()} == want_roles, f"{a.account} roles {sorted(roles)}")
    attached = [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName="posture-audit")["AttachedPolicies"]]
    c.expect(attached == ["SecurityAudit"], f"posture-audit policies {attached}")

    local = {p["PolicyName"]: p for p in iam.list_policies(Scope="Local")["Policies"]}
    want_local = (
        {
            "startup-admin-access",
            "startup-ecs-logs",
            "startup-describe-only",
            "startup-deny-all-guardrail",
            "startup-force-mfa",
        }
        if startup
        else {"prod-deploy"}
    )
    c.expect(set(local) == want_local, f"{a.account} customer managed policies {sorted(local)}")
    for p in local.values():
        iam.get_policy_version(PolicyArn=p["Arn"], VersionId=p["DefaultVersionId"])
        encoded_documents(c, a.raw["GetPolicyVersion"], f"GetPolicyVersion {p['PolicyName']}")

    gaad = iam.get_account_authorization_details()
    count = encoded_documents(c, a.raw["GetAccountAuthorizationDetails"], "GetAccountAuthorizationDetails")
    c.expect(count >= len(want_roles) + len(want_local), f"GAAD documents {count}")
    aws_policies = sorted(p["PolicyName"] for p in gaad["Policies"] if ":aws:policy/" in p["Arn"])
    want_aws = (
        ["AmazonECSTaskExecutionRolePolicy", "SecurityAudit"]
        if startup
        else ["AmazonECSTaskExecutionRolePolicy", "ReadOnlyAccess", "SecurityAudit"]
    )
    c.expect(aws_policies == want_aws, f"GAAD lists the attached AWS managed policies only: {aws_policies}")

    if startup:
        iam.get_user_policy(UserName="deploy", PolicyName="deploy-admin")
        encoded_documents(c, a.raw["GetUserPolicy"], "GetUserPolicy")
        users = {
            "deploy": (True, 0, [("Active", 199, 201)]),
            "ci-bot": (False, 0, [("Active", 0, 1)]),
            "alice": (True, 1, []),
        }
    else:
        iam.get_role_policy(RoleName="prod-ecs-task", PolicyName="app-logs")
        encoded_documents(c, a.raw["GetRolePolicy"], "GetRolePolicy")
        users = {"alice": (True, 1, [("Inactive", 199, 201)])}
    listed = [u["UserName"] for u in iam.list_users()["Users"]]
    c.expect(sorted(listed) == sorted(users), f"{a.account} users {listed}")
    for user, (console, mfa, keys) in users.items():
        try:
            iam.get_login_profile(UserName=user)
            has_console = True
        except iam.exceptions.NoSuchEntityException:
            has_console = False
        c.expect(has_console is console, f"{user} console password")
        devices = iam.list_mfa_devices(UserName=user)["MFADevices"]
        c.expect(len(devices) == mfa, f"{user} MFA devices {devices}")
        got = iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
        c.expect(len(got) == len(keys), f"{user} access keys {got}")
        for key, (status, lo, hi) in zip(got, keys, strict=False):
            c.expect(
                key["Status"] == status and lo <= age_days(key["CreateDate"]) <= hi,
                f"{user} key {key['Status']} {age_days(key['CreateDate']):.1f} days old",
            )


SECRETS = {
    # name: (customer key, rotation enabled, created days, rotated days, accessed days) ranges as (lo, hi)
    "startup/db-password": (False, None, (199, 201), None, (149, 151)),
    "startup/api-keys": (False, True, (199, 201), (199, 201), (149, 151)),
    "startup/stripe-webhook": (True, True, (59, 61), (0, 1), (0, 1)),
    "prod/db-password": (True, True, (119, 121), (4, 6), (0, 1)),
    "prod/api-keys": (True, True, (119, 121), (4, 6), (0, 1)),
}


def within(value, bounds) -> bool:  # type: ignore[no-untyped-def]
    if bounds is None:
        return value is None
    return value is not None and bounds[0] <= age_days(value) <= bounds[1]


def check_secrets(c: Checker, a: Audit) -> None:
    sm, kms = a.client("secretsmanager"), a.client("kms")
    names = [s["Name"] for s in sm.list_secrets()["SecretList"]]
    want = [n for n in SECRETS if n.startswith("startup/" if a.account == STARTUP else "prod/")]
    c.expect(sorted(names) == sorted(want), f"{a.account} secrets {names}")
    for name in want:
        cmk, rotation, created, rotated, accessed = SECRETS[name]
        d = sm.describe_secret(SecretId=name)
        key = d.get("KmsKeyId")
        if cmk:
            manager = kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"] if key else None
            c.expect(manager == "CUSTOMER", f"{name} KmsKeyId {key} ({manager})")
        else:
            c.expect(key is None, f"{name} uses aws/secretsmanager (no KmsKeyId), got {key}")
        c.expect(d.get("RotationEnabled") == rotation, f"{name} RotationEnabled {d.get('RotationEnabled')}")
        c.expect(within(d.get("CreatedDate"), created), f"{name} CreatedDate {d.get('CreatedDate')}")
        c.expect(within(d.get("LastRotatedDate"), rotated), f"{name} LastRotatedDate {d.get('LastRotatedDate')}")
        c.expect(within(d.get("LastAccessedDate"), accessed), f"{name} LastAccessedDate {d.get('LastAccessedDate')}")


BUCKETS = {
    # name: (versioning, mfa delete, sse algorithm, kms key is a CMK, public access block, policy status,
    #        logging target, keys)
    "acme-startup-alb-logs": (None, None, "AES256", False, None, None, None, []),
    "acme-terraform-state": ("Enabled", None, "AES256", False, (True, True, False, False), None, None, []),
    "acme-legacy-tfstate": (None, None, "AES256", False, None, None, None, []),
    "acme-infra": (
        "Suspended",
        None,
        "aws:kms",
        False,
        (True, True, True, True),
        False,
        "acme-infra",
        ["env/prod/terraform.tfstate.backup", "scripts/bootstrap.sh"],
    ),
    "acme-assets": (None, None, "AES256", False, None, True, None, ["logo.svg"]),
    "acme-audit-logs": (None, None, "AES256", False, (True, True, True, True), False, None, []),
    "acme-prod-tfstate": (
        "Enabled",
        "Enabled",
        "aws:kms",
        True,
        (True, True, True, True),
        False,
        "acme-audit-logs",
        ["global/terraform.tfstate"],
    ),
    "acme-platform": (
        "Enabled",
        "Enabled",
        "aws:kms",
        True,
        (True, True, True, True),
        False,
        "acme-audit-logs",
        ["platform/terraform.tfstate"],
    ),
}


def check_state(c: Checker, a: Audit) -> None:
    s3, kms, ddb = a.client("s3"), a.client("kms"), a.client("dynamodb")
    names = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
    want = (
        ["acme-assets", "acme-infra", "acme-legacy-tfstate", "acme-startup-alb-logs", "acme-terraform-state"]
        if a.account == STARTUP
        else ["acme-audit-logs", "acme-platform", "acme-prod-tfstate"]
    )
    c.expect(names == want, f"{a.account} buckets {names}")
    for name in want:
        versioning, mfa, algorithm, cmk, pab, public, log_target, keys = BUCKETS[name]
        v = s3.get_bucket_versioning(Bucket=name)
        raw = a.raw["GetBucketVersioning"].decode()
        c.expect(
            "<VersioningConfiguration" in raw and "GetBucketVersioningResponse" not in raw,
            f"{name}: versioning answered under <VersioningConfiguration>: {raw[:120]}",
        )
        c.expect(v.get("Status") == versioning and v.get("MFADelete") == mfa, f"{name} versioning {v}")
        rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        default = rule["ApplyServerSideEncryptionByDefault"]
        c.expect(default["SSEAlgorithm"] == algorithm, f"{name} encryption {rule}")
        key = default.get("KMSMasterKeyID")
        manager = kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"] if key else None
        c.expect((manager == "CUSTOMER") is cmk, f"{name} KMS key {key} ({manager})")
        try:
            got = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
            got_pab = (
                got["BlockPublicAcls"],
                got["IgnorePublicAcls"],
                got["BlockPublicPolicy"],
                got["RestrictPublicBuckets"],
            )
        except s3.exceptions.ClientError as err:
            got_pab = None if err.response["Error"]["Code"] == "NoSuchPublicAccessBlockConfiguration" else err
        c.expect(got_pab == pab, f"{name} public access block {got_pab}")
        try:
            got_public = s3.get_bucket_policy_status(Bucket=name)["PolicyStatus"]["IsPublic"]
            raw = a.raw["GetBucketPolicyStatus"].decode()
            c.expect("<PolicyStatus" in raw, f"{name}: policy status answered under <PolicyStatus>")
        except s3.exceptions.ClientError as err:
            got_public = None if err.response["Error"]["Code"] == "NoSuchBucketPolicy" else err
        c.expect(got_public == public, f"{name} policy status IsPublic {got_public}")
        target = (s3.get_bucket_logging(Bucket=name).get("LoggingEnabled") or {}).get("TargetBucket")
        c.expect(target == log_target, f"{name} logging target {target}")
        got_keys = sorted(
            o["Key"]
            for o in s3.list_objects_v2(Bucket=name).get("Contents", [])
            if not re.match(r"(logs/|s3/)", o["Key"])
        )
        c.expect(got_keys == keys, f"{name} keys {got_keys}")
    if a.account == HARDENED:
        policy = json.loads(s3.get_bucket_policy(Bucket="acme-prod-tfstate")["Policy"])
        deny = [
            s
            for s in policy["Statement"]
            if s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        ]
        c.expect(len(deny) == 1, "acme-prod-tfstate denies aws:SecureTransport=false")
        s3.get_object(Bucket="acme-prod-tfstate", Key="global/terraform.tfstate")  # readable despite the deny
    s3c = a.client("s3control")
    try:
        got = s3c.get_public_access_block(AccountId=a.account)["PublicAccessBlockConfiguration"]
        account_pab = all(got.values()) and len(got) == 4
    except s3c.exceptions.ClientError as err:
        account_pab = None if err.response["Error"]["Code"] == "NoSuchPublicAccessBlockConfiguration" else err
    c.expect(account_pab == (None if a.account == STARTUP else True), f"{a.account} account public access block")

    tables = {}
    for t in ddb.list_tables()["TableNames"]:
        hash_key = ddb.describe_table(TableName=t)["Table"]["KeySchema"][0]["AttributeName"]
        pitr = ddb.describe_continuous_backups(TableName=t)["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"
        ]["PointInTimeRecoveryStatus"]
        tables[t] = (hash_key, pitr)
    want_tables = (
        {"terraform-locks": ("LockID", "DISABLED"), "sessions": ("id", "DISABLED")}
        if a.account == STARTUP
        else {"terraform-locks": ("LockID", "ENABLED")}
    )
    c.expect(tables == want_tables, f"{a.account} tables {tables}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args(argv)
    started = time.monotonic()
    checker = Checker()
    for account in (STARTUP, HARDENED):
        audit = Audit(args.endpoint.rstrip("/"), account)
        for check in (
            check_identity,
            check_network,
            check_load_balancers,
            check_identity_iam,
            check_secrets,
            check_state,
        ):
            try:
                check(checker, audit)
            except Exception as err:  # a crash is a failed check, and the others still run
                checker.expect(False, f"{account} {check.__name__} raised {type(err).__name__}: {err}")
    elapsed = time.monotonic() - started
    print(f"verify: {checker.passed} passed, {len(checker.failures)} failed ({elapsed:.1f}s)")
    sys.exit(1 if checker.failures else 0)


if __name__ == "__main__":
    main()
