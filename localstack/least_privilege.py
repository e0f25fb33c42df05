"""An auditor identity that holds exactly the policy `posture permissions`
prints, and the emulator's IAM enforcement turned on and off around it: the
"audit with exactly that policy" end-to-end test.

    python least_privilege.py --endpoint URL --state DIR grant --policy FILE [--policy FILE ...] --account A --from B
    python least_privilege.py --endpoint URL --state DIR revoke --account A --from B

`grant` (re)writes the role `posture-least-privilege` in account A with the
first FILE as its only (inline) policy (and `posture-least-privilege-2`, -3,
… with the next FILEs), each trusted by account B, where the user
`posture-auditor` may assume them and nothing else; it prints the roles' ARNs
and the user's access key as JSON (made the first time and kept in DIR; later
grants print the same key). Then it turns
moto's IAM enforcement on: from then on every request must be signed by a
known identity and allowed by its policies, as on AWS. `revoke` turns
enforcement off and deletes the role and the user, so the scenarios after it
see the seeded accounts again.

moto evaluates identity policies (actions; Resource and Condition only
partly); launcher.py corrects the IAM action names moto gives S3 requests.
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from pathlib import Path

from seed import Account

ROLE = "posture-least-privilege"
USER = "posture-auditor"
KEY_FILE = "least-privilege-key.json"


def enforce(endpoint: str, on: bool) -> None:
    """moto's own switch: enforcement after N more unauthenticated requests."""
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth", data=b"0" if on else b"inf", method="POST",
        # moto reads the body as raw data, which Flask leaves empty for a form.
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


def role_name(index: int) -> str:
    """The role holding the index-th policy (0: the first)."""
    return ROLE if index == 0 else f"{ROLE}-{index + 1}"


def grant(endpoint: str, policies: list[str], account: str, source: str, state: Path) -> dict:
    enforce(endpoint, False)
    target, auditor = Account(endpoint, account), Account(endpoint, source)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{source}:root"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam = target.iam
    role_arns = []
    for index, policy in enumerate(policies):
        name = role_name(index)
        try:
            iam.get_role(RoleName=name)
        except iam.exceptions.NoSuchEntityException:
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
        iam.put_role_policy(RoleName=name, PolicyName="posture", PolicyDocument=policy)
        role_arns.append(f"arn:aws:iam::{account}:role/{name}")
    users = auditor.iam
    try:
        users.get_user(UserName=USER)
    except users.exceptions.NoSuchEntityException:
        users.create_user(UserName=USER)
    users.put_user_policy(
        UserName=USER,
        PolicyName="assume-posture-least-privilege",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{account}:role/{ROLE}*"}
                ],
            }
        ),
    )
    key_file = state / KEY_FILE
    if key_file.exists():
        key = json.loads(key_file.read_text())
    else:
        created = users.create_access_key(UserName=USER)["AccessKey"]
        key = {"access_key_id": created["AccessKeyId"], "secret_access_key": created["SecretAccessKey"]}
        key_file.write_text(json.dumps(key))
    enforce(endpoint, True)
    return {"role_arn": role_arns[0], "role_arns": role_arns, **key}


def revoke(endpoint: str, account: str, source: str, state: Path) -> dict:
    enforce(endpoint, False)
    iam = Account(endpoint, account).iam
    revoked = []
    for page in iam.get_paginator("list_roles").paginate():
        for role in page["Roles"]:
            name = role["RoleName"]
            if name != ROLE and not name.startswith(f"{ROLE}-"):
                continue
            for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
                iam.delete_role_policy(RoleName=name, PolicyName=policy)
            iam.delete_role(RoleName=name)
            revoked.append(name)
    users = Account(endpoint, source).iam
    try:
        keys = users.list_access_keys(UserName=USER)["AccessKeyMetadata"]
    except users.exceptions.NoSuchEntityException:
        keys = None
    if keys is not None:
        for key in keys:
            users.delete_access_key(UserName=USER, AccessKeyId=key["AccessKeyId"])
        for name in users.list_user_policies(UserName=USER)["PolicyNames"]:
            users.delete_user_policy(UserName=USER, PolicyName=name)
        users.delete_user(UserName=USER)
    (state / KEY_FILE).unlink(missing_ok=True)
    return {"revoked": revoked}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--state", required=True, type=Path, help="directory to keep the auditor's key in")
    sub = parser.add_subparsers(dest="action", required=True)
    g = sub.add_parser("grant")
    g.add_argument("--policy", required=True, type=Path, action="append", help="one role per policy, in order")
    g.add_argument("--account", required=True)
    g.add_argument("--from", dest="source", required=True)
    r = sub.add_parser("revoke")
    r.add_argument("--account", required=True)
    r.add_argument("--from", dest="source", required=True)
    args = parser.parse_args()
    endpoint = args.endpoint.rstrip("/")
    if args.action == "grant":
        out = grant(endpoint, [p.read_text() for p in args.policy], args.account, args.source, args.state)
    else:
        out = revoke(endpoint, args.account, args.source, args.state)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
