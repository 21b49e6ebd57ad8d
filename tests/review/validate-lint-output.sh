#!/usr/bin/env bash
# Runs `sluicectl lint` over every rule fixture in one call, in JSON and SARIF, and validates both outputs against
# their schemas (tests/data/lint-json.schema.json, the SARIF 2.1.0 schema in tests/data) with python3-jsonschema.
set -euo pipefail
sluicectl=$1
source_dir=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fixtures=("$source_dir"/tests/review/rules/*.sql)
for format in json sarif; do
    set +e
    "$sluicectl" lint --format "$format" "${fixtures[@]}" >"$out/$format"
    code=$?
    set -e
    if [ "$code" -ne 1 ]; then
        echo "expected exit 1 (the fixtures contain error findings), got $code" >&2
        exit 1
    fi
done
python3 - "$out/json" "$source_dir/tests/data/lint-json.schema.json" "$out/sarif" "$source_dir/tests/data/sarif-schema-2.1.0.json" <<'PY'
import json, sys, jsonschema
for output, schema in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    doc = json.load(open(output))
    jsonschema.validate(doc, json.load(open(schema)))
json_doc = json.load(open(sys.argv[1]))
sarif = json.load(open(sys.argv[3]))
results = sarif["runs"][0]["results"]
findings = sum(len(f["findings"]) for f in json_doc["files"])
assert len(results) == findings, (len(results), findings)
assert findings > 0
rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
assert all(r["ruleId"] in rules for r in results)
print(f"1 passed, 0 failed: json and sarif valid, {findings} findings in {len(json_doc['files'])} files")
PY
