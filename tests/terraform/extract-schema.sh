#!/usr/bin/env bash
# Regenerate aws-provider-schema.json: the arguments and nested blocks of every
# resource and data source type the Terraform snippets in checks/ use, read
# from the hashicorp/aws provider's own schema (`terraform providers schema`).
# Needs terraform and the provider (a plugin dir via TF_PLUGIN_DIR, or network).
#
#   TF_PLUGIN_DIR=/path/to/plugins bash tests/terraform/extract-schema.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="${AWS_PROVIDER_VERSION:-5.100.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/main.tf" <<TF
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "$VERSION" }
  }
}
TF
args=()
[[ -n "${TF_PLUGIN_DIR:-}" ]] && args+=("-plugin-dir=$TF_PLUGIN_DIR")
(cd "$work" && terraform init -input=false -backend=false "${args[@]}" >/dev/null)
(cd "$work" && terraform providers schema -json) >"$work/schema.json"
python3 - "$ROOT/checks" "$work/schema.json" "$VERSION" >"$HERE/aws-provider-schema.json" <<'PY'
import json, pathlib, re, sys, tomllib
checks, schema_path, version = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
used = {"resource": set(), "data": set()}
for path in sorted(checks.glob("*.toml")):
    doc = tomllib.loads(path.read_text())
    snippet = doc.get("remediation", {}).get("terraform", "")
    for kind, name in re.findall(r'^\s*(resource|data)\s+"([a-z0-9_]+)"', snippet, re.M):
        used[kind].add(name)
provider = json.load(open(schema_path))["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
def block(b):
    return {
        "attributes": sorted(b.get("attributes", {})),
        "blocks": {name: block(nested["block"]) for name, nested in sorted(b.get("block_types", {}).items())},
    }
out = {
    "provider": f"hashicorp/aws {version}",
    "resource": {n: block(provider["resource_schemas"][n]["block"]) for n in sorted(used["resource"]) if n in provider["resource_schemas"]},
    "data": {n: block(provider["data_source_schemas"][n]["block"]) for n in sorted(used["data"]) if n in provider["data_source_schemas"]},
    "unknown": sorted([f"resource {n}" for n in used["resource"] if n not in provider["resource_schemas"]] +
                      [f"data {n}" for n in used["data"] if n not in provider["data_source_schemas"]]),
}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
PY
echo "wrote $HERE/aws-provider-schema.json" >&2
