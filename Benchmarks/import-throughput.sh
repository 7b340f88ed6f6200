#!/usr/bin/env bash
# Measures `affinity import events` throughput (events/s) on this machine.
#
#   Benchmarks/import-throughput.sh [EVENTS] [RUNS]
#
# Builds the release binary, writes EVENTS synthetic NDJSON events (and the same as
# CSV), imports each into a fresh data directory RUNS times (synchronous=FULL, the
# default), and prints every run and the median. Nothing here is typed in: the figures
# are what this run measured.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-500000}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product affinity >/dev/null
bin=.build/release/affinity

python3 - "$events" "$work" <<'PY'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
random.seed(1)
types = ["product_view"] * 8 + ["add_to_cart", "purchase"]
with open(f"{out}/events.ndjson", "w") as nd, open(f"{out}/events.csv", "w") as csv:
    csv.write("event_id,type,occurred_at,channel,user_id,session_id,items\n")
    for i in range(n):
        t = random.choice(types)
        u, p = random.randrange(50000), random.randrange(20000)
        ts = "2026-%02d-%02dT%02d:%02d:%02dZ" % (1 + i % 10, 1 + i % 28, i % 24, i % 60, (i * 7) % 60)
        nd.write(json.dumps({"event_id": f"e{i}", "type": t, "occurred_at": ts, "channel": "web",
                             "user_id": f"u{u}", "session_id": f"s{u}-{i // 20}",
                             "items": [{"product_id": f"P{p}", "quantity": 1}]}) + "\n")
        csv.write(f"e{i},{t},{ts},web,u{u},s{u}-{i // 20},P{p}:1\n")
PY

measure() {
  local file=$1 rates=()
  for run in $(seq "$runs"); do
    rm -rf "$work/data"
    local rate
    rate=$("$bin" import events "$file" --data-dir "$work/data" --json --quiet |
      python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["accepted"]==s["lines"], s; print(int(s["lines"]/s["seconds"]))')
    echo "  run $run: $rate events/s" >&2
    rates+=("$rate")
  done
  printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "import of $events events, $runs runs each, $(nproc) cores:"
nd=$(measure "$work/events.ndjson")
echo "NDJSON median: $nd events/s"
cs=$(measure "$work/events.csv")
echo "CSV    median: $cs events/s"
