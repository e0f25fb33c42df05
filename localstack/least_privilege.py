"""An auditor identity that holds exactly the policy `posture permissions`
prints, and the emulator's IAM enforcement turned on and off around it: the
"audit with exactly that policy" end-to-end test.

    python least_privilege.py --endpoint URL --state DIR grant --policy FILE --account A --from B
    python least_privilege.py --endpoint URL --state DIR revoke --account A --from B

`grant` (re)writes the role `posture-least-privilege` in account A with FILE
as its only (inline) policy, trusted by account B, where the user
`posture-auditor` may assume it and nothing else; it prints the user's access
key as JSON (made the first time and kept in DIR; later grants print the
same key). Then it turns
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


def grant(endpoint: str, policy: str, account: str, source: str, state: Path) -> dict:
    enforce(endpoint, False)
    target, auditor = Account(endpoint, account), Account(endpoint, source)
    role_arn = f"arn:aws:iam::{account}:role/{ROLE}"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{source}:root"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam = target.iam
    try:
        iam.get_role(RoleName=ROLE)
    except iam.exceptions.NoSuchEntityException:
        iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName=ROLE, PolicyName="posture", PolicyDocument=policy)
    key_file = state / KEY_FILE
    if key_file.exists():
        key = json.loads(key_file.read_text())
    else:
        users = auditor.iam
        users.create_user(UserName=USER)
        users.put_user_policy(
            UserName=USER,
            PolicyName="assume-posture-least-privilege",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}],
                }
            ),
        )
        created = users.create_access_key(UserName=USER)["AccessKey"]
        key = {"access_key_id": created["AccessKeyId"], "secret_access_key": created["SecretAccessKey"]}
        key_file.write_text(json.dumps(key))
    enforce(endpoint, True)
    return {"role_arn": role_arn, **key}


def revoke(endpoint: str, account: str, source: str, state: Path) -> dict:
    enforce(endpoint, False)
    iam = Account(endpoint, account).iam
    for name in iam.list_role_policies(RoleName=ROLE)["PolicyNames"]:
        iam.delete_role_policy(RoleName=ROLE, PolicyName=name)
    iam.delete_role(RoleName=ROLE)
    users = Account(endpoint, source).iam
    for key in users.list_access_keys(UserName=USER)["AccessKeyMetadata"]:
        users.delete_access_key(UserName=USER, AccessKeyId=key["AccessKeyId"])
    for name in users.list_user_policies(UserName=USER)["PolicyNames"]:
        users.delete_user_policy(UserName=USER, PolicyName=name)
    users.delete_user(UserName=USER)
    (state / KEY_FILE).unlink(missing_ok=True)
    return {"revoked": ROLE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--state", required=True, type=Path, help="directory to keep the auditor's key in")
    sub = parser.add_subparsers(dest="action", required=True)
    g = sub.add_parser("grant")
    g.add_argument("--policy", required=True, type=Path)
    g.add_argument("--account", required=True)
    g.add_argument("--from", dest="source", required=True)
    r = sub.add_parser("revoke")
    r.add_argument("--account", required=True)
    r.add_argument("--from", dest="source", required=True)
    args = parser.parse_args()
    endpoint = args.endpoint.rstrip("/")
    if args.action == "grant":
        out = grant(endpoint, args.policy.read_text(), args.account, args.source, args.state)
    else:
        out = revoke(endpoint, args.account, args.source, args.state)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
