#!/usr/bin/env bash
# Fetches MovieLens-100K from the PyPI wheel recbole==1.2.1 (which ships
# recbole/dataset_example/ml-100k/ml-100k.inter) and converts it to Affinity's event
# format. The data is NOT committed: its licence forbids redistribution.
#
#   Datasets/movielens-100k/fetch.sh [OUT_DIR]     (default: Datasets/movielens-100k/data)
#
# Writes OUT_DIR/ml-100k.inter (the RecBole atomic file, input of Benchmarks/eval/split.py)
# and OUT_DIR/events.ndjson (one `purchase` event per rating, for `affinity import events`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/data}
mkdir -p "$out"
if [ ! -s "$out/ml-100k.inter" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary=:all: recbole==1.2.1 -d "$tmp"
  python3 - "$tmp" "$out/ml-100k.inter" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/recbole-1.2.1-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    data = z.read("recbole/dataset_example/ml-100k/ml-100k.inter")
open(sys.argv[2], "wb").write(data)
PY
fi
python3 - "$out/ml-100k.inter" "$out/events.ndjson" <<'PY'
import datetime, json, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src) as f, open(dst, "w") as out:
    f.readline()
    n = 0
    for line in f:
        user, item, rating, ts = line.rstrip("\n").split("\t")
        when = datetime.datetime.fromtimestamp(int(float(ts)), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(json.dumps({"event_id": f"ml-{user}-{item}", "type": "purchase", "occurred_at": when,
                              "user_id": user, "items": [{"product_id": item}],
                              "properties": {"rating": float(rating)}}) + "\n")
        n += 1
print(f"wrote {n} events to {dst} and the RecBole file {src}")
PY
