#!/usr/bin/env bash
# Command-line behaviours the unit tests cannot reach, run against a built binary:
#   - `import catalog --config` validates prices against that shop's channels (and the
#     demo channels without a rules file).
# Usage: scripts/cli_checks.sh BINARY
set -euo pipefail
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"   # no ./affinity.yaml here: the default is the demo channels

cat >shop.yaml <<'YAML'
channels:
  - {id: b2b, kind: web, currency: CHF, locale: de-CH}
YAML
printf 'id,title,price:b2b,published:b2b,visible:b2b\nA,Shoe,4999,true,false\nB,Boot,5999,true,true\n' >shop.csv

out=$("$binary" import catalog shop.csv --config shop.yaml --data-dir with-config --quiet --json)
applied=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["applied"])' <<<"$out")
[ "$applied" = 2 ] || { echo "import catalog --config: expected 2 applied, got: $out" >&2; exit 1; }

set +e
out=$("$binary" import catalog shop.csv --data-dir without-config --quiet 2>&1)
status=$?
set -e
# A header naming an unknown channel refuses the whole file (exit 1), nothing imported.
[ "$status" = 1 ] || { echo "import catalog without --config: expected exit 1, got $status: $out" >&2; exit 1; }
grep -q "unknown channel 'b2b'" <<<"$out" ||
  { echo "import catalog without --config: expected the unknown channel named, got: $out" >&2; exit 1; }
echo "cli checks: import catalog --config uses the shop's channels (2 applied); without it b2b is refused"
