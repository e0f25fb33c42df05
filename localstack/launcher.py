#!/usr/bin/env python3
"""Serve moto on a loopback port, patched to answer like real AWS.

posture's tests talk to this server through the real AWS SDK. Where moto
(5.2.5) answers differently from AWS in a way that breaks the SDK or would
mislead a check, the difference is corrected here, one small patch each,
before the server starts. README.md lists every patch: what moto says, what
AWS says, and the fix.

The same server also answers `/_fixture/...`: state that real accounts have
but that no AWS API can create (a root user's MFA, an access key made 200 days
ago). Those endpoints change moto's in-memory models directly.

    python launcher.py [--host 127.0.0.1] [--port 0] [--port-file FILE]

`--port 0` binds a free port; the chosen one is written to --port-file
(and printed to stderr) once the server accepts connections.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote
from xml.sax.saxutils import escape

# Settings moto reads when it is imported or when a backend is created.
# Requested ACM certificates are ISSUED at once instead of after 60 s: DNS
# validation can never happen in the emulator, and the fixtures need an
# issued Amazon certificate.
os.environ.setdefault("MOTO_ACM_VALIDATION_WAIT", "0")
# The AWS managed policies (SecurityAudit for the posture-audit role,
# AmazonECSTaskExecutionRolePolicy, ...) exist in every real account.
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
# The account always comes from the request (x-moto-account-id header or the
# access key of AssumeRole credentials), never from the environment.
os.environ.pop("MOTO_ACCOUNT_ID", None)

from moto.core.models import default_user_config  # noqa: E402

# Lambda functions exist only as rotation targets of secrets; invoking them
# must not need Docker (moto's simple Lambda backend answers instead).
default_user_config["lambda"]["use_docker"] = False
default_user_config["iam"]["load_aws_managed_policies"] = True

from werkzeug.exceptions import HTTPException  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402
from werkzeug.wrappers import Request, Response  # noqa: E402

from moto.moto_server.werkzeug_app import (  # noqa: E402
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


# ---------------------------------------------------------------------------
# S3
# ---------------------------------------------------------------------------
def patch_s3() -> None:
    from moto.s3.models import S3Backend
    from moto.s3.responses import S3Response

    # GetBucketVersioning: moto serialises the answer under the root element
    # <GetBucketVersioningResponse>; S3 answers <VersioningConfiguration>, and
    # the Rust SDK rejects any other root. moto also drops MfaDelete.
    def get_bucket_versioning(self):  # type: ignore[no-untyped-def]
        bucket = self.backend.get_bucket(self.bucket_name)
        inner = ""
        if bucket.versioning_status:
            inner += f"<Status>{bucket.versioning_status}</Status>"
        mfa_delete = getattr(bucket, "posture_mfa_delete", None)
        if mfa_delete:
            inner += f"<MfaDelete>{mfa_delete}</MfaDelete>"
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<VersioningConfiguration xmlns="{S3_XMLNS}">{inner}</VersioningConfiguration>'
        )
        return 200, {"Content-Type": "application/xml"}, body

    S3Response.get_bucket_versioning = get_bucket_versioning

    # PutBucketVersioning: moto keeps only <Status>; keep <MfaDelete> too so
    # GetBucketVersioning can report it (real S3 demands the root user's MFA
    # token for this change; the emulator accepts any x-amz-mfa header).
    original_put = S3Response._bucket_response_put

    def bucket_response_put(self, request, bucket_name, querystring):  # type: ignore[no-untyped-def]
        result = original_put(self, request, bucket_name, querystring)
        if "versioning" in querystring:
            body = self.body.decode("utf-8") if isinstance(self.body, bytes) else str(self.body)
            match = re.search(r"<(?:MfaDelete|MFADelete)>\s*(\w+)\s*</", body)
            if match:
                self.backend.get_bucket(bucket_name).posture_mfa_delete = match.group(1)
        return result

    S3Response._bucket_response_put = bucket_response_put

    # GetBucketEncryption: moto says ServerSideEncryptionConfigurationNotFound
    # for a bucket nobody configured; since January 2023 S3 encrypts every
    # bucket with SSE-S3 and reports exactly that.
    original_get_encryption = S3Backend.get_bucket_encryption

    def get_bucket_encryption(self, bucket_name):  # type: ignore[no-untyped-def]
        configured = original_get_encryption(self, bucket_name)
        if configured:
            return configured
        return {
            "Rule": {
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                "BucketKeyEnabled": "false",
            }
        }

    S3Backend.get_bucket_encryption = get_bucket_encryption

    # Bucket policies on object requests (PutObject, GetObject): moto
    # evaluates only StringEquals conditions and ignores the rest, so the
    # guide's "Deny s3:* when aws:SecureTransport is false" denies every
    # object request (403), and a statement whose Condition does not hold
    # counts as an explicit Deny whatever its Effect. On AWS the SDK talks
    # TLS (aws:SecureTransport is true), and a statement whose Condition does
    # not hold does not apply. Evaluate aws:SecureTransport as true, and let
    # an unmet Condition make the statement not apply.
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult

    original_conditions = IAMPolicyStatement._check_conditions
    original_permitted = IAMPolicyStatement.is_action_permitted

    def check_conditions(self, incoming_condition_values):  # type: ignore[no-untyped-def]
        for operator, pairs in (self._statement.get("Condition") or {}).items():
            if operator not in ("Bool", "BoolIfExists") or not isinstance(pairs, dict):
                continue
            for key, expected in pairs.items():
                if key.lower() == "aws:securetransport":
                    values = expected if isinstance(expected, list) else [expected]
                    if "true" not in [str(v).lower() for v in values]:
                        return False
        return original_conditions(self, incoming_condition_values)

    def is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):  # type: ignore[no-untyped-def]
        result = original_permitted(self, action, resource, principal, incoming_condition_values)
        if result == PermissionResult.DENIED and not self._check_conditions(incoming_condition_values):
            return PermissionResult.NEUTRAL
        return result

    IAMPolicyStatement._check_conditions = check_conditions
    IAMPolicyStatement.is_action_permitted = is_action_permitted

    # ListBuckets: moto honours MaxBuckets by cutting the list short, without
    # the ContinuationToken S3 returns when more buckets remain, and ignores
    # continuation-token, so a paginated listing silently stops after the
    # first page. It also leaves out BucketRegion, which S3 gives for every
    # bucket. Page in name order (S3's order) and say where to go on.
    from moto.core.responses import ActionResult

    def all_buckets(self):  # type: ignore[no-untyped-def]
        self.data["Action"] = "ListAllMyBuckets"
        self._authenticate_and_authorize_s3_action()
        prefix = self._get_param("prefix")
        max_buckets = self._get_param("max-buckets")
        token = self._get_param("continuation-token")
        listed = self.backend.list_buckets(
            prefix=prefix, bucket_region=self._get_param("bucket-region"), max_buckets=None
        )
        listed = sorted(listed, key=lambda b: b.name)
        if token:
            after = unquote(token)
            listed = [b for b in listed if b.name > after]
        result: dict = {"Owner": {"ID": "bcaf1ffd86f41161ca5fb16fd081034f", "DisplayName": "webfile"}}
        if max_buckets and len(listed) > int(max_buckets):
            listed = listed[: int(max_buckets)]
            result["ContinuationToken"] = quote(listed[-1].name)
        result["Buckets"] = [
            {"Name": b.name, "CreationDate": b.creation_date_ISO8601, "BucketRegion": b.region_name} for b in listed
        ]
        if prefix:
            result["Prefix"] = prefix
        self.data["Action"] = "ListBuckets"
        return self.serialized(ActionResult(result))

    S3Response.all_buckets = all_buckets

    # GetBucketPolicyStatus needs no patch in 5.2.5: it answers <PolicyStatus>
    # with IsPublic (an Allow to "*" without a Condition), and
    # NoSuchBucketPolicy for a bucket without a policy, as S3 does.


# ---------------------------------------------------------------------------
# ELBv2 (and the ACM side of its listeners)
# ---------------------------------------------------------------------------
# What DescribeLoadBalancerAttributes returns for a new load balancer of each
# type on AWS (every attribute, each at its default).
ALB_DEFAULT_ATTRIBUTES = {
    "access_logs.s3.enabled": "false",
    "access_logs.s3.bucket": "",
    "access_logs.s3.prefix": "",
    "client_keep_alive.seconds": "3600",
    "connection_logs.s3.enabled": "false",
    "connection_logs.s3.bucket": "",
    "connection_logs.s3.prefix": "",
    "deletion_protection.enabled": "false",
    "idle_timeout.timeout_seconds": "60",
    "load_balancing.cross_zone.enabled": "true",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "routing.http2.enabled": "true",
    "waf.fail_open.enabled": "false",
    "zonal_shift.config.enabled": "false",
}
NLB_DEFAULT_ATTRIBUTES = {
    "access_logs.s3.enabled": "false",
    "access_logs.s3.bucket": "",
    "access_logs.s3.prefix": "",
    "deletion_protection.enabled": "false",
    "dns_record.client_routing_policy": "any_availability_zone",
    "load_balancing.cross_zone.enabled": "false",
    "zonal_shift.config.enabled": "false",
}
GWLB_DEFAULT_ATTRIBUTES = {
    "deletion_protection.enabled": "false",
    "load_balancing.cross_zone.enabled": "false",
}
# Listener protocols that negotiate TLS and so carry an SslPolicy.
TLS_PROTOCOLS = {"HTTPS", "TLS"}


def patch_elbv2() -> None:
    from moto.acm.models import acm_backends
    from moto.elbv2 import models as elbv2_models
    from moto.elbv2.models import ELBv2Backend, FakeListener, FakeLoadBalancer
    from moto.elbv2.responses import ELBV2Response

    # Load balancer ARNs: moto writes `loadbalancer/app/` for every type; AWS
    # writes `loadbalancer/net/` for a Network and `loadbalancer/gwy/` for a
    # Gateway Load Balancer (and its listeners' ARNs follow). The type is known
    # only to CreateLoadBalancer, so it is handed to the ARN maker per thread.
    creating = threading.local()
    original_make_arn = elbv2_models.make_arn_for_load_balancer

    def make_arn_for_load_balancer(account_id, lb_id, name, region_name):  # type: ignore[no-untyped-def]
        arn = original_make_arn(account_id=account_id, lb_id=lb_id, name=name, region_name=region_name)
        segment = {"network": "net", "gateway": "gwy"}.get(getattr(creating, "type", None) or "")
        return arn.replace(":loadbalancer/app/", f":loadbalancer/{segment}/", 1) if segment else arn

    elbv2_models.make_arn_for_load_balancer = make_arn_for_load_balancer
    original_create_lb = ELBv2Backend.create_load_balancer

    def create_load_balancer(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        creating.type = kwargs.get("loadbalancer_type")
        try:
            return original_create_lb(self, *args, **kwargs)
        finally:
            creating.type = None

    ELBv2Backend.create_load_balancer = create_load_balancer

    # DescribeListeners (and the listener CreateListener / ModifyListener
    # return): moto lists every certificate of the listener; AWS lists only the
    # default one. The others come from DescribeListenerCertificates, which
    # moto answers as AWS does (the default first with IsDefault true, then
    # the certificates added by AddListenerCertificates).
    def default_certificate_only(data):  # type: ignore[no-untyped-def]
        return [{"CertificateArn": data[0]}] if data else None

    for operation in ("CreateListener", "DescribeListeners", "ModifyListener"):
        key = f"{operation}Output.Listeners.Listener.Certificates"
        if key not in ELBV2Response.RESPONSE_KEY_PATH_TO_TRANSFORMER:
            raise SystemExit(f"launcher: moto no longer transforms {key}; review patch_elbv2")
        ELBV2Response.RESPONSE_KEY_PATH_TO_TRANSFORMER[key] = default_certificate_only

    # DescribeLoadBalancerAttributes: moto lists only four attributes (and
    # cross-zone "false" even for an ALB); AWS lists every attribute of the
    # load balancer's type with its default. Start each load balancer with the
    # full default set; ModifyLoadBalancerAttributes then updates it.
    original_lb_init = FakeLoadBalancer.__init__

    def lb_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_lb_init(self, *args, **kwargs)
        defaults = {
            "application": ALB_DEFAULT_ATTRIBUTES,
            "network": NLB_DEFAULT_ATTRIBUTES,
            "gateway": GWLB_DEFAULT_ATTRIBUTES,
        }.get(self.type, ALB_DEFAULT_ATTRIBUTES)
        self.attrs = dict(defaults)

    FakeLoadBalancer.__init__ = lb_init

    # CreateListener / DescribeListeners: moto gives every listener an
    # SslPolicy (ELBSecurityPolicy-2016-08 when none was asked for); AWS
    # reports one only for HTTPS and TLS listeners.
    def get_ssl_policy(self):  # type: ignore[no-untyped-def]
        if (self.protocol or "").upper() in TLS_PROTOCOLS:
            return self._posture_ssl_policy
        return None

    def set_ssl_policy(self, value):  # type: ignore[no-untyped-def]
        self._posture_ssl_policy = value

    FakeListener.ssl_policy = property(get_ssl_policy, set_ssl_policy)

    # ACM InUseBy: moto's ELBv2 records the listener's ARN as the user of a
    # certificate; AWS lists the load balancer's ARN (once).
    def mark_certificates_in_use(backend, listener):  # type: ignore[no-untyped-def]
        acm = acm_backends[backend.account_id][backend.region_name]
        for cert_arn in listener.certificates or []:
            if not cert_arn or ":acm:" not in cert_arn:
                continue
            try:
                bundle = acm.get_certificate(cert_arn)
            except Exception:  # not an ACM certificate moto knows: nothing to record
                continue
            bundle.in_use_by[:] = [arn for arn in bundle.in_use_by if ":listener/" not in arn]
            if listener.load_balancer_arn not in bundle.in_use_by:
                bundle.in_use_by.append(listener.load_balancer_arn)

    original_create_listener = ELBv2Backend.create_listener

    def create_listener(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        listener = original_create_listener(self, *args, **kwargs)
        mark_certificates_in_use(self, listener)
        return listener

    ELBv2Backend.create_listener = create_listener

    original_modify_listener = ELBv2Backend.modify_listener

    def modify_listener(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        listener = original_modify_listener(self, *args, **kwargs)
        mark_certificates_in_use(self, listener)
        return listener

    ELBv2Backend.modify_listener = modify_listener

    # AddListenerCertificates: the certificates added are in use by the load
    # balancer too (ACM InUseBy, and so RenewalEligibility below).
    original_add_certificates = ELBv2Backend.add_listener_certificates

    def add_listener_certificates(self, arn, certificates):  # type: ignore[no-untyped-def]
        result = original_add_certificates(self, arn, certificates)
        mark_certificates_in_use(self, self.describe_listeners(None, [arn])[0])
        return result

    ELBv2Backend.add_listener_certificates = add_listener_certificates


def patch_acm() -> None:
    from moto.acm.models import CertBundle

    # RenewalEligibility: moto says INELIGIBLE for every certificate. AWS
    # renews an Amazon-issued certificate automatically once it is issued and
    # in use, and reports it ELIGIBLE; imported ones are never renewed.
    original_describe = CertBundle.describe

    def describe(self):  # type: ignore[no-untyped-def]
        result = original_describe(self)
        cert = result["Certificate"]
        if cert.get("Type") == "AMAZON_ISSUED" and cert.get("Status") == "ISSUED" and cert.get("InUseBy"):
            cert["RenewalEligibility"] = "ELIGIBLE"
        return result

    CertBundle.describe = describe


# ---------------------------------------------------------------------------
# IAM
# ---------------------------------------------------------------------------
def iam_url_encode(value):  # type: ignore[no-untyped-def]
    """Percent-encode a policy document the way IAM does (every reserved
    character, '/' and '*' included). moto encodes some documents itself
    with quote()'s default safe='/', so decode those first."""
    if not isinstance(value, str):
        return value
    text = value if value.lstrip().startswith("{") else unquote(value)
    return quote(text, safe="")


def patch_iam() -> None:
    from moto.iam.models import IAMBackend
    from moto.iam.responses import IamResponse
    from moto.core.serialize import url_encode

    # Policy documents: IAM URL-encodes every policy document it returns
    # (GetPolicyVersion, Get{Role,User,Group}Policy, AssumeRolePolicyDocument
    # in GetRole/ListRoles/CreateRole/instance profiles, and all of them in
    # GetAccountAuthorizationDetails). moto 5.2.5 encodes only some of them
    # (not GetPolicyVersion, ListRoles, nor GAAD's trust policies) and leaves
    # '/' unencoded. The serializer's transformers match on a key-path suffix,
    # first match wins: put ours first.
    ours = {
        ".AssumeRolePolicyDocument": iam_url_encode,
        ".PolicyDocument": iam_url_encode,
        ".Document": iam_url_encode,
    }
    rest = {k: v for k, v in IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER.items() if v is not url_encode}
    IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER = {**ours, **rest}

    # GetAccountAuthorizationDetails: with the AWS managed policies loaded,
    # moto returns all ~1,300 of them; AWS returns the AWS managed policies
    # that are attached to something in the account (plus all local ones).
    original_gaad = IAMBackend.get_account_authorization_details

    def get_account_authorization_details(self, policy_filter):  # type: ignore[no-untyped-def]
        details = original_gaad(self, policy_filter)
        aws_managed = set(self.aws_managed_policies)
        details["managed_policies"] = [
            p for p in details["managed_policies"] if p not in aws_managed or p.attachment_count > 0
        ]
        return details

    IAMBackend.get_account_authorization_details = get_account_authorization_details

    # GetAccountAuthorizationDetails: its Policies entries (ManagedPolicyDetail)
    # come without PolicyName and PolicyId: the serializer finds `name`/`id` on
    # moto's policy objects only for the shape called Policy (GetPolicy,
    # ListPolicies). Name them for every shape.
    from moto.iam.models import Policy

    Policy.policy_name = property(lambda self: self.name)
    Policy.policy_id = property(lambda self: self.id)

    # Credential report: AWS always puts a <root_account> row first; moto has
    # none. The root user's MFA and access-key facts are the ones the
    # /_fixture/iam/root endpoint set (the same ones GetAccountSummary shows).
    # moto also fills password_last_changed with the user's creation date for
    # users without a password, where AWS writes N/A.
    original_report = IAMBackend.get_credential_report

    def get_credential_report(self):  # type: ignore[no-untyped-def]
        report = original_report(self)
        lines = report.split("\n")
        header, rows = lines[0], [line for line in lines[1:] if line]
        columns = header.split(",")
        fixed_rows = []
        for row in rows:
            cells = row.split(",")
            record = dict(zip(columns, cells, strict=False))
            if record.get("password_enabled") == "false":
                record["password_last_changed"] = "N/A"
            fixed_rows.append(",".join(record.get(c, "N/A") for c in columns))
        summary = self.account_summary
        keys_present = bool(summary._account_access_keys_present)
        created = "2020-01-01T00:00:00+00:00"  # when the fixture accounts were "opened"
        root = {
            "user": "<root_account>",
            "arn": f"arn:aws:iam::{self.account_id}:root",
            "user_creation_time": created,
            "password_enabled": "not_supported",
            "password_last_used": "no_information",
            "password_last_changed": "not_supported",
            "password_next_rotation": "not_supported",
            "mfa_active": "true" if summary._account_mfa_enabled else "false",
            "access_key_1_active": "true" if keys_present else "false",
            "access_key_1_last_rotated": created if keys_present else "N/A",
        }
        root_row = ",".join(root.get(c, "false" if c.endswith("_active") else "N/A") for c in columns)
        return "\n".join([header, root_row, *fixed_rows]) + "\n"

    IAMBackend.get_credential_report = get_credential_report

    # GetCredentialReport: moto dates every report 2015-02-02; AWS gives the
    # time the report was generated (a client may regenerate a stale one).
    from moto.core.responses import ActionResult

    def get_credential_report_response(self):  # type: ignore[no-untyped-def]
        backend = self.backend
        report = backend.get_credential_report()
        generated = getattr(backend, "posture_report_time", None) or datetime.now(timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        return ActionResult({"Content": report, "ReportFormat": "text/csv", "GeneratedTime": generated})

    IamResponse.get_credential_report = get_credential_report_response

    original_generate = IAMBackend.generate_report

    def generate_report(self):  # type: ignore[no-untyped-def]
        original_generate(self)
        self.posture_report_time = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    IAMBackend.generate_report = generate_report

    # GetAccountSummary: AWS reports AccountPasswordPresent (whether the root
    # user has a password: 0 once an organization's centralized root access
    # deleted it); moto leaves it out. Every fixture account's root user has a
    # password unless /_fixture/iam/root says otherwise.
    from moto.iam.models import AccountSummary

    original_summary_map = AccountSummary.summary_map

    def summary_map(self):  # type: ignore[no-untyped-def]
        summary = dict(original_summary_map.fget(self))
        summary["AccountPasswordPresent"] = getattr(self, "posture_password_present", 1)
        return summary

    AccountSummary.summary_map = property(summary_map)

    # ListOrganizationsFeatures: not implemented by moto. AWS answers
    # OrganizationNotFoundException for an account in no organization (both
    # fixture accounts), AccountNotManagementOrDelegatedAdministratorException
    # to a member account, and the enabled features to the management account
    # or IAM's delegated administrator. /_fixture/iam/root sets which.
    from moto.iam.exceptions import IAMException

    def list_organizations_features(self):  # type: ignore[no-untyped-def]
        features = getattr(self.backend, "posture_organization_features", None)
        if features is None:
            raise IAMException(
                "OrganizationNotFoundException", "No organization is associated with this account."
            )
        if features == "member":
            raise IAMException(
                "AccountNotManagementOrDelegatedAdministratorException",
                "This account is not the management account or delegated administrator for centralized root access.",
            )
        return ActionResult({"OrganizationId": "o-posturefix01", "EnabledFeatures": list(features)})

    IamResponse.list_organizations_features = list_organizations_features


# ---------------------------------------------------------------------------
# EC2
# ---------------------------------------------------------------------------
def patch_ec2() -> None:
    from moto.ec2.models.security_groups import SecurityGroupBackend

    # A VPC's default security group: moto gives it only the egress rule. On
    # AWS it also admits all traffic from members of the group itself; a check
    # that the default group "has no rules" must see that rule too.
    original_create = SecurityGroupBackend.create_security_group

    def create_security_group(self, name, description, vpc_id=None, tags=None, force=False, is_default=None):  # type: ignore[no-untyped-def]
        group = original_create(self, name, description, vpc_id=vpc_id, tags=tags, force=force, is_default=is_default)
        if is_default:
            self.authorize_security_group_ingress(
                group.id, "-1", None, None, [], source_groups=[{"GroupId": group.id}], vpc_id=group.vpc_id
            )
        return group

    SecurityGroupBackend.create_security_group = create_security_group

    # CreateSubnet: moto makes the first subnet of each availability zone
    # DefaultForAz with MapPublicIpOnLaunch=true, whatever its VPC. Once the
    # default VPC is deleted, every new subnet looks like a default subnet
    # handing out public addresses. On AWS only a default VPC's subnets are
    # default subnets; a subnet you create starts with both false.
    from moto.ec2.models.subnets import SubnetBackend

    original_create_subnet = SubnetBackend.create_subnet

    def create_subnet(self, vpc_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        subnet = original_create_subnet(self, vpc_id, *args, **kwargs)
        if not self.get_vpc(vpc_id).is_default:
            subnet.default_for_az = False
            subnet.map_public_ip_on_launch = False
        return subnet

    SubnetBackend.create_subnet = create_subnet

    # A rule of an IP protocol without ports (GRE 47, ESP 50, ...): moto turns
    # the absent FromPort/ToPort into int(None) and answers 500. AWS accepts
    # the rule, allows the whole protocol whatever ports are given, and
    # describes it without ports.
    from moto.ec2.models.security_groups import SecurityGroupRule

    with_ports = {"tcp", "6", "udp", "17", "icmp", "1", "icmpv6", "58", "-1", "all"}
    original_rule_init = SecurityGroupRule.__init__

    def rule_init(self, ec2_backend, ip_protocol, group_id, from_port, to_port, *args, **kwargs):  # type: ignore[no-untyped-def]
        portless = ip_protocol is not None and str(ip_protocol).lower() not in with_ports
        if portless:
            from_port = to_port = -1
        original_rule_init(self, ec2_backend, ip_protocol, group_id, from_port, to_port, *args, **kwargs)
        if portless:
            self.from_port = self.to_port = None

    SecurityGroupRule.__init__ = rule_init

    # DeleteVpc: moto keeps the VPC's default network ACL, orphaned. AWS
    # deletes it with the VPC (a VPC with any other ACL cannot be deleted).
    from moto.ec2.models.vpcs import VPCBackend

    original_delete_vpc = VPCBackend.delete_vpc

    def delete_vpc(self, vpc_id):  # type: ignore[no-untyped-def]
        vpc = original_delete_vpc(self, vpc_id)
        for acl_id in [acl.id for acl in self.network_acls.values() if acl.vpc_id == vpc_id]:
            del self.network_acls[acl_id]
        return vpc

    VPCBackend.delete_vpc = delete_vpc


# ---------------------------------------------------------------------------
# Secrets Manager
# ---------------------------------------------------------------------------
def day_start(epoch: float) -> int:
    """Secrets Manager reports LastAccessedDate as a date: midnight UTC."""
    return int(epoch // 86400 * 86400)


def patch_secretsmanager() -> None:
    from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend

    # DescribeSecret / ListSecrets: moto never reports LastAccessedDate (it is
    # always null). AWS records the day of the last GetSecretValue and omits
    # the field for a secret never read. LastRotatedDate is reported whenever
    # the secret was ever rotated (moto: only while rotation is configured).
    original_to_dict = FakeSecret.to_dict

    def to_dict(self):  # type: ignore[no-untyped-def]
        dct = original_to_dict(self)
        accessed = getattr(self, "posture_last_accessed", None)
        if accessed is not None:
            dct["LastAccessedDate"] = accessed
        else:
            dct.pop("LastAccessedDate", None)
        if dct.get("LastRotatedDate") is None:
            dct.pop("LastRotatedDate", None)
            if self.last_rotation_date is not None:
                dct["LastRotatedDate"] = self.last_rotation_date
        return dct

    FakeSecret.to_dict = to_dict

    original_get_value = SecretsManagerBackend.get_secret_value

    def get_secret_value(self, secret_id, version_id, version_stage):  # type: ignore[no-untyped-def]
        result = original_get_value(self, secret_id, version_id, version_stage)
        secret = self.secrets[secret_id]
        secret.posture_last_accessed = day_start(datetime.now(timezone.utc).timestamp())
        return result

    SecretsManagerBackend.get_secret_value = get_secret_value


# ---------------------------------------------------------------------------
# KMS
# ---------------------------------------------------------------------------
def patch_kms() -> None:
    from moto.kms.models import KmsBackend

    # AWS managed keys (alias/aws/s3, alias/aws/secretsmanager, ...): moto
    # creates one the first time such an alias is used, but as a customer
    # managed key (KeyManager CUSTOMER), which would make "encrypted with a
    # customer managed key" checks pass for the AWS default. On AWS they are
    # KeyManager AWS.
    original_default_keys = KmsBackend._generate_default_keys

    def generate_default_keys(self, alias_name):  # type: ignore[no-untyped-def]
        key_id = original_default_keys(self, alias_name)
        if key_id is not None:
            key = self.keys[key_id]
            key.key_manager = "AWS"
            service = alias_name.split("/")[-1]
            key.description = f"Default key that protects my {service} data when no other key is defined"
        return key_id

    KmsBackend._generate_default_keys = generate_default_keys


def aws_managed_key_arn(account_id: str, region: str, alias_name: str) -> str:
    """The ARN of an AWS managed key (alias/aws/<service>) of an account,
    created on first use as AWS does (patch_kms marks it KeyManager AWS)."""
    from moto.kms.models import kms_backends

    backend = kms_backends[account_id][region]
    return backend.keys[backend.get_key_id_from_alias(alias_name)].arn


# ---------------------------------------------------------------------------
# ECR
# ---------------------------------------------------------------------------
def patch_ecr() -> None:
    from moto.ecr.models import Repository
    from moto.kms import utils as kms_utils

    # CreateRepository with encryptionType KMS and no kmsKey: moto reports a
    # made-up key ARN (a random UUID no KMS key has), so DescribeKey on it
    # fails. AWS encrypts with the AWS managed key aws/ecr, created in the
    # account on first use, and reports that key's ARN.
    if "alias/aws/ecr" not in kms_utils.RESERVED_ALIASES:
        kms_utils.RESERVED_ALIASE_TARGET_KEY_IDS["alias/aws/ecr"] = "5a3e81c4-0b7d-4f0e-9c6a-2d8e4b1f7a90"
        kms_utils.RESERVED_ALIASES.append("alias/aws/ecr")  # the same list object moto's KMS imported

    original = Repository._determine_encryption_config

    def determine_encryption_config(self, encryption_config):  # type: ignore[no-untyped-def]
        if (
            encryption_config
            and str(encryption_config.get("encryptionType", "")).startswith("KMS")
            and not encryption_config.get("kmsKey")
        ):
            key = aws_managed_key_arn(self.account_id, self.region_name, "alias/aws/ecr")
            encryption_config = {**encryption_config, "kmsKey": key}
        return original(self, encryption_config)

    Repository._determine_encryption_config = determine_encryption_config


# ---------------------------------------------------------------------------
# CloudTrail
# ---------------------------------------------------------------------------
def patch_cloudtrail() -> None:
    from moto.cloudtrail.models import Trail

    # GetEventSelectors on a trail nobody put selectors on: moto answers no
    # selector at all (the trail would record nothing). AWS creates every
    # trail with the default selector (all management events, read and
    # write) and reports it.
    original = Trail.get_event_selectors

    def get_event_selectors(self):  # type: ignore[no-untyped-def]
        basic, advanced = original(self)
        if not basic and not advanced:
            basic = [
                {
                    "ReadWriteType": "All",
                    "IncludeManagementEvents": True,
                    "DataResources": [],
                    "ExcludeManagementEventSources": [],
                }
            ]
        return basic, advanced

    Trail.get_event_selectors = get_event_selectors


# ---------------------------------------------------------------------------
# RDS
# ---------------------------------------------------------------------------
def patch_rds() -> None:
    from moto.rds.models import DBCluster, DBInstance, DBInstanceClustered

    # KmsKeyId: an instance or cluster created with StorageEncrypted and no
    # KmsKeyId reports the literal "default_kms_key_id" (a cluster even when it
    # is not encrypted). AWS encrypts with the AWS managed key aws/rds and
    # reports its ARN; an unencrypted database has no KmsKeyId.
    def fix_default_key(db):  # type: ignore[no-untyped-def]
        if db.kms_key_id != "default_kms_key_id":
            return
        if db.storage_encrypted:
            db.kms_key_id = aws_managed_key_arn(db.account_id, db.region, "alias/aws/rds")
        else:
            db.kms_key_id = None

    original_cluster_init = DBCluster.__init__

    def cluster_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_cluster_init(self, *args, **kwargs)
        fix_default_key(self)

    DBCluster.__init__ = cluster_init

    original_instance_init = DBInstance.__init__

    # DBSubnetGroup of a cluster member: moto leaves it out; AWS describes the
    # cluster's subnet group (name, VPC, subnets) on each member instance.
    def member_subnet_group(db):  # type: ignore[no-untyped-def]
        name = getattr(db.cluster, "db_subnet_group_name", None)
        if name and name != "default" and getattr(db, "db_subnet_group", None) is None:
            db.db_subnet_group_name = name

    def instance_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_instance_init(self, *args, **kwargs)
        if not isinstance(self, DBInstanceClustered):  # those report their cluster's key
            fix_default_key(self)

    DBInstance.__init__ = instance_init

    original_member_init = DBInstanceClustered.__init__

    def member_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_member_init(self, *args, **kwargs)
        member_subnet_group(self)

    DBInstanceClustered.__init__ = member_init


# ---------------------------------------------------------------------------
# IAM enforcement (moto's /moto-api/reset-auth; used by least_privilege.py)
# ---------------------------------------------------------------------------
# The IAM action an operation needs, where moto names another. AWS's names
# are those of the Service Authorization Reference ("Actions defined by
# Amazon S3"); moto uses the operation's name, or misses the query string
# that names a bucket subresource and falls back to s3:ListBucket.
IAM_ACTIONS = {
    # S3 Control, account level (moto: s3:GetPublicAccessBlock).
    ("control", "s3:GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
    # Buckets.
    ("bucket", "s3:GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("bucket", "s3:GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("bucket", "s3:HeadBucket"): "s3:ListBucket",
    ("bucket", "s3:ListBuckets"): "s3:ListAllMyBuckets",
}


def patch_iam_enforcement() -> None:
    from moto.iam.access_control import IAMRequest, IAMRequestBase, S3IAMRequest
    from moto.s3 import responses as s3_responses

    # moto's map keys bucket subresources by a name the query string never
    # carries (`public_access_block` for `?publicAccessBlock`) and has no
    # entry for `?encryption`: both fell back to ListBucket.
    bucket_get = s3_responses.ACTION_MAP["BUCKET"]["GET"]
    bucket_get["publicAccessBlock"] = "GetPublicAccessBlock"
    bucket_get["encryption"] = "GetBucketEncryption"
    bucket_get["ownershipControls"] = "GetBucketOwnershipControls"

    original_init = IAMRequestBase.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        kind = "bucket" if isinstance(self, S3IAMRequest) else "control"
        self._action = IAM_ACTIONS.get((kind, self._action), self._action)

    IAMRequestBase.__init__ = init

    # moto recomputes each request's SigV4 signature to authenticate it and
    # gets it wrong for some REST protocols (GuardDuty's GET /detector fails
    # with SignatureDoesNotMatch for botocore's own signature). The access
    # key must still be one moto knows, with its session token; what the
    # enforcement is used for is authorization by the identity's policies.
    IAMRequestBase.check_signature = lambda self: None

    # moto answers a refused request in the Query protocol's XML whatever the
    # service speaks; AWS answers in the service's own protocol, which is
    # what posture's SDK parses: JSON for the JSON protocols, EC2's own XML.
    def access_denied(self):  # type: ignore[no-untyped-def]
        raise ProtocolAccessDenied(self._service, self._headers, self._access_key.arn, self._action)

    IAMRequest._raise_access_denied = access_denied


class ProtocolAccessDenied(HTTPException):
    """An AccessDenied as the service's protocol spells it: awsJson (an
    X-Amz-Target header) and restJson (GuardDuty) as JSON with
    `AccessDeniedException`, EC2 as `UnauthorizedOperation` in its
    `<Response><Errors>` XML, the other Query services as `AccessDenied` in
    an `<ErrorResponse>`."""

    REST_JSON = {"guardduty"}

    def __init__(self, service: str, headers, arn: str, action: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        message = f"User: {arn} is not authorized to perform: {action}"
        if any(str(k).lower() == "x-amz-target" for k in dict(headers)) or service in self.REST_JSON:
            self.code = 400 if service not in self.REST_JSON else 403
            self.description = json.dumps({"__type": "AccessDeniedException", "message": message})
        elif service == "ec2":
            self.code = 403
            self.description = (
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error>"
                f"<Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. {escape(message)}</Message>"
                "</Error></Errors><RequestID>posture-emulator</RequestID></Response>"
            )
        else:
            self.code = 403
            self.description = (
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                f"<Message>{escape(message)}</Message></Error><RequestId>posture-emulator</RequestId></ErrorResponse>"
            )


def apply_patches() -> None:
    patch_s3()
    patch_elbv2()
    patch_acm()
    patch_iam()
    patch_ec2()
    patch_secretsmanager()
    patch_kms()
    patch_ecr()
    patch_cloudtrail()
    patch_rds()
    patch_iam_enforcement()


# ---------------------------------------------------------------------------
# Fixture endpoints: POST /_fixture/...  (JSON in, JSON out)
# ---------------------------------------------------------------------------
class FixtureError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def when(body: dict, name: str) -> int | None:
    """Epoch seconds from `<name>_days_ago` (a number) or `<name>` (ISO 8601)."""
    days = body.get(f"{name}_days_ago")
    if days is not None:
        return int((datetime.now(timezone.utc) - timedelta(days=float(days))).timestamp())
    text = body.get(name)
    if text is not None:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return int(moment.timestamp())
    return None


def required(body: dict, name: str) -> str:
    value = body.get(name)
    if value in (None, ""):
        raise FixtureError(400, f"missing field '{name}'")
    return str(value)


def account_of(body: dict) -> str:
    account = required(body, "account")
    if not re.fullmatch(r"\d{12}", account):
        raise FixtureError(400, f"account must be 12 digits, got '{account}'")
    return account


def fixture_iam_root(body: dict) -> dict:
    """Root user facts of an account: AccountMFAEnabled, AccountAccessKeysPresent,
    AccountPasswordPresent, and what ListOrganizationsFeatures answers
    (`organization_features`: null = no organization, "member" = a member
    account, a list = the management account's enabled features)."""
    from moto.iam.models import iam_backends

    account = account_of(body)
    backend = iam_backends[account]["aws"]
    summary = backend.account_summary
    if "mfa_enabled" in body:
        summary._account_mfa_enabled = 1 if body["mfa_enabled"] else 0
    if "access_keys_present" in body:
        summary._account_access_keys_present = 1 if body["access_keys_present"] else 0
    if "password_present" in body:
        summary.posture_password_present = 1 if body["password_present"] else 0
    if "organization_features" in body:
        features = body["organization_features"]
        if not (features is None or features == "member" or isinstance(features, list)):
            raise FixtureError(400, "organization_features: null, \"member\" or a list of features")
        backend.posture_organization_features = features
    return {
        "account": account,
        "AccountMFAEnabled": summary._account_mfa_enabled,
        "AccountAccessKeysPresent": summary._account_access_keys_present,
        "AccountPasswordPresent": getattr(summary, "posture_password_present", 1),
        "OrganizationFeatures": getattr(backend, "posture_organization_features", None),
    }


def fixture_iam_access_key(body: dict) -> dict:
    """Backdate an IAM user's access key (CreateDate) and/or set when it was
    last used (GetAccessKeyLastUsed, the credential report's
    access_key_N_last_used_date; moto records a use only when the key itself
    signs a request)."""
    from moto.iam.models import AccessKeyLastUsed, iam_backends

    account = account_of(body)
    user_name = required(body, "user")
    key_id = required(body, "access_key_id")
    created = when(body, "created")
    last_used = when(body, "last_used")
    if created is None and last_used is None:
        raise FixtureError(400, "give 'created_days_ago' or 'created', and/or 'last_used_days_ago' or 'last_used'")
    backend = iam_backends[account]["aws"]
    user = backend.users.get(user_name)
    if user is None:
        raise FixtureError(404, f"no IAM user '{user_name}' in account {account}")
    for key in user.access_keys:
        if key.access_key_id == key_id:
            if created is not None:
                key.create_date = datetime.fromtimestamp(created, timezone.utc).replace(tzinfo=None)
            if last_used is not None:
                key.last_used = AccessKeyLastUsed(
                    timestamp=datetime.fromtimestamp(last_used, timezone.utc).replace(tzinfo=None),
                    service="sts",
                    region="us-east-1",
                )
            return {
                "account": account,
                "user": user_name,
                "access_key_id": key_id,
                "CreateDate": key.create_date.isoformat() + "Z",
                "LastUsedDate": key.last_used.strftime("%Y-%m-%dT%H:%M:%SZ") if key.last_used else None,
            }
    raise FixtureError(404, f"user '{user_name}' has no access key '{key_id}'")


def fixture_iam_login_profile(body: dict) -> dict:
    """When an IAM user's console password was last used to sign in (GetUser's
    PasswordLastUsed, the credential report's password_last_used): no API
    call can sign in to the console here."""
    from moto.iam.models import iam_backends

    account = account_of(body)
    user_name = required(body, "user")
    last_used = when(body, "last_used")
    if last_used is None:
        raise FixtureError(400, "give 'last_used_days_ago' or 'last_used'")
    user = iam_backends[account]["aws"].users.get(user_name)
    if user is None:
        raise FixtureError(404, f"no IAM user '{user_name}' in account {account}")
    if not user.password:
        raise FixtureError(400, f"user '{user_name}' has no console password")
    user.password_last_used = datetime.fromtimestamp(last_used, timezone.utc).replace(tzinfo=None)
    return {"account": account, "user": user_name, "PasswordLastUsed": user.password_last_used.isoformat() + "Z"}


def fixture_secret_dates(body: dict) -> dict:
    """Backdate a secret: CreatedDate, LastRotatedDate, LastAccessedDate, LastChangedDate."""
    from moto.secretsmanager.models import secretsmanager_backends

    account = account_of(body)
    region = body.get("region") or "us-east-1"
    secret_id = required(body, "secret_id")
    backend = secretsmanager_backends[account][region]
    if not backend._is_valid_identifier(secret_id):
        raise FixtureError(404, f"no secret '{secret_id}' in account {account} {region}")
    secret = backend.secrets[secret_id]
    created = when(body, "created")
    rotated = when(body, "last_rotated")
    accessed = when(body, "last_accessed")
    changed = when(body, "last_changed")
    if created is not None:
        secret.created_date = created
        for version in secret.versions.values():
            version["createdate"] = created
    if rotated is not None:
        secret.last_rotation_date = rotated
        if secret.auto_rotate_after_days:
            secret.next_rotation_date = rotated + int(secret.auto_rotate_after_days) * 86400
    if accessed is not None:
        secret.posture_last_accessed = day_start(accessed)
    if changed is None and (created is not None or rotated is not None):
        # Nothing changed since the latest of creation and rotation.
        changed = max(t for t in (created, rotated) if t is not None)
    if changed is not None:
        secret.last_changed_date = changed
    return {
        "account": account,
        "secret": secret.name,
        "CreatedDate": secret.created_date,
        "LastChangedDate": secret.last_changed_date,
        "LastRotatedDate": secret.last_rotation_date,
        "LastAccessedDate": getattr(secret, "posture_last_accessed", None),
    }


# Injected faults: (account, X-Amz-Target) -> error code. moto enforces no
# IAM permissions, so an AccessDenied (or any error) a real account can answer
# is produced here, for the tests of posture's collection gaps.
FAULTS: dict[tuple[str, str], str] = {}


def fixture_fault(body: dict) -> dict:
    """Make one JSON-protocol operation of one account fail: {"account", "target"
    (the X-Amz-Target, e.g. "secretsmanager.ListSecrets"), "error" (default
    AccessDeniedException; "hang": the request is held unanswered until the
    fault is cleared; "echo": an AccessDeniedException whose message quotes
    the request's Authorization and X-Amz-Security-Token headers, as an error
    that echoes the request would)}; {"clear": true} removes every fault."""
    if body.get("clear"):
        FAULTS.clear()
        return {"faults": 0}
    account = account_of(body)
    target = required(body, "target")
    FAULTS[(account, target)] = body.get("error") or "AccessDeniedException"
    return {"faults": len(FAULTS), "account": account, "target": target, "error": FAULTS[(account, target)]}


def request_account(environ) -> str:  # type: ignore[no-untyped-def]
    """The account a request acts in, as moto decides it: the header, else the
    account of the access key (AssumeRole credentials carry one)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import get_account_id_from

    header = environ.get("HTTP_X_MOTO_ACCOUNT_ID")
    if header:
        return header
    match = re.search(r"Credential=([^/]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    return get_account_id_from(match.group(1)) if match else DEFAULT_ACCOUNT_ID


def injected_fault(environ, start_response):  # type: ignore[no-untyped-def]
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    code = FAULTS.get((request_account(environ), target)) if target else None
    if code is None:
        return None
    if code == "hang":
        # A hung endpoint: hold the request (this thread only) until cleared.
        while FAULTS.get((request_account(environ), target)) == "hang":
            time.sleep(0.1)
        code = "ServiceUnavailableException"
    action = target.split(".")[-1]
    service = target.split(".")[0].split("_")[0].lower()
    message = f"User is not authorized to perform: {service}:{action} (injected by the emulator)"
    if code == "echo":
        code = "AccessDeniedException"
        message += (
            f"; request: Authorization: {environ.get('HTTP_AUTHORIZATION', '')}"
            f"; X-Amz-Security-Token: {environ.get('HTTP_X_AMZ_SECURITY_TOKEN', '')}"
        )
    body = {"__type": code, "message": message}
    response = Response(json.dumps(body), status=400, mimetype="application/x-amz-json-1.1")
    response.headers["x-amzn-ErrorType"] = code
    return response(environ, start_response)


FIXTURES = {
    "/_fixture/iam/root": fixture_iam_root,
    "/_fixture/iam/access-key": fixture_iam_access_key,
    "/_fixture/iam/login-profile": fixture_iam_login_profile,
    "/_fixture/secretsmanager/secret": fixture_secret_dates,
    "/_fixture/fault": fixture_fault,
}

# One request at a time mutates the models.
FIXTURE_LOCK = threading.Lock()


class App:
    """moto's WSGI application, with /_fixture/ answered first."""

    def __init__(self) -> None:
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO", "").startswith("/_fixture"):
            return self.fixture(environ, start_response)
        if FAULTS:
            faulted = injected_fault(environ, start_response)
            if faulted is not None:
                return faulted
        return self.moto(environ, start_response)

    def fixture(self, environ, start_response):  # type: ignore[no-untyped-def]
        request = Request(environ)
        try:
            if request.path.rstrip("/") == "/_fixture":
                payload = {"endpoints": {path: fn.__doc__ for path, fn in FIXTURES.items()}}
                status = 200
            else:
                handler = FIXTURES.get(request.path.rstrip("/"))
                if handler is None:
                    raise FixtureError(404, f"no fixture endpoint {request.path}; GET /_fixture lists them")
                if request.method != "POST":
                    raise FixtureError(405, "fixture endpoints take POST with a JSON body")
                try:
                    body = json.loads(request.get_data() or b"{}")
                except ValueError as err:
                    raise FixtureError(400, f"body is not JSON: {err}") from err
                if not isinstance(body, dict):
                    raise FixtureError(400, "body must be a JSON object")
                with FIXTURE_LOCK:
                    payload = handler(body)
                status = 200
        except FixtureError as err:
            payload, status = {"error": str(err)}, err.status
        response = Response(json.dumps(payload) + "\n", status=status, mimetype="application/json")
        return response(environ, start_response)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one")
    parser.add_argument("--port-file", help="write the bound port here once serving")
    args = parser.parse_args(argv)

    apply_patches()
    server = make_server(args.host, args.port, App(), threaded=True, request_handler=MotoRequestHandler)
    port = server.server_port
    # moto builds some URLs (queue URLs, presigned URLs) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    def stop(signum, frame):  # type: ignore[no-untyped-def]
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if args.port_file:
        tmp = f"{args.port_file}.tmp"
        with open(tmp, "w") as handle:
            handle.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    print(f"posture emulator (moto, patched) serving on http://{args.host}:{port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
