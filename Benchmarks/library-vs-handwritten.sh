#!/usr/bin/env bash
# The core's former hand-written MaxHeap and ln/exp2/pow series against swift-collections'
# Heap and swift-numerics' RealModule: a small release executable
# (Benchmarks/LibraryVsHandwritten, its own package, so nothing else is built) timed on
# inputs shaped like the core's call sites, plus how closely the results agree.
#
#   Benchmarks/library-vs-handwritten.sh
#
# Builds into .build-lvh (git-ignored): only HeapModule, RealModule and one executable, so
# later runs take seconds. Every figure printed is measured by this run.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=Benchmarks/LibraryVsHandwritten
scratch=$PWD/.build-lvh
swift build -c release --package-path "$pkg" --scratch-path "$scratch" >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC')  host: $(nproc) cores, $(swift --version 2>&1 | sed -n 's/.*\(Swift version [0-9.]*\).*/\1/p' | head -n 1), release build"
echo "# versions: $(swift package --package-path "$pkg" --scratch-path "$scratch" show-dependencies --format json |
  python3 -c 'import json,sys; print(", ".join(d["name"] + " " + d["version"] for d in json.load(sys.stdin)["dependencies"]))')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$scratch/release/LibraryVsHandwritten"
echo "# load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
