#!/usr/bin/env python3
"""Benchmark: audit a large seeded account and print the figures.

Starts a private emulator (emulator.sh, own state dir), seeds one large account
(333333333333) through the posture-audit role path like the fixtures, runs
`posture audit` against it several times and prints API calls, wall time and
peak memory (max RSS) of each run, then stops the emulator.

    localstack/.venv/bin/python localstack/bench.py [--scale 1.0] [--runs 3] [--binary target/release/posture]

Three more modes (--fault-rate and --latency-ms are exclusive):

    bench.py --fault-rate 0.2
        Each run audits straight to the emulator, then through proxy.py failing
        that share of the requests' first attempts (throttling in each
        protocol's form, 500, 503, connection resets); prints both wall times,
        their ratio, the faults made, posture's retries, and whether the
        findings are exactly the same.

    bench.py --latency-ms 50 [--concurrency-levels 8,16,32,64]
        Puts proxy.py in front of the emulator, holding every answer 50 ms,
        and audits at each --concurrency level, straight to the emulator and
        through the proxy. Prints both wall times, the API calls, the model
        calls / concurrency x latency and the ratio wall / model.
    bench.py --accounts 3 --regions 2
        Seeds 3 accounts (333333333333, 333333333334, ...; each its own
        posture-audit role) in the first 2 regions of REGIONS, and audits them
        in one run (a --role-arn per account, a --region per region). Per
        region: VPCs, security groups, load balancers, secrets, ECS; once per
        account: IAM, S3 buckets. --scale shrinks them (seeding is slow).

Build the binary first (`cargo build --release` for figures worth quoting; a
debug build works but is slower). The emulator answers every call in one
Python process, so wall time measures mostly the emulator; "CPU in posture" is
posture's own cost (user + system time of the audit process, from wait4),
and peak RSS its largest resident size (GNU time's %M, which measures the
audit alone; Linux would otherwise count this Python process's size, which a
forked child inherits as its peak). Every
figure printed is measured, except the model (computed from measured calls);
the first line repeats the parameters.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import boto3

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ACCOUNT = "333333333333"
REGION = "us-east-1"
# The regions of --regions N, first N; with the two availability zones the subnets use.
REGIONS = [
    ("us-east-1", "ab"),
    ("eu-west-1", "ab"),
    ("eu-central-1", "ab"),
    ("ap-southeast-1", "ab"),
    ("us-west-2", "ab"),
    ("ap-northeast-1", "ac"),
    ("sa-east-1", "ab"),
    ("ca-central-1", "ab"),
]
# posture's own default --concurrency (the default mode passes none).
DEFAULT_CONCURRENCY = 16


def client(endpoint: str, service: str, account: str = ACCOUNT, region: str = REGION):  # type: ignore[no-untyped-def]
    c = boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def add_header(request, **_):  # type: ignore[no-untyped-def]
        request.headers["x-moto-account-id"] = account

    c.meta.events.register("before-sign.*.*", add_header)
    return c


def seed_region(endpoint: str, scale: float, account: str, region: str, zones: str) -> dict[str, int]:
    """The regional resources of one account in one region."""
    n = lambda base: max(1, int(base * scale))  # noqa: E731
    ec2, elb = client(endpoint, "ec2", account, region), client(endpoint, "elbv2", account, region)
    sm, ecs = client(endpoint, "secretsmanager", account, region), client(endpoint, "ecs", account, region)
    counts: dict[str, int] = {}

    vpcs = []
    for i in range(n(5)):
        vpc = ec2.create_vpc(CidrBlock=f"10.{i}.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{i}.{j}.0/24", AvailabilityZone=f"{region}{zones[j % 2]}")["Subnet"]["SubnetId"]
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


def seed(endpoint: str, scale: float, account: str = ACCOUNT, regions: list[tuple[str, str]] | None = None) -> dict[str, int]:
    """One account: its audit role, IAM and S3 once, the rest in each region."""
    regions = regions or REGIONS[:1]
    n = lambda base: max(1, int(base * scale))  # noqa: E731
    iam, s3 = client(endpoint, "iam", account), client(endpoint, "s3", account)
    # Today's order of the counts (the default output is unchanged).
    counts = dict.fromkeys(
        ["vpcs", "security_groups", "load_balancers", "iam_policies", "iam_users", "iam_roles", "buckets", "secrets", "ecs_services"], 0
    )

    iam.create_role(
        RoleName="posture-audit",
        AssumeRolePolicyDocument=json.dumps(
            {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]}
        ),
    )
    for region, zones in regions:
        for key, value in seed_region(endpoint, scale, account, region, zones).items():
            counts[key] += value

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
        iam.attach_role_policy(RoleName=f"role-{i}", PolicyArn=f"arn:aws:iam::{account}:policy/policy-{i % n(100)}")
    counts.update(iam_policies=n(100), iam_users=n(200), iam_roles=n(150))

    # Bucket names are global: the first account keeps today's names.
    prefix = "bench-bucket" if account == ACCOUNT else f"bench-bucket-{account}"
    for i in range(n(150)):
        s3.create_bucket(Bucket=f"{prefix}-{i}")
        if i % 10 == 0:
            s3.put_object(Bucket=f"{prefix}-{i}", Key="env/terraform.tfstate", Body=b"{}")
    counts["buckets"] = n(150)
    return counts


@dataclass
class Run:
    """One `posture audit` process, measured."""

    wall: float
    cpu: float  # user + system seconds of that process
    peak_rss_kib: int
    report: dict

    @property
    def api_calls(self) -> int:
        return int(self.report["stats"]["api_calls"])

    @property
    def attempts(self) -> int:
        return sum(int(c["attempts"]) for c in self.report["stats"].get("calls", []))


def audit(binary: Path, endpoint: str, accounts: list[str], regions: list[str], concurrency: int | None = None) -> Run:
    """Run one audit; wall, CPU (wait4) and peak RSS of that process alone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=REGION, NO_COLOR="1")
    cmd = [str(binary), "audit", "--endpoint-url", endpoint]
    for region in regions:
        cmd += ["--region", region]
    for account in accounts:
        cmd += ["--role-arn", f"arn:aws:iam::{account}:role/posture-audit"]
    if concurrency is not None:
        cmd += ["--concurrency", str(concurrency)]
    cmd += ["--format", "json", "--fail-on", "never"]
    # Linux keeps a process's peak RSS across exec, so a child forked from
    # this (large) Python process reports Python's RSS as its own peak. GNU
    # time forks the audit from its own small process and reports the audit's
    # peak alone; without it, the peak is sampled from /proc (VmHWM).
    gnu_time = Path("/usr/bin/time")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        if gnu_time.exists():
            cmd = [str(gnu_time), "-f", "%M", "-o", peak.name] + cmd
        start = time.monotonic()
        process = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampled = 0
        if gnu_time.exists():
            _, status, usage = os.wait4(process.pid, 0)
        else:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                sampled = max(sampled, vm_hwm_kib(process.pid))
                time.sleep(0.01)
        wall = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
        lines = [line for line in peak.read().split() if line.isdigit()]
        peak_kib = int(lines[-1]) if gnu_time.exists() and lines else sampled
    if process.returncode != 0:
        sys.exit(f"bench: posture exited {process.returncode}: {stderr.decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, peak_kib, json.loads(stdout))


def vm_hwm_kib(pid: int) -> int:
    """The peak resident size of a running process, from /proc (0 when gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class ProxyProcess:
    """proxy.py in front of the emulator, as a child process."""

    def __init__(self, upstream: str, delay_ms: float, record: Path, options: list[str] | None = None):
        self.record = record
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "proxy.py"), "--upstream", upstream, "--delay-ms", str(delay_ms), "--record", str(record)]
            + (options or []),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr, text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            self.stderr.seek(0)
            sys.exit(f"bench: proxy.py did not start: {self.stderr.read().decode(errors='replace')[-2000:]}")

    def records(self) -> list[dict]:
        """The requests recorded so far, one dict each (proxy.describe_request)."""
        with open(self.record, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.stderr.close()


def findings_by_account(report: dict) -> dict[str, int]:
    tally: dict[str, int] = {}
    for f in report["findings"]:
        tally[f["account"]] = tally.get(f["account"], 0) + 1
    return tally


def findings_text(report: dict, accounts: list[str], regions: list[str]) -> str:
    """Today's "N findings for ACCOUNT"; with more accounts or regions, per account and region."""
    tally = findings_by_account(report)
    if len(accounts) == 1 and len(regions) == 1:
        return f"{tally.get(accounts[0], 0)} findings for {accounts[0]}"

    def regions_of(account: str) -> str:
        by_region: dict[str, int] = {}
        for f in report["findings"]:
            if f["account"] == account:
                key = f.get("region") or "global"
                by_region[key] = by_region.get(key, 0) + 1
        return ", ".join(f"{r} {n}" for r, n in sorted(by_region.items()))

    mine = ", ".join(f"{a} {tally.get(a, 0)} ({regions_of(a)})" for a in accounts)
    others = ", ".join(f"{a} {n}" for a, n in sorted(tally.items()) if a not in accounts)
    return f"findings: {mine}" + (f" (and the credentials' own empty account: {others})" if others else "")


def print_calls(report: dict, label: str) -> None:
    # Where the calls of one run went (stats.calls), most first.
    by_service: dict[str, list[int]] = {}
    for c in report["stats"].get("calls", []):
        tally = by_service.setdefault(c["service"], [0, 0])
        tally[0] += c["calls"]
        tally[1] += c["attempts"] - c["calls"]
    print(f"calls by service ({label}; {report['stats'].get('retries', 0)} retries):")
    for service, (calls, retries) in sorted(by_service.items(), key=lambda kv: -kv[1][0]):
        print(f"  {service:<28} {calls:>6} calls {retries:>4} retries")
    top = sorted(report["stats"].get("calls", []), key=lambda c: -c["calls"])[:10]
    print("busiest operations:")
    for c in top:
        print(f"  {c['service'] + ' ' + c['operation']:<52} {c['calls']:>6}")


def plain_runs(args: argparse.Namespace, binary: Path, endpoint: str, accounts: list[str], regions: list[str]) -> None:
    """Today's mode: --runs audits straight to the emulator."""
    report: dict = {}
    for run in range(1, args.runs + 1):
        r = audit(binary, endpoint, accounts, regions)
        report = r.report
        print(
            f"run {run}: {r.wall:.2f} s wall, {r.cpu:.2f} s CPU in posture, {r.api_calls} API calls, "
            f"{findings_text(report, accounts, regions)}, {len(report['gaps'])} gaps, "
            f"peak RSS {r.peak_rss_kib / 1024:.0f} MiB"
        )
    print_calls(report, "last run")


def latency_runs(args: argparse.Namespace, binary: Path, endpoint: str, accounts: list[str], regions: list[str], state: str) -> None:
    """At each concurrency level: an audit straight to the emulator, one through the delaying proxy."""
    levels = [int(x) for x in args.concurrency_levels.split(",") if x.strip()]
    latency = args.latency_ms / 1000
    proxy = ProxyProcess(endpoint, args.latency_ms, Path(state) / "proxy-requests.jsonl")
    try:
        print(f"proxy.py {proxy.url} -> emulator {endpoint}, every answer held {args.latency_ms:g} ms")
        print("model = API calls / concurrency x latency (the latency alone, perfectly overlapped); "
              "added = proxied wall - direct wall")
        # moto imports each service's code on its first request: the first audit pays for it.
        warm = audit(binary, endpoint, accounts, regions)
        print(f"warm-up audit (straight to the cold emulator, not in the table): {warm.wall:.2f} s wall, {warm.api_calls} API calls")
        print(f"{'concurrency':>11} {'run':>3} {'direct':>8} {'proxied':>8} {'API calls':>9} {'requests':>8} "
              f"{'model':>7} {'wall/model':>10} {'added/model':>11} {'CPU':>6} {'peak RSS':>8}")
        last: Run | None = None
        mismatches: list[str] = []
        for level in levels:
            for run in range(1, args.runs + 1):
                direct = audit(binary, endpoint, accounts, regions, level)
                seen = len(proxy.records())
                proxied = audit(binary, proxy.url, accounts, regions, level)
                recorded = proxy.records()[seen:]
                requests = len(recorded)
                assume = sum(1 for r in recorded if r["service"] == "sts" and r["operation"] == "AssumeRole")
                failed = sum(1 for r in recorded if r["status"] == 502)
                if failed:
                    mismatches.append(f"concurrency {level} run {run}: {failed} answers 502 (the proxy could not reach the emulator)")
                if requests != proxied.attempts:
                    mismatches.append(f"concurrency {level} run {run}: {requests} requests, {proxied.attempts} attempts ({assume} AssumeRole)")
                model = proxied.api_calls / level * latency
                ratio = f"{proxied.wall / model:.2f}" if model > 0 else "-"
                added = f"{(proxied.wall - direct.wall) / model:.2f}" if model > 0 else "-"
                print(
                    f"{level:>11} {run:>3} {direct.wall:>6.2f} s {proxied.wall:>6.2f} s {proxied.api_calls:>9} {requests:>8} "
                    f"{model:>5.2f} s {ratio:>10} {added:>11} {proxied.cpu:>4.2f} s {proxied.peak_rss_kib / 1024:>4.0f} MiB"
                )
                if direct.api_calls != proxied.api_calls:
                    print(f"{'':>16}(direct run: {direct.api_calls} API calls)")
                last = proxied
        assert last is not None
        print("requests: what proxy.py saw during the proxied run; CPU and peak RSS: the proxied posture process")
        if mismatches:
            print("proxy trouble: " + "; ".join(mismatches))
        else:
            print("requests = posture's attempts (stats.calls, one sts:AssumeRole per --role-arn account included), "
                  "in every proxied run")
        print(f"last proxied run: {findings_text(last.report, accounts, regions)}, {len(last.report['gaps'])} gaps")
        print_calls(last.report, f"last proxied run, concurrency {levels[-1]}")
    finally:
        proxy.stop()


def verdicts(report: dict) -> set[tuple[str, str, str]]:
    return {(f["check"], f["resource"], f["status"]) for f in report["findings"]}


def fault_runs(args: argparse.Namespace, binary: Path, endpoint: str, accounts: list[str], regions: list[str], state: str) -> None:
    """Each run: an audit straight to the emulator, then one through proxy.py
    failing a share of the requests' first attempts; the findings must be the
    same, and the wall times are compared."""
    proxy = ProxyProcess(endpoint, 0, Path(state) / "fault-requests.jsonl",
                         ["--fault-rate", str(args.fault_rate), "--fault-seed", "7"])
    try:
        print(f"proxy.py {proxy.url} -> emulator {endpoint}, failing {args.fault_rate:.0%} of first attempts "
              "(each protocol's throttling error, 500, 503, connection resets)")
        # Both paths warm up first: moto loads each service's code on its
        # first request, the proxy opens its pooled connections.
        warm = audit(binary, endpoint, accounts, regions)
        warm_faulted = audit(binary, proxy.url, accounts, regions)
        print(f"warm-up audits (not in the table): {warm.wall:.2f} s straight, {warm_faulted.wall:.2f} s through the proxy, "
              f"{warm.api_calls} API calls")
        print(f"{'run':>3} {'clean':>8} {'faulted':>8} {'ratio':>6} {'faults':>6} {'retries':>7} {'findings':>8} {'same':>5} {'gaps':>5}")
        ratios = []
        for run in range(1, args.runs + 1):
            clean = audit(binary, endpoint, accounts, regions)
            seen = len(proxy.records())
            faulted = audit(binary, proxy.url, accounts, regions)
            faults = sum(1 for r in proxy.records()[seen:] if r.get("fault"))
            same = verdicts(clean.report) == verdicts(faulted.report)
            ratios.append(faulted.wall / clean.wall)
            print(
                f"{run:>3} {clean.wall:>6.2f} s {faulted.wall:>6.2f} s {ratios[-1]:>6.2f} {faults:>6} "
                f"{faulted.report['stats'].get('retries', 0):>7} {len(faulted.report['findings']):>8} "
                f"{'yes' if same else 'NO':>5} {len(faulted.report['gaps']):>5}"
            )
            if not same:
                gone = sorted(verdicts(clean.report) - verdicts(faulted.report))[:10]
                print(f"    clean but not faulted (first 10): {gone}")
        print(f"faulted / clean wall time: median {sorted(ratios)[len(ratios) // 2]:.2f}, worst {max(ratios):.2f}")
    finally:
        proxy.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every resource count")
    parser.add_argument("--runs", type=int, default=3, help="audits (per concurrency level with --latency-ms)")
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "posture"))
    parser.add_argument("--latency-ms", type=float, help="audit through proxy.py holding each answer this long")
    parser.add_argument("--concurrency-levels", default="8,16,32,64", help="posture --concurrency values with --latency-ms")
    parser.add_argument("--accounts", type=int, default=1, help="accounts to seed and audit (333333333333 and up)")
    parser.add_argument("--fault-rate", type=float, help="compare clean audits with audits through proxy.py failing this share of first attempts")
    parser.add_argument("--regions", type=int, default=1, help=f"regions to seed and audit, the first N of: {', '.join(r for r, _ in REGIONS)}")
    args = parser.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        sys.exit(f"bench: {binary} does not exist; build it (cargo build --release) or pass --binary")
    if not 1 <= args.regions <= len(REGIONS):
        sys.exit(f"bench: --regions must be 1 to {len(REGIONS)}")
    if args.accounts < 1 or args.runs < 1:
        sys.exit("bench: --accounts and --runs must be at least 1")
    accounts = [str(int(ACCOUNT) + i) for i in range(args.accounts)]
    regions = REGIONS[: args.regions]

    shown = f"--scale {args.scale:g} --runs {args.runs} --binary {shlex.quote(str(binary))} --accounts {args.accounts} --regions {args.regions}"
    if args.fault_rate is not None:
        shown += f" --fault-rate {args.fault_rate:g}"
    if args.latency_ms is not None:
        shown += f" --latency-ms {args.latency_ms:g} --concurrency-levels {args.concurrency_levels}"
    else:
        shown += f" (posture's default --concurrency {DEFAULT_CONCURRENCY})"
    print(f"bench.py {shown}; {os.cpu_count()} CPUs")

    state = tempfile.mkdtemp(prefix="posture-bench.")
    env = dict(os.environ, POSTURE_EMULATOR_DIR=state)
    endpoint = subprocess.run(
        ["bash", str(HERE / "emulator.sh"), "start"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    try:
        requests_before = time.monotonic()
        totals: dict[str, int] = {}
        for account in accounts:
            for key, value in seed(endpoint, args.scale, account, regions).items():
                totals[key] = totals.get(key, 0) + value
        seeded = time.monotonic() - requests_before
        if len(accounts) == 1 and len(regions) == 1:
            print(f"seeded in {seeded:.1f} s: " + ", ".join(f"{v} {k}" for k, v in totals.items()))
        else:
            print(
                f"seeded in {seeded:.1f} s: {len(accounts)} accounts ({accounts[0]}..{accounts[-1]}) x {len(regions)} regions "
                f"({', '.join(r for r, _ in regions)}); in all: " + ", ".join(f"{v} {k}" for k, v in totals.items())
                + " (IAM and buckets once per account, the rest in each region)"
            )
        region_names = [r for r, _ in regions]
        if args.fault_rate is not None:
            fault_runs(args, binary, endpoint, accounts, region_names, state)
        elif args.latency_ms is not None:
            latency_runs(args, binary, endpoint, accounts, region_names, state)
        else:
            plain_runs(args, binary, endpoint, accounts, region_names)
    finally:
        subprocess.run(["bash", str(HERE / "emulator.sh"), "stop"], env=env, capture_output=True)


if __name__ == "__main__":
    main()
