#!/usr/bin/env bash
# How much a CPU-bound neighbour on the same cores slows a warm tick, tickrunner beside the Node runner.
# Run from the project root after ../shared/bench/compare-node.sh has built the Node reference once:
#   bench/contention.sh [scenario=harvester] [ticks=300] [hogs=<cores>]
# For each runner it measures the scenario quiet, then with `hogs` busy-loop processes beside it (stopped by pid;
# for tickrunner they start when its engine warm-up is over: a neighbour that appears beside a warm runner), and prints warm CPU and warm wall per tick (medians, ms) and the degradation loaded/quiet. The last line compares
# the two: tickrunner's degradation / Node's (below 1: tickrunner degrades less). Figures, never asserted.
set -uo pipefail
scenario=${1:-harvester}; ticks=${2:-300}; hogs=${3:-$(nproc)}
ref=${TR_NODE_REF:-$HOME/.cache/tickrunner-node-reference}
shared=$(cd "$(dirname "$0")/../../shared" 2>/dev/null && pwd || echo ../shared)
[[ -f $ref/built ]] || { echo "no Node reference in $ref: run ../shared/bench/compare-node.sh once" >&2; exit 1; }
[[ -x ./tickrunner ]] || { echo "run this from the project root" >&2; exit 1; }
rec=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$rec"; }
trap cleanup EXIT
if [[ -f $shared/conformance/$scenario.tick1.json ]]; then cp "$shared/conformance/$scenario.tick1.json" "$rec/"
else (cd "$ref" && node --no-node-snapshot harness/bench.js "$scenario" 5 >/dev/null 2>&1 && cp "golden/$scenario.tick1.json" "$rec/") \
  || { echo "cannot record $scenario" >&2; exit 1; }; fi
cp "$shared/conformance/terrain.json" "$rec/"
py() { python3 -c "$1" "${@:2}"; }
node_run() {  # prints "cpu wall"
  (cd "$ref" && node --no-node-snapshot harness/bench.js "$scenario" "$ticks" --no-golden 2>/dev/null) | py "
import json,sys; w=json.loads(sys.stdin.read())['warm']; print(w['isolateCpuMs']['median'], w['wallMs']['median'])"
}
tr_run() {  # prints "cpu wall"; with $1 = hog, the busy loops start once the engine warm-up is over (a neighbour
            # that appears beside a warm runner), and stop with the bench
  local out; out=$(mktemp -p "$rec")
  ./tickrunner bench "$rec/$scenario.tick1.json" --ticks "$ticks" --cold-runs 1 > "$out" 2>&1 &
  local bench=$!
  if [[ ${1:-} == hog ]]; then
    while kill -0 "$bench" 2>/dev/null && ! grep -q "Engine warm-up:" "$out"; do sleep 0.5; done
    hog_on
  fi
  wait "$bench"
  [[ ${1:-} == hog ]] && hog_off
  py "
import re,sys; t=open(sys.argv[1]).read(); c=re.search(r'warm_cpu_ms_median=([0-9.]+)',t).group(1); w=re.search(r'warm_wall_ms_median=([0-9.]+)',t).group(1)
print(c, w)" "$out"
}
hog_on() { for _ in $(seq 1 "$hogs"); do (while :; do :; done) & pids+=($!); done; }
hog_off() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; pids=(); }
read -r nq_c nq_w <<<"$(node_run)"; read -r tq_c tq_w <<<"$(tr_run)"
hog_on; read -r nl_c nl_w <<<"$(node_run)"; hog_off
read -r tl_c tl_w < <(tr_run hog)
ratio() { py "import sys; a,b=map(float,sys.argv[1:]); print(f'{a/b:.2f}')" "$1" "$2" 2>/dev/null || echo "?"; }
printf '%-11s | %9s %9s %9s | %9s %9s %9s\n' runner quiet_cpu load_cpu degr quiet_wall load_wall degr
printf '%-11s | %9s %9s %9s | %9s %9s %9s\n' node "$nq_c" "$nl_c" "$(ratio "$nl_c" "$nq_c")" "$nq_w" "$nl_w" "$(ratio "$nl_w" "$nq_w")"
printf '%-11s | %9s %9s %9s | %9s %9s %9s\n' tickrunner "$tq_c" "$tl_c" "$(ratio "$tl_c" "$tq_c")" "$tq_w" "$tl_w" "$(ratio "$tl_w" "$tq_w")"
echo "scenario $scenario, $hogs busy loops beside it; tickrunner degradation / Node degradation: cpu $(ratio "$(ratio "$tl_c" "$tq_c")" "$(ratio "$nl_c" "$nq_c")"), wall $(ratio "$(ratio "$tl_w" "$tq_w")" "$(ratio "$nl_w" "$nq_w")")"
