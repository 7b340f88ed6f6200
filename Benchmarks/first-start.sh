#!/usr/bin/env bash
# Measures the first start of `affinity serve` on a fresh data directory with the demo
# store: seconds until /health/ready answers 200 (demo seeded, state loaded) and until
# the first trained model is installed (ALS + blend tuning, in the background).
#
#   Benchmarks/first-start.sh [debug|release]     (default: debug, what `swift run` builds)
#
# Builds the binary first (not timed), starts it on 127.0.0.1 with a free port, prints
# the figures it measured and stops the server with SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-debug}
swift build -c "$configuration" --product affinity >/dev/null
bin=.build/$configuration/affinity
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start=$(date +%s.%N)
AFFINITY_LOG_LEVEL=info "$bin" serve --data-dir "$work/data" --port "$port" >"$work/out.log" 2>"$work/err.log" &
pid=$!
ready=""
for _ in $(seq 1 3000); do
  if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
    ready=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
    break
  fi
  sleep 0.1
done
trained=""
for _ in $(seq 1 1800); do
  if grep -q "trained and installed" "$work/err.log"; then
    trained=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
    break
  fi
  sleep 0.5
done
echo "affinity serve ($configuration build), fresh data directory, demo store, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "  ready (demo seeded, state loaded): ${ready:-not within 300 s} s"
echo "  first model installed:             ${trained:-not within 900 s} s"
grep -E "trained and installed" "$work/err.log" | sed -E 's/.*seconds=([0-9.]+).*tuning_seconds=([0-9.]+).*/  of which ALS \1 s, blend tuning \2 s/' || true
