#!/usr/bin/env bash
# The engine's hand-written parsing fast paths against the library way: NDJSON event
# lines (EventJSONParser via EventDecoding.decodeLine vs JSONDecoder), CSV event rows
# (EventCSVFastPath vs EventCSV.event) and RFC 3339 timestamps (RFC3339.milliseconds /
# RFC3339.string vs ISO8601DateFormatter and Date.ISO8601FormatStyle), on the same seeded
# inputs, plus whether their results agree.
#
#   Benchmarks/parsing-fast-paths.sh
#
# Builds the ParsingBenchmarks executable (Benchmarks/ParsingBenchmarks, a target of the
# root package that exists only with AFFINITY_BENCHMARKS set) in release mode into
# .build-bench (git-ignored, shared with run-core-benchmarks.sh), so it never disturbs
# .build. Every figure printed is measured by this run; nothing is typed in.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-bench
build=(swift build -c release --scratch-path "$scratch" --product ParsingBenchmarks)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The work tree may be edited while we build (SwiftPM then stops with "was modified during
# the build"): retry a couple of times rather than fail the whole run.
for attempt in 1 2 3; do
  rc=0
  AFFINITY_BENCHMARKS=1 "${build[@]}" >"$log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ] || ! grep -q 'was modified during the build' "$log"; then break; fi
  echo "# build attempt $attempt hit a concurrent source edit; retrying" >&2
done
if [ "$rc" -ne 0 ]; then
  tail -n 40 "$log" >&2
  exit "$rc"
fi

changed=$(git --no-optional-locks diff --name-only HEAD -- Sources/AffinityEngine/Parsing Sources/AffinityEngine/Events 2>/dev/null | wc -l)
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC')  host: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "# $(swift --version 2>&1 | sed -n 's/.*\(Swift version [0-9.]*\).*/\1/p' | head -n 1), release build: AFFINITY_BENCHMARKS=1 ${build[*]}"
echo "# engine sources: commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $changed uncommitted file(s) under Sources/AffinityEngine/{Parsing,Events}"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$scratch/release/ParsingBenchmarks"
echo "# load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
