#!/usr/bin/env bash
# The demo: install and start the emulator, seed the fixture accounts, build
# posture and audit the `startup` account (the guide's Startup-Ready defaults)
# with that account's credentials, then stop the emulator.
#
#   bash localstack/demo.sh                 # audit `startup`, table output
#   bash localstack/demo.sh hardened        # audit `hardened` instead
#   bash localstack/demo.sh organization    # the whole seeded organization, two regions
#   bash localstack/demo.sh startup --format json --show-pass   # extra posture flags
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
account_name="${1:-startup}"
shift || true
case "$account_name" in
  startup) account=111111111111 ;;
  hardened) account=222222222222 ;;
  # The management account: the emulator's default, which plain credentials act in.
  organization) account=123456789012 ;;
  *) echo "demo.sh: unknown fixture account '$account_name' (startup, hardened or organization)" >&2; exit 2 ;;
esac

export POSTURE_EMULATOR_DIR="${POSTURE_EMULATOR_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/posture-demo.XXXXXX")}"
cleanup() { bash "$HERE/emulator.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

# The same profile and features as `cargo test`, so the test suite reuses this build.
echo "demo: building posture (the first build compiles the AWS SDK crates and takes several minutes; later ones take seconds)" >&2
(cd "$ROOT" && cargo build)
posture="${CARGO_TARGET_DIR:-$ROOT/target}/debug/posture"
endpoint="$(bash "$HERE/emulator.sh" start)"
bash "$HERE/emulator.sh" seed "$endpoint"

# Credentials of the audited account, as `aws sts assume-role` would give them
# (for the organization: the management account's own, which --org-role uses
# to list the members and assume posture-audit in each).
eval "$("$HERE/.venv/bin/python" - "$endpoint" "$account" <<'PY'
import sys, boto3
endpoint, account = sys.argv[1], sys.argv[2]
sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/posture-audit",
                    RoleSessionName="posture-demo")["Credentials"]
print(f"export AWS_ACCESS_KEY_ID={c['AccessKeyId']} AWS_SECRET_ACCESS_KEY={c['SecretAccessKey']} "
      f"AWS_SESSION_TOKEN={c['SessionToken']}")
PY
)"
export AWS_REGION=us-east-1
unset AWS_PROFILE
echo "demo: auditing the $account_name account ($account) at $endpoint" >&2
status=0
# The fixture accounts are seeded in us-east-1; without --region posture would
# audit every enabled region, where the emulator's untouched default VPCs and
# missing GuardDuty detectors fail as they would on a real account.
if [ "$account_name" = organization ]; then
  # Every active member (the closed one is skipped), in the two regions the
  # seed uses: the member `workloads` has SSH open in eu-west-1.
  "$posture" audit --endpoint-url "$endpoint" --org-role posture-audit --region us-east-1 --region eu-west-1 "$@" || status=$?
else
  "$posture" audit --endpoint-url "$endpoint" --region us-east-1 "$@" || status=$?
fi
echo "demo: posture exited with $status (0 clean, 1 failing findings at or above --fail-on, 2 could not run)" >&2
exit 0
