#!/usr/bin/env bash
# Record the fixture accounts' inventories for the snapshot tests
# (tests/snapshots.rs): start and seed the emulator, audit each fixture account
# with --save-snapshot into tests/fixtures/<account>.inventory.json; then
# write the Terraform state of each account's kit from the same emulator
# (localstack/terraform_state.py: tests/fixtures/terraform/<account>/
# terraform.tfstate); stop it. Run it again after changing seed.py, what
# posture collects, or a kit under tests/fixtures/terraform/, then review the
# findings the snapshot tests show changed (`cargo insta review`, or the
# .snap.new files beside tests/snapshots/) and tests/terraform_kit.rs.
#
#   bash localstack/record-fixtures.sh
#   TF_PLUGIN_DIR=/path/to/plugins bash localstack/record-fixtures.sh   # terraform show reads the states too
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
export POSTURE_EMULATOR_DIR="$(mktemp -d "${TMPDIR:-/tmp}/posture-record.XXXXXX")"
cleanup() { bash "$HERE/emulator.sh" stop >/dev/null 2>&1 || true; rm -rf "$POSTURE_EMULATOR_DIR"; }
trap cleanup EXIT

(cd "$ROOT" && cargo build --locked)
posture="${CARGO_TARGET_DIR:-$ROOT/target}/debug/posture"
endpoint="$(bash "$HERE/emulator.sh" start)"
bash "$HERE/emulator.sh" seed "$endpoint"
mkdir -p "$ROOT/tests/fixtures"
for pair in startup:111111111111 hardened:222222222222; do
  name="${pair%%:*}" account="${pair##*:}"
  # The account's own credentials, as `aws sts assume-role` gives them, so
  # that the snapshot holds that account alone.
  creds="$("$HERE/.venv/bin/python" - "$endpoint" "$account" <<'PY'
import sys, boto3
endpoint, account = sys.argv[1], sys.argv[2]
sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/posture-audit",
                    RoleSessionName="posture-record")["Credentials"]
print(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
PY
)"
  read -r key secret token <<<"$creds"
  out="$ROOT/tests/fixtures/$name.inventory.json"
  env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" \
    AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true NO_COLOR=1 \
    "$posture" audit --endpoint-url "$endpoint" --region us-east-1 \
      --fail-on never --format json --save-snapshot "$out" >/dev/null
  echo "record-fixtures: $out" >&2
done
# The kits' states, from the same freshly seeded emulator (its ids are the
# ones the inventories above hold).
"$HERE/.venv/bin/python" "$HERE/terraform_state.py" --endpoint "$endpoint"
