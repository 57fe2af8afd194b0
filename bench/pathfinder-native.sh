#!/usr/bin/env bash
# The Java PathFinder against the driver's native one (C++), on the 600 golden queries of
# ../shared/conformance/pathfinder-public.json, alternated. Run from the project root after a build:
#   bench/pathfinder-native.sh [rounds=2]
# Needs the reference runner built in ${TR_NODE_REF:-$HOME/.cache/tickrunner-node-reference}
# (../shared/bench/compare-node.sh builds it once, about 3 minutes). Prints per round both medians (µs per query; the
# native figure includes the N-API call, as a player's search on Node pays it) and the ratio Java / native.
set -uo pipefail
rounds=${1:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$here/../shared" && pwd)
ref=${TR_NODE_REF:-$HOME/.cache/tickrunner-node-reference}
[[ -f $ref/built ]] || { echo "reference runner not built in $ref: run ../shared/bench/compare-node.sh once" >&2; exit 1; }
for r in $(seq 1 "$rounds"); do
  n=$(REF=$ref SHARED=$shared node "$here/bench/lib/pathfinder-native.js") || { echo "native run failed" >&2; exit 1; }
  j=$("$here/tickrunner" pathfinder "$shared/conformance/pathfinder-public.json" 2>/dev/null) || { echo "tickrunner pathfinder failed" >&2; exit 1; }
  nm=$(sed -n 's/.*median search time \([0-9.]*\) µs.*/\1/p' <<<"$n")
  jm=$(sed -n 's/.*median search time: \([0-9.]*\) µs.*/\1/p' <<<"$j")
  echo "round $r: $n"
  echo "round $r: Java PathFinder: $(grep 'identical' <<<"$j" | head -1); median search time $jm µs/query"
  python3 -c "import sys; print(f'round {sys.argv[1]}: Java / native: {float(sys.argv[2]) / float(sys.argv[3]):.2f}')" "$r" "$jm" "$nm"
done
