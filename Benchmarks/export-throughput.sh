#!/usr/bin/env bash
# Measures `affinity export recommendations` throughput (shoppers/s) on this machine.
#
#   Benchmarks/export-throughput.sh [PRODUCTS] [SHOPPERS] [RUNS]
#
# Builds the release binary, generates a synthetic store with `affinity datasets demo`
# (PRODUCTS products, SHOPPERS shoppers, default 100000 and 20000), imports its catalog
# and events into a fresh data directory, trains the model (so lists use every source,
# vectors included), then exports the `home_hero` placement of the repository's
# affinity.yaml for every known user RUNS times (default 3) on the `web` channel and
# prints every run and the median (one worker per core, each on its own copy of the state).
# As references measured in the same run on the same data, it also times one worker
# (the speed-up from parallel workers is the ratio of the two) and `--format csv` once.
# Nothing here is typed in: the figures are what this run measured.
set -euo pipefail
cd "$(dirname "$0")/.."
products=${1:-100000}
shoppers=${2:-20000}
runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product affinity >/dev/null
bin=.build/release/affinity

"$bin" datasets demo --products "$products" --shoppers "$shoppers" --out "$work/store" >&2
"$bin" import catalog "$work/store/products.ndjson" --data-dir "$work/data" --config affinity.yaml --quiet >&2
"$bin" import events "$work/store/events.csv" --data-dir "$work/data" --quiet >&2
"$bin" train --data-dir "$work/data" --quiet >&2

rate() {
  # The command's last stderr line: "exported N lists in S s (R shoppers/s)".
  "$bin" export recommendations --data-dir "$work/data" --config affinity.yaml --placement home_hero \
    --channel web --quiet --out "$work/out" "$@" 2>&1 >/dev/null | tail -1 |
    sed -E 's/.*\(([0-9]+) shoppers\/s\).*/\1/'
}

echo "export of home_hero (for_you, 12 items) for every user, $products products, $(nproc) cores:"
rates=()
for run in $(seq "$runs"); do
  r=$(rate)
  echo "  run $run: $r shoppers/s ($(wc -l <"$work/out") lists)"
  rates+=("$r")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "NDJSON median: $median shoppers/s"
one=$(rate --workers 1)
echo "one worker (one run): $one shoppers/s; parallel / one worker: $(python3 -c "print(round($median / $one, 2))")"
echo "CSV (one run): $(rate --format csv) shoppers/s"
