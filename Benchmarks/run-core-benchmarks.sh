#!/usr/bin/env bash
# Scoring-core benchmarks (Benchmarks/CoreBenchmarks, ordo-one/benchmark), end to end:
# prerequisites → `swift package benchmark` in its own scratch path → the plugin's full
# table → a summary (p50/p99 per benchmark and metric) and the for_you p99 target check.
#
#   Benchmarks/run-core-benchmarks.sh [PLUGIN OPTION ...]    e.g. --filter 'for_you.*'
#
# Builds into .build-bench (never touches .build). The first run compiles the benchmark
# package and the project's dependency graph in release mode: several minutes on 2 cores.
# Every figure printed comes from this run's output; nothing is typed in.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- prerequisites -------------------------------------------------------------------
# On Swift 6.3+ ordo-one/benchmark takes its malloc statistics from the malloc-interposer
# *package* (the MallocInterposer trait in Package.swift): nothing to install. On Swift
# <= 6.2 its backend is jemalloc, which needs the system library.
read -r swift_major swift_minor < <(swift --version 2>&1 |
  sed -n 's/.*Swift version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p' | head -n 1)
if [ "${swift_major:-0}" -lt 6 ] || { [ "$swift_major" -eq 6 ] && [ "${swift_minor:-0}" -lt 3 ]; }; then
  if ! dpkg -s libjemalloc-dev >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq libjemalloc-dev >/dev/null
  fi
fi
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

# --- run -----------------------------------------------------------------------------
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC')  host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# command: AFFINITY_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark --target CoreBenchmarks --no-progress $*"
# The work tree may be edited while we build (SwiftPM then stops with "was modified during
# the build"): retry a couple of times rather than fail the whole run.
for attempt in 1 2 3; do
  rc=0
  AFFINITY_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark \
    --target CoreBenchmarks --no-progress "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ] || ! grep -q 'was modified during the build' "$log"; then break; fi
  echo "# build attempt $attempt hit a concurrent source edit; retrying" >&2
done
echo "# load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$rc" -ne 0 ]; then
  grep -v '^\[[0-9]*/[0-9]*\]' "$log" | tail -n 40 >&2
  echo "benchmark run failed (exit $rc)" >&2
  exit "$rc"
fi

# The plugin's own tables (build progress lines dropped).
sed -n '/^Running Benchmarks/,$p' "$log" | sed '/^\[[0-9]*\/[0-9]*\]/d'

# --- summary -------------------------------------------------------------------------
python3 - "$log" <<'PY'
import re, sys

text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"\x1b\[[0-9;]*m", "", text)
rows, current, header = [], None, None
for line in text.splitlines():
    s = line.strip()
    if not s:
        continue
    if s[0] not in "│╒╞├╘═" and not s.startswith("[") and not s.startswith("#"):
        current = s  # a benchmark name precedes its table
        continue
    if s.startswith("│"):
        cells = [c.strip() for c in s.strip("│").split("│")]
        if cells[0] == "Metric":
            header = cells
        elif header and current:
            rows.append((current, dict(zip(header, cells))))

if not rows:
    sys.exit("no benchmark table found in the plugin output")

print()
print("Summary (this run; p50 = median, p99 = 99th percentile; for throughput rows p99 is the")
print("slowest 1%, i.e. the low end; '*' = per inner iteration of a scaled benchmark)")
w = max(len(b) for b, _ in rows)
print(f"{'benchmark':<{w}}  {'metric':<26} {'p50':>9} {'p99':>9} {'samples':>9}")
for bench, r in rows:
    print(f"{bench:<{w}}  {r['Metric']:<26} {r['p50']:>9} {r['p99']:>9} {r['Samples']:>9}")

print()
target_us = 300
for bench, r in rows:
    if bench.startswith("for_you rank 100k") and r["Metric"].startswith("Time (wall clock)"):
        unit = re.search(r"\((μs|ms|ns|s)\)", r["Metric"]).group(1)
        scale = {"ns": 1e-3, "μs": 1.0, "ms": 1e3, "s": 1e6}[unit]
        p99 = float(r["p99"].replace(",", "")) * scale
        verdict = "MET" if p99 <= target_us else "NOT MET"
        print(f"Target for_you p99 <= 0.3 ms at 100k items ({bench}): measured p99 = {p99 / 1000:g} ms -> {verdict}")
PY
