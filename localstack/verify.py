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


def rules(permissions: list[dict], lists: dict[str, str] | None = None) -> set[tuple]:
    """(protocol, from, to, peer) of each peer; a prefix list by its name."""
    out = set()
    for p in permissions:
        port = (p.get("FromPort"), p.get("ToPort"))
        for r in p.get("IpRanges", []):
            out.add((p["IpProtocol"], *port, r["CidrIp"]))
        for r in p.get("Ipv6Ranges", []):
            out.add((p["IpProtocol"], *port, r["CidrIpv6"]))
        for r in p.get("UserIdGroupPairs", []):
            out.add((p["IpProtocol"], *port, r["GroupId"]))
        for r in p.get("PrefixListIds", []):
            out.add((p["IpProtocol"], *port, (lists or {}).get(r["PrefixListId"], r["PrefixListId"])))
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
    lists = {p["PrefixListId"]: p["PrefixListName"] for p in ec2.describe_managed_prefix_lists()["PrefixLists"]}
    owners = {p["PrefixListName"]: p["OwnerId"] for p in ec2.describe_managed_prefix_lists()["PrefixLists"]}
    s3_list, dynamodb_list = "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb"
    cloudfront_list = "com.amazonaws.global.cloudfront.origin-facing"
    for aws_list in (s3_list, dynamodb_list, cloudfront_list):
        c.expect(owners.get(aws_list) == "AWS", f"{a.account} AWS-managed prefix list {aws_list}: {owners.get(aws_list)}")

    def entries(name: str) -> set[str]:
        pl = next(i for i, n in lists.items() if n == name)
        return {e["Cidr"] for e in ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"]}

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
                {("tcp", 3000, 3000, ids["startup-tasks"]), ("tcp", 3000, 3000, ids["startup-worker"])},
            ),
            ("startup-worker", "startup-vpc"): (
                {("tcp", 3000, 3000, ids["startup-internal-alb"]), ("tcp", 3000, 3000, "10.0.0.0/16")},
                {("-1", None, None, any4)},
            ),
            ("startup-api-alb", "startup-vpc"): (
                {("tcp", 443, 443, any4)},
                {("tcp", 3000, 3000, ids["startup-tasks"])},
            ),
            ("ssh-halves", "startup-vpc"): ({("tcp", 22, 22, "0.0.0.0/1"), ("tcp", 22, 22, "128.0.0.0/1")}, set()),
            ("ssh-prefix-list", "startup-vpc"): (
                {("tcp", 22, 22, "startup-anywhere")},
                {("-1", None, None, "startup-anywhere")},
            ),
            # Protocol 47 without ports, on the wire as AWS describes it (the launcher's patch).
            ("gre-open", "startup-vpc"): ({("47", None, None, any4)}, set()),
            ("ssh-office-list", "startup-vpc"): ({("tcp", 22, 22, "startup-office")}, set()),
            ("cdn-origin", "startup-vpc"): (
                {("tcp", 8080, 8080, cloudfront_list)},
                {("-1", None, None, s3_list), ("-1", None, None, dynamodb_list)},
            ),
        }
        c.expect(entries("startup-anywhere") == {any4}, f"startup-anywhere entries {entries('startup-anywhere')}")
        c.expect(entries("startup-office") == {"10.20.0.0/16"}, f"startup-office entries {entries('startup-office')}")
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
                {("tcp", 443, 443, "10.0.0.0/16"), ("tcp", 5432, 5432, ids["prod-db"]), ("tcp", 443, 443, s3_list)},
            ),
            ("prod-db", "prod-vpc"): ({("tcp", 5432, 5432, ids["prod-tasks"])}, set()),
            ("prod-bastion", "prod-vpc"): ({("tcp", 22, 22, "prod-admin-vpn")}, {("tcp", 22, 22, "10.0.0.0/16")}),
        }
        c.expect(entries("prod-admin-vpn") == {"10.8.0.0/16"}, f"prod-admin-vpn entries {entries('prod-admin-vpn')}")
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
        got_in, got_out = rules(g["IpPermissions"], lists), rules(g["IpPermissionsEgress"], lists)
        c.expect(got_in == ingress, f"{key} ingress {got_in}")
        c.expect(got_out == egress, f"{key} egress {got_out}")
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
# HTTP listener rules other than the default one: load balancer: [(priority, action type)]
RULES = {
    "startup-web": [],
    "startup-api": [("10", "forward")],
    "prod-web": [("10", "redirect")],
}
# Every certificate of the 443 listener (DescribeListenerCertificates):
# load balancer: (count, of which IAM server certificates)
LISTENER_CERTIFICATES = {
    "startup-web": (1, 0),
    "startup-internal": (1, 0),
    "startup-api": (1, 0),
    "prod-web": (2, 0),
    "startup-tls-nlb": (2, 1),
    "prod-tls-nlb": (1, 0),
}
NLB = {
    # name: scheme, deletion protection, access logs, listeners {port: (protocol, policy)}
    "startup-tcp-nlb": ("internal", "true", "false", {5432: ("TCP", None)}),
    "startup-tls-nlb": ("internet-facing", "true", "false", {443: ("TLS", "ELBSecurityPolicy-TLS13-1-2-2021-06")}),
    "prod-tls-nlb": ("internet-facing", "true", "true", {443: ("TLS", "ELBSecurityPolicy-TLS13-1-3-2021-06")}),
}


def check_listener_details(c: Checker, elb, name: str, listeners: list[dict]) -> None:  # type: ignore[no-untyped-def]
    """Rules of the HTTP listener; every certificate of the 443 listener, of
    which DescribeListeners names the default one only (as AWS does)."""
    for listener in listeners:
        if listener["Protocol"] == "HTTP" and name in RULES:
            rules = elb.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
            got = [(r["Priority"], r["Actions"][0]["Type"]) for r in rules if not r["IsDefault"]]
            c.expect(got == RULES[name], f"{name} HTTP rules {got}")
            c.expect(sum(1 for r in rules if r["IsDefault"]) == 1, f"{name} lists its default rule")
        if listener["Port"] == 443 and name in LISTENER_CERTIFICATES:
            count, iam = LISTENER_CERTIFICATES[name]
            certs = elb.describe_listener_certificates(ListenerArn=listener["ListenerArn"])["Certificates"]
            arns = [x["CertificateArn"] for x in certs]
            c.expect(
                len(arns) == count
                and sum(1 for x in arns if ":iam:" in x) == iam
                and [x["IsDefault"] for x in certs] == [True] + [False] * (count - 1)
                and len(listener.get("Certificates", [])) == 1
                and listener["Certificates"][0]["CertificateArn"] == arns[0],
                f"{name} certificates {certs}, DescribeListeners {listener.get('Certificates')}",
            )


def check_load_balancers(c: Checker, a: Audit) -> None:
    elb, acm, waf = a.client("elbv2"), a.client("acm"), a.client("wafv2")
    every = {lb["LoadBalancerName"]: lb for lb in elb.describe_load_balancers()["LoadBalancers"]}
    want_nlb = ["startup-tcp-nlb", "startup-tls-nlb"] if a.account == STARTUP else ["prod-tls-nlb"]
    lbs = {name: lb for name, lb in every.items() if lb["Type"] == "application"}
    want = ["startup-api", "startup-internal", "startup-web"] if a.account == STARTUP else ["prod-web"]
    c.expect(sorted(lbs) == want, f"{a.account} load balancers {sorted(lbs)}")
    nlbs = {name: lb for name, lb in every.items() if lb["Type"] == "network"}
    c.expect(sorted(nlbs) == want_nlb, f"{a.account} network load balancers {sorted(nlbs)}")
    for name in want_nlb:
        lb = nlbs.get(name)
        if lb is None:
            continue
        scheme, deletion, logs, listeners = NLB[name]
        arn = lb["LoadBalancerArn"]
        c.expect(":loadbalancer/net/" in arn, f"{name} ARN {arn}")
        c.expect(lb["Scheme"] == scheme, f"{name} scheme {lb['Scheme']}")
        attrs = {x["Key"]: x["Value"] for x in elb.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]}
        c.expect(attrs.get("deletion_protection.enabled") == deletion, f"{name} deletion protection")
        c.expect(attrs.get("access_logs.s3.enabled") == logs, f"{name} access logs")
        found = elb.describe_listeners(LoadBalancerArn=arn)["Listeners"]
        got = {x["Port"]: (x["Protocol"], x.get("SslPolicy")) for x in found}
        c.expect(got == listeners, f"{name} listeners {got}")
        c.expect(all(":listener/net/" in x["ListenerArn"] for x in found), f"{name} listener ARNs")
        check_listener_details(c, elb, name, found)
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
        check_listener_details(c, elb, name, found)
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
    # /_fixture/iam/login-profile: password_last_used (days ago) of each user.
    signed_in = {"deploy": 120, "alice": 3} if startup else {"alice": 3}
    for row in report[1:]:
        want = signed_in.get(row["user"])
        if want is None:
            continue
        days = age_days(datetime.fromisoformat(row["password_last_used"]))
        c.expect(want - 1 <= days <= want + 1, f"{row['user']} password_last_used {row['password_last_used']}")

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
            "startup-worker-execution": 3600,
        }
        if startup
        else {
            "posture-audit": 3600,
            "ops-admin": 3600,
            "prod-ecs-task-execution": 3600,
            "prod-ecs-task": 3600,
            "prod-secret-rotation-role": 3600,
            "prod-cloudtrail-logs": 3600,
        }
    )
    c.expect({n: r["MaxSessionDuration"] for n, r in roles.items()} == want_roles, f"{a.account} roles {sorted(roles)}")
    attached = [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName="posture-audit")["AttachedPolicies"]]
    c.expect(attached == ["SecurityAudit"], f"posture-audit policies {attached}")

    local = {p["PolicyName"]: p for p in iam.list_policies(Scope="Local")["Policies"]}
    want_local = (
        {
            "startup-admin-access",
            "startup-all-but-billing",
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
        [
            "AdministratorAccess",
            "AmazonECSTaskExecutionRolePolicy",
            "AmazonS3ReadOnlyAccess",
            "PowerUserAccess",
            "SecurityAudit",
        ]
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
    # Service-owned (EventBridge): OwningService is checked below.
    "events!connection/startup-stripe/6b2f0d1e-8a4c-4f3b-9e7d-2c5a1f0b3d48": (False, None, (199, 201), None, (119, 121)),
    "prod/db-password": (True, True, (119, 121), (4, 6), (0, 1)),
    "prod/api-keys": (True, True, (119, 121), (4, 6), (0, 1)),
}


def within(value, bounds) -> bool:  # type: ignore[no-untyped-def]
    if bounds is None:
        return value is None
    return value is not None and bounds[0] <= age_days(value) <= bounds[1]


def check_secrets(c: Checker, a: Audit) -> None:
    sm, kms = a.client("secretsmanager"), a.client("kms")
    listed = sm.list_secrets()["SecretList"]
    names = [s["Name"] for s in listed]
    want = [n for n in SECRETS if n.startswith(("startup/", "events!") if a.account == STARTUP else "prod/")]
    c.expect(sorted(names) == sorted(want), f"{a.account} secrets {names}")
    owners = {s["Name"]: s.get("OwningService") for s in listed}
    want_owners = {n: ("events" if n.startswith("events!") else None) for n in want}
    c.expect(owners == want_owners, f"{a.account} secrets' OwningService {owners}")
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
    "acme-startup-alb-logs": (None, None, "AES256", False, None, False, None, []),  # CloudTrail may write
    "acme-terraform-state": ("Enabled", None, "AES256", False, (True, True, False, False), None, None, []),
    "acme-legacy-tfstate": (None, None, "AES256", False, None, None, None, []),
    "acme-eu-tfstate": (None, None, "AES256", False, None, None, None, []),  # in eu-west-1
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
        [
            "acme-assets",
            "acme-eu-tfstate",
            "acme-infra",
            "acme-legacy-tfstate",
            "acme-startup-alb-logs",
            "acme-terraform-state",
        ]
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

    # Paginated ListBuckets (MaxBuckets) answers ContinuationToken and BucketRegion, as S3 does.
    pages = list(s3.get_paginator("list_buckets").paginate(PaginationConfig={"PageSize": 1}))
    paged = [(b["Name"], b.get("BucketRegion")) for p in pages for b in p["Buckets"]]
    c.expect([n for n, _ in paged] == want, f"{a.account} buckets page by page {paged}")
    c.expect(all(r for _, r in paged), f"{a.account} ListBuckets gives BucketRegion {paged}")
    if a.account == STARTUP:
        location = s3.get_bucket_location(Bucket="acme-eu-tfstate")["LocationConstraint"]
        c.expect(location == "eu-west-1", f"acme-eu-tfstate in {location}")
        eu = a.session.client("dynamodb", endpoint_url=a.endpoint, region_name="eu-west-1")
        eu_tables = {}
        for t in eu.list_tables()["TableNames"]:
            hash_key = eu.describe_table(TableName=t)["Table"]["KeySchema"][0]["AttributeName"]
            pitr = eu.describe_continuous_backups(TableName=t)["ContinuousBackupsDescription"][
                "PointInTimeRecoveryDescription"
            ]["PointInTimeRecoveryStatus"]
            eu_tables[t] = (hash_key, pitr)
        want_eu = {"terraform-locks-eu": ("LockID", "ENABLED")}
        c.expect(eu_tables == want_eu, f"{a.account} eu-west-1 tables {eu_tables}")


# ---------------------------------------------------------------------------
# The JSON protocols (ECS, ECR, CloudTrail, CloudWatch Logs, GuardDuty): the
# Rust SDK rejects a value of the wrong JSON type where boto3 shrugs (a
# timestamp as a string instead of epoch seconds, a number as a string).
# Every raw answer below is walked against the operation's output shape.
def wire_types(c: Checker, a: Audit, service: str, operation: str) -> None:
    model = a.client(service).meta.service_model
    protocol = model.metadata["protocol"]
    shape = model.operation_model(operation).output_shape
    problems: list[str] = []

    def walk(shape, value, path: str) -> None:  # type: ignore[no-untyped-def]
        if value is None:
            return
        kind = shape.type_name
        if kind == "structure":
            if not isinstance(value, dict):
                problems.append(f"{path}: {type(value).__name__}, not an object")
                return
            for name, member in shape.members.items():
                if member.serialization.get("location"):  # headers, status code: not in the body
                    continue
                key = member.serialization.get("name", name)
                if key in value:
                    walk(member, value[key], f"{path}.{key}")
        elif kind == "list":
            if not isinstance(value, list):
                problems.append(f"{path}: {type(value).__name__}, not a list")
                return
            for i, item in enumerate(value):
                walk(shape.member, item, f"{path}[{i}]")
        elif kind == "map":
            if not isinstance(value, dict):
                problems.append(f"{path}: {type(value).__name__}, not a map")
                return
            for k, item in value.items():
                walk(shape.value, item, f"{path}.{k}")
        elif kind in ("string", "blob"):
            if not isinstance(value, str):
                problems.append(f"{path}: {value!r} is not a string")
        elif kind == "boolean":
            if not isinstance(value, bool):
                problems.append(f"{path}: {value!r} is not a boolean")
        elif kind in ("integer", "long", "float", "double"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"{path}: {value!r} is not a number")
        elif kind == "timestamp":
            iso = shape.serialization.get("timestampFormat") == "iso8601"
            if iso != isinstance(value, str) or isinstance(value, bool):
                problems.append(f"{path}: {value!r} is not {'an ISO 8601 string' if iso else 'epoch seconds'}")

    walk(shape, json.loads(a.raw[operation] or b"{}"), operation)
    c.expect(not problems, f"{a.account} {operation} ({protocol}) types on the wire: {problems[:5]}")


def route_tables_by_subnet(a: Audit) -> dict[str, dict]:
    """Each subnet's route table: its explicit association, else its VPC's main table."""
    tables = a.client("ec2").describe_route_tables()["RouteTables"]
    out: dict[str, dict] = {}
    for t in tables:
        for assoc in t.get("Associations", []):
            if assoc.get("SubnetId"):
                out[assoc["SubnetId"]] = t
    for subnet in a.client("ec2").describe_subnets()["Subnets"]:
        if subnet["SubnetId"] not in out:
            out[subnet["SubnetId"]] = next(
                t
                for t in tables
                if t["VpcId"] == subnet["VpcId"] and any(x.get("Main") for x in t.get("Associations", []))
            )
    return out


def routes_to_internet(table: dict) -> bool:
    return any(
        r.get("DestinationCidrBlock") == "0.0.0.0/0" and str(r.get("GatewayId", "")).startswith("igw-")
        for r in table["Routes"]
    )


CLUSTERS = {  # name: (containerInsights, services)
    "startup-cluster": ("disabled", ["startup-api", "startup-web", "startup-worker"]),
    "startup-jobs": ("enabled", []),
    "prod-cluster": ("enhanced", ["prod-web"]),
}
STARTUP_PUBLIC = ["startup-public-a", "startup-public-b"]
STARTUP_PRIVATE = ["startup-private-a", "startup-private-b"]
SERVICES = {
    # name: (task definition, subnets, security groups, assignPublicIp, target group, subnets route to an IGW)
    "startup-web": ("startup-web:1", STARTUP_PUBLIC, ["startup-tasks"], "ENABLED", "startup-web-tg", True),
    "startup-worker": (
        "startup-worker:1",
        STARTUP_PRIVATE,
        ["startup-worker"],
        "DISABLED",
        "startup-internal-tg",
        False,
    ),
    "startup-api": ("startup-api:1", STARTUP_PRIVATE, ["startup-tasks"], "DISABLED", "startup-api-tg", False),
    "prod-web": ("prod-app:1", ["prod-private-a", "prod-private-b"], ["prod-tasks"], "DISABLED", "prod-web-tg", False),
}
REGISTRY = "{account}.dkr.ecr.us-east-1.amazonaws.com"
TASKS = {
    # family:revision: (execution role, task role (`name:` when given by name, not ARN),
    #   {container: (image, user, essential, health check, environment names, {secret name: Secrets Manager secret})})
    "startup-web:1": (
        "startup-ecs-task-execution",
        "name:startup-ecs-task-execution",
        {
            "web": (
                f"{REGISTRY}/startup-app:latest",
                None,
                True,
                False,
                ["DB_PASSWORD", "LOG_LEVEL", "NODE_ENV", "STRIPE_API_KEY"],
                {},
            ),
            "proxy": ("nginx", "root", False, False, [], {}),
        },
    ),
    "startup-worker:1": (
        "startup-worker-execution",
        "startup-ecs-task",
        {
            "worker": (
                f"{REGISTRY}/startup-worker:1.4.2",
                "1000",
                True,
                True,
                ["LOG_LEVEL", "NODE_ENV"],
                {"DB_PASSWORD": "startup/db-password"},
            )
        },
    ),
    "startup-api:1": (
        "startup-ecs-task-execution",
        "startup-ecs-task",
        {
            "api": (
                f"{REGISTRY}/startup-app@sha256:{'4f' * 32}",
                "1000:1000",
                True,
                True,
                ["NODE_ENV"],
                {"STRIPE_API_KEY": "startup/api-keys"},
            ),
            "log-router": ("public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4", "1000", False, False, [], {}),
        },
    ),
    "prod-app:1": (
        "prod-ecs-task-execution",
        "prod-ecs-task",
        {
            "app": (
                f"{REGISTRY}/prod-app:2.3.1",
                "1000",
                True,
                True,
                ["LOG_LEVEL", "NODE_ENV"],
                {"DB_PASSWORD": "prod/db-password", "STRIPE_API_KEY": "prod/api-keys"},
            )
        },
    ),
}
EXECUTION_ROLE_POLICIES = {  # (attached, inline) policies of the execution roles
    "startup-ecs-task-execution": (["AmazonECSTaskExecutionRolePolicy", "startup-ecs-logs"], []),
    "startup-worker-execution": (["AmazonECSTaskExecutionRolePolicy", "AmazonS3ReadOnlyAccess"], []),
    "prod-ecs-task-execution": (["AmazonECSTaskExecutionRolePolicy"], ["read-app-secrets"]),
}


def check_containers(c: Checker, a: Audit) -> None:
    """ECS clusters, services and the task definitions they run, read as posture does."""
    ecs, ec2, elb, iam, sm = (a.client(x) for x in ("ecs", "ec2", "elbv2", "iam", "secretsmanager"))
    startup = a.account == STARTUP
    subnet_names = {s["SubnetId"]: name_tag(s) for s in ec2.describe_subnets()["Subnets"]}
    group_names = {g["GroupId"]: g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]}
    tg_names = {t["TargetGroupArn"]: t["TargetGroupName"] for t in elb.describe_target_groups()["TargetGroups"]}
    tables = route_tables_by_subnet(a)
    secret_arns = {x["Name"]: x["ARN"] for x in sm.list_secrets()["SecretList"]}

    arns = ecs.list_clusters()["clusterArns"]
    wire_types(c, a, "ecs", "ListClusters")
    clusters = ecs.describe_clusters(clusters=arns, include=["SETTINGS"])["clusters"]
    wire_types(c, a, "ecs", "DescribeClusters")
    want = {n for n in CLUSTERS if n.startswith("startup-" if startup else "prod-")}
    names = sorted(x["clusterName"] for x in clusters)
    c.expect(set(names) == want, f"{a.account} clusters {names}")
    task_arns = set()
    for cluster in clusters:
        name = cluster["clusterName"]
        if name not in want:
            continue
        insights, services = CLUSTERS[name]
        settings = {x["name"]: x["value"] for x in cluster.get("settings", [])}
        c.expect(settings.get("containerInsights") == insights, f"{name} containerInsights {settings}")
        service_arns = ecs.list_services(cluster=cluster["clusterArn"])["serviceArns"]
        wire_types(c, a, "ecs", "ListServices")
        got = (
            ecs.describe_services(cluster=cluster["clusterArn"], services=service_arns)["services"]
            if service_arns
            else []
        )
        if service_arns:
            wire_types(c, a, "ecs", "DescribeServices")
        got_names = sorted(x["serviceName"] for x in got)
        c.expect(got_names == services, f"{name} services {got_names}")
        for service in got:
            sname = service["serviceName"]
            if sname not in SERVICES:
                continue
            family_rev, subnets, groups, public_ip, tg, routed = SERVICES[sname]
            vpc_config = service.get("networkConfiguration", {}).get("awsvpcConfiguration", {})
            task_arns.add(service["taskDefinition"])
            c.expect(
                service["taskDefinition"].endswith(f":task-definition/{family_rev}")
                and service.get("launchType") == "FARGATE",
                f"{sname} runs {service['taskDefinition']} on {service.get('launchType')}",
            )
            c.expect(
                sorted(subnet_names.get(x) for x in vpc_config.get("subnets", [])) == subnets
                and sorted(group_names.get(x) for x in vpc_config.get("securityGroups", [])) == groups
                and vpc_config.get("assignPublicIp") == public_ip,
                f"{sname} awsvpcConfiguration {vpc_config}",
            )
            c.expect(
                all(routes_to_internet(tables[x]) is routed for x in vpc_config.get("subnets", [])),
                f"{sname}: its subnets route 0.0.0.0/0 to an internet gateway: {routed}",
            )
            c.expect(
                [tg_names.get(x.get("targetGroupArn")) for x in service.get("loadBalancers", [])] == [tg],
                f"{sname} load balancers {service.get('loadBalancers')}",
            )

    want_tasks = {k for k, v in TASKS.items() if k.startswith("startup-" if startup else "prod-")}
    got_tasks = {arn.rsplit("/", 1)[1] for arn in task_arns}
    c.expect(got_tasks == want_tasks, f"{a.account} task definitions run by services {sorted(got_tasks)}")
    for arn in sorted(task_arns):
        td = ecs.describe_task_definition(taskDefinition=arn)["taskDefinition"]
        wire_types(c, a, "ecs", "DescribeTaskDefinition")
        label = f"{td['family']}:{td['revision']}"
        if label not in TASKS:
            continue
        execution, task_role, containers = TASKS[label]
        want_task_role = (
            task_role.removeprefix("name:")
            if task_role.startswith("name:")
            else f"arn:aws:iam::{a.account}:role/{task_role}"
        )
        c.expect(
            td.get("executionRoleArn") == f"arn:aws:iam::{a.account}:role/{execution}"
            and td.get("taskRoleArn") == want_task_role,
            f"{label} roles {td.get('executionRoleArn')} {td.get('taskRoleArn')}",
        )
        got_containers = {x["name"]: x for x in td["containerDefinitions"]}
        c.expect(sorted(got_containers) == sorted(containers), f"{label} containers {sorted(got_containers)}")
        for cname, (image, user, essential, health, env, secrets) in containers.items():
            x = got_containers.get(cname)
            if x is None:
                continue
            c.expect(x["image"] == image.format(account=a.account), f"{label} {cname} image {x['image']}")
            c.expect(x.get("user") == user, f"{label} {cname} user {x.get('user')!r}")
            c.expect(x.get("essential") is essential, f"{label} {cname} essential {x.get('essential')}")
            check = x.get("healthCheck")
            c.expect(bool((check or {}).get("command")) is health, f"{label} {cname} healthCheck {check}")
            c.expect(sorted(e["name"] for e in x.get("environment", [])) == env, f"{label} {cname} environment")
            got_secrets = {e["name"]: e["valueFrom"] for e in x.get("secrets", [])}
            c.expect(
                sorted(got_secrets) == sorted(secrets)
                and all(got_secrets[k].startswith(f"{secret_arns.get(v)}:") for k, v in secrets.items()),
                f"{label} {cname} secrets {got_secrets}",
            )
    for role, (want_policies, want_inline) in EXECUTION_ROLE_POLICIES.items():
        if not role.startswith("startup-" if startup else "prod-"):
            continue
        attached = sorted(p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"])
        inline = iam.list_role_policies(RoleName=role)["PolicyNames"]
        c.expect(attached == want_policies and inline == want_inline, f"{role} policies {attached} inline {inline}")


REPOSITORIES = {  # name: (scanOnPush, encryptionType, key manager of the KMS key)
    "startup-app": (False, "AES256", None),
    "startup-worker": (True, "KMS", "CUSTOMER"),
    "startup-jobs": (False, "KMS", "AWS"),
    "prod-app": (False, "KMS", "CUSTOMER"),
}
REGISTRY_SCANNING = {  # account: (scanType, [(frequency, filters)])
    STARTUP: ("ENHANCED", [("CONTINUOUS_SCAN", ["jobs"])]),
    HARDENED: ("ENHANCED", [("SCAN_ON_PUSH", ["prod-*"])]),
}


def check_repositories(c: Checker, a: Audit) -> None:
    ecr, kms = a.client("ecr"), a.client("kms")
    repos = {r["repositoryName"]: r for r in ecr.describe_repositories()["repositories"]}
    wire_types(c, a, "ecr", "DescribeRepositories")
    want = {n for n in REPOSITORIES if n.startswith("startup-" if a.account == STARTUP else "prod-")}
    c.expect(set(repos) == want, f"{a.account} repositories {sorted(repos)}")
    for name in sorted(want & set(repos)):
        scan, kind, manager = REPOSITORIES[name]
        r = repos[name]
        encryption = r.get("encryptionConfiguration", {})
        c.expect(r["imageScanningConfiguration"]["scanOnPush"] is scan, f"{name} scanOnPush")
        c.expect(encryption.get("encryptionType") == kind, f"{name} encryption {encryption}")
        key = encryption.get("kmsKey")
        got = None
        if key:  # the patched launcher: a key KMS knows (aws/ecr when none was named)
            try:
                got = kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"]
            except kms.exceptions.NotFoundException:
                got = "missing"
        c.expect(got == manager, f"{name} KMS key {key} ({got})")
    config = ecr.get_registry_scanning_configuration()["scanningConfiguration"]
    wire_types(c, a, "ecr", "GetRegistryScanningConfiguration")
    rules = [(r["scanFrequency"], [f["filter"] for f in r["repositoryFilters"]]) for r in config.get("rules", [])]
    c.expect((config.get("scanType"), rules) == REGISTRY_SCANNING[a.account], f"{a.account} registry scanning {config}")


TRAILS = {  # name: (multi-region, logging, management events the selectors record, log file validation, CloudWatch Logs group)
    "startup-trail": (False, True, "read+write", False, None),
    "startup-all-regions": (True, False, "read+write", False, None),
    "startup-writes": (True, True, "write", True, None),
    "startup-data-events": (True, True, "none", False, None),
    "prod-trail": (True, True, "read+write", True, "CloudTrail"),
}
EVENT_RULES = {  # account: {rule: (pattern's lowest severity, target ARN suffixes)}
    "startup": {"startup-guardduty-high": (7, []), "startup-guardduty-severe": (8, [":sns:us-east-1:111111111111:startup-alerts"])},
    "hardened": {"prod-guardduty-findings": (7, [":sns:us-east-1:222222222222:prod-security-alerts"])},
}


def management_events(selectors: dict) -> str:
    """What GetEventSelectors' answer records of management events (the
    shapes the seed writes: basic ReadWriteType, or advanced eventCategory)."""
    kinds = set()
    for s in selectors.get("EventSelectors") or []:
        if s.get("IncludeManagementEvents", True):
            kinds |= {"All": {"read", "write"}, "ReadOnly": {"read"}, "WriteOnly": {"write"}}[s.get("ReadWriteType", "All")]
    for s in selectors.get("AdvancedEventSelectors") or []:
        fields = {f["Field"]: f.get("Equals", []) for f in s["FieldSelectors"]}
        if "Management" in fields.get("eventCategory", []) and "readOnly" not in fields:
            kinds |= {"read", "write"}
    return {frozenset({"read", "write"}): "read+write", frozenset({"write"}): "write"}.get(frozenset(kinds), "none")
LOG_GROUPS = {  # name: key manager of kmsKeyId (None: CloudWatch's own key)
    "/ecs/startup-app": None,
    "/ecs/startup-worker": "CUSTOMER",
    "/ecs/prod-app": "CUSTOMER",
    "CloudTrail": "CUSTOMER",  # hardened's trail delivers here
}
DATABASES = {  # identifier: (kind, engine, StorageEncrypted, key manager of KmsKeyId, cluster)
    "startup-db": ("instance", "postgres", False, None, None),
    "startup-analytics": ("cluster", "aurora-postgresql", True, "AWS", None),
    "startup-analytics-1": ("instance", "aurora-postgresql", True, "AWS", "startup-analytics"),
    "prod-db": ("instance", "postgres", True, "CUSTOMER", None),
}


def key_manager(kms, key: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if not key:
        return None
    try:
        return kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"]
    except kms.exceptions.NotFoundException:
        return "missing"


def check_monitoring(c: Checker, a: Audit) -> None:
    ct, gd, logs, rds, kms = (a.client(x) for x in ("cloudtrail", "guardduty", "logs", "rds", "kms"))
    startup = a.account == STARTUP
    prefix = "startup-" if startup else "prod-"

    trails = ct.describe_trails(includeShadowTrails=True)["trailList"]
    wire_types(c, a, "cloudtrail", "DescribeTrails")
    want = {n for n in TRAILS if n.startswith(prefix)}
    c.expect({t["Name"] for t in trails} == want, f"{a.account} trails {[t['Name'] for t in trails]}")
    for t in trails:
        if t["Name"] not in want:
            continue
        multi, logging, management, validation, group = TRAILS[t["Name"]]
        group_arn = t.get("CloudWatchLogsLogGroupArn")
        c.expect(
            t["LogFileValidationEnabled"] is validation
            and (group_arn or None) == (group and f"arn:aws:logs:{REGION}:{a.account}:log-group:{group}:*")
            and bool(t.get("CloudWatchLogsRoleArn")) == bool(group),
            f"{t['Name']} log file validation {t['LogFileValidationEnabled']} CloudWatch Logs {group_arn}",
        )
        status = ct.get_trail_status(Name=t["TrailARN"])  # by ARN, as posture asks
        wire_types(c, a, "cloudtrail", "GetTrailStatus")
        # The patched launcher: a trail without selectors reports AWS's default one.
        selectors = ct.get_event_selectors(TrailName=t["TrailARN"])
        wire_types(c, a, "cloudtrail", "GetEventSelectors")
        got = management_events(selectors)
        c.expect(
            t["IsMultiRegionTrail"] is multi
            and status["IsLogging"] is logging
            and t.get("HomeRegion") == REGION
            and t.get("IsOrganizationTrail") is False
            and got == management,
            f"{t['Name']} multi-region {t['IsMultiRegionTrail']} logging {status['IsLogging']} management {got}",
        )

    detectors = gd.list_detectors()["DetectorIds"]
    wire_types(c, a, "guardduty", "ListDetectors")
    states = []
    for d in detectors:
        states.append(gd.get_detector(DetectorId=d)["Status"])
        wire_types(c, a, "guardduty", "GetDetector")
    c.expect(states == (["DISABLED"] if startup else ["ENABLED"]), f"{a.account} GuardDuty detectors {states}")

    events = a.client("events")
    rules = {}
    for r in events.list_rules()["Rules"]:
        pattern = json.loads(r["EventPattern"])
        lowest = pattern["detail"]["severity"][0]["numeric"][1]
        targets = [t["Arn"] for t in events.list_targets_by_rule(Rule=r["Name"])["Targets"]]
        rules[r["Name"]] = (lowest, targets, r["State"])
    want_rules = EVENT_RULES["startup" if startup else "hardened"]
    c.expect(
        set(rules) == set(want_rules)
        and all(
            rules[n][0] == low and rules[n][2] == "ENABLED" and len(rules[n][1]) == len(ends)
            and all(t.endswith(e) for t, e in zip(rules[n][1], ends))
            for n, (low, ends) in want_rules.items()
        ),
        f"{a.account} EventBridge rules {rules}",
    )

    groups = {g["logGroupName"]: g for g in logs.describe_log_groups()["logGroups"]}
    wire_types(c, a, "logs", "DescribeLogGroups")
    want = {n for n in LOG_GROUPS if n.startswith(f"/ecs/{prefix}") or (n == "CloudTrail" and not startup)}
    c.expect(set(groups) == want, f"{a.account} log groups {sorted(groups)}")
    for name in sorted(want & set(groups)):
        got = key_manager(kms, groups[name].get("kmsKeyId"))
        c.expect(got == LOG_GROUPS[name], f"{name} kmsKeyId {groups[name].get('kmsKeyId')} ({got})")

    found = {}
    for i in rds.describe_db_instances()["DBInstances"]:
        found[i["DBInstanceIdentifier"]] = (
            "instance",
            i["Engine"],
            i.get("StorageEncrypted"),
            key_manager(kms, i.get("KmsKeyId")),
            i.get("DBClusterIdentifier"),
        )
    for x in rds.describe_db_clusters()["DBClusters"]:
        found[x["DBClusterIdentifier"]] = (
            "cluster",
            x["Engine"],
            x.get("StorageEncrypted"),
            key_manager(kms, x.get("KmsKeyId")),
            None,
        )
    want_dbs = {k: v for k, v in DATABASES.items() if k.startswith(prefix)}
    c.expect(found == want_dbs, f"{a.account} databases {found}")
    check_rds_exposure(c, a, rds, prefix)


# identifier: (PubliclyAccessible, subnet group, backup retention, parameter group, its rds.force_ssl)
DATABASE_EXPOSURE = {
    "startup-db": (True, "startup-public-db-subnets", 1, "startup-postgres16", "0"),
    "startup-analytics-1": (False, "startup-db-subnets", 1, None, None),
    "prod-db": (False, "prod-db-subnets", 7, "prod-postgres16-tls", "1"),
}
CLUSTER_PARAMETERS = {"startup-analytics": ("startup-analytics-tls", "1")}
# snapshot: (encrypted, restore)
SNAPSHOTS = {
    "startup-db-before-launch": (False, ["all"]),
    "prod-db-release-1": (True, []),
}
CLUSTER_SNAPSHOTS = {"startup-analytics-export": (True, [HARDENED])}


def force_ssl(parameters: list[dict]) -> str | None:
    return next((p.get("ParameterValue") for p in parameters if p["ParameterName"] == "rds.force_ssl"), None)


def check_rds_exposure(c: Checker, a: Audit, rds, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """What the RDS checks read: public access, the subnet group (a cluster
    member's too, patched), retention, the TLS parameter, manual snapshots."""
    for i in rds.describe_db_instances()["DBInstances"]:
        name = i["DBInstanceIdentifier"]
        public, group, days, pg, ssl = DATABASE_EXPOSURE[name]
        subnets = [s["SubnetIdentifier"] for s in i.get("DBSubnetGroup", {}).get("Subnets", [])]
        got_pg = i["DBParameterGroups"][0]["DBParameterGroupName"] if pg else None
        got_ssl = force_ssl(rds.describe_db_parameters(DBParameterGroupName=pg)["Parameters"]) if pg else None
        c.expect(
            (i.get("PubliclyAccessible"), i.get("DBSubnetGroup", {}).get("DBSubnetGroupName"), i["BackupRetentionPeriod"])
            == (public, group, days)
            and len(subnets) == 2
            and (got_pg, got_ssl) == (pg, ssl),
            f"{name} public {i.get('PubliclyAccessible')} subnets {subnets} retention {i['BackupRetentionPeriod']} "
            f"parameters {got_pg} rds.force_ssl {got_ssl}",
        )
    for x in rds.describe_db_clusters()["DBClusters"]:
        name = x["DBClusterIdentifier"]
        group, ssl = CLUSTER_PARAMETERS[name]
        got = force_ssl(rds.describe_db_cluster_parameters(DBClusterParameterGroupName=group)["Parameters"])
        c.expect(
            (x.get("DBClusterParameterGroup"), got) == (group, ssl),
            f"{name} cluster parameters {x.get('DBClusterParameterGroup')} rds.force_ssl {got}",
        )

    def restore(attributes: list[dict]) -> list[str]:
        return [v for at in attributes if at["AttributeName"] == "restore" for v in at.get("AttributeValues", [])]

    found = {}
    for s in rds.describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]:
        result = rds.describe_db_snapshot_attributes(DBSnapshotIdentifier=s["DBSnapshotIdentifier"])
        found[s["DBSnapshotIdentifier"]] = (
            s.get("Encrypted"),
            restore(result["DBSnapshotAttributesResult"]["DBSnapshotAttributes"]),
        )
    want = {k: v for k, v in SNAPSHOTS.items() if k.startswith(prefix)}
    c.expect(found == want, f"{a.account} DB snapshots {found}")
    found = {}
    for s in rds.describe_db_cluster_snapshots(SnapshotType="manual")["DBClusterSnapshots"]:
        result = rds.describe_db_cluster_snapshot_attributes(DBClusterSnapshotIdentifier=s["DBClusterSnapshotIdentifier"])
        found[s["DBClusterSnapshotIdentifier"]] = (
            s.get("StorageEncrypted"),
            restore(result["DBClusterSnapshotAttributesResult"]["DBClusterSnapshotAttributes"]),
        )
    want = {k: v for k, v in CLUSTER_SNAPSHOTS.items() if k.startswith(prefix)}
    c.expect(found == want, f"{a.account} DB cluster snapshots {found}")


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
            check_containers,
            check_repositories,
            check_monitoring,
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
