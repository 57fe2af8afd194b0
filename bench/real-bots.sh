#!/usr/bin/env bash
# Side by side on large public bots: the real Node runtime (the reference runner that ../shared/bench/compare-node.sh
# builds) and `./tickrunner bench`, each bot on the bare bot room it was recorded in, rounds interleaved.
# Run from the project root:   bench/real-bots.sh [ticks=100] [rounds=1] [bots...]
# Bots: those of integration-tests/src/test/real-bots/bots.tsv (default: all). Their code comes from the npm packages
# the build fetched into integration-tests/target/real-bots (`mvn install` does it); the recordings
# (integration-tests/src/test/resources/real-bots/<bot>.tick1.json, issue #11) hold the world, the code is put back.
# Needs the reference runner built in ${TR_NODE_REF:-$HOME/.cache/tickrunner-node-reference} (compare-node.sh builds
# it once, about 3 minutes).
# Prints per round and bot, as compare-node.sh does: warm runner CPU per tick (median, ms; Node: after its harness's 20
# warm-up ticks, tickrunner: after 100 of the bot's own, not bench's default 1,000, which take minutes for a large bot),
# player-visible CPU (Game.cpu.getUsed at the end of the loop, median, ms), cold start (new sandbox/isolate + first
# tick, median, ms) and the ratios tickrunner / Node (below 1: tickrunner is cheaper), then the machine load. A tick
# stopped at the CPU limit (500 ms here) counts at the CPU it used.
# TR_JIT_MODE=default (or latency, throughput) passes --jit-mode to tickrunner's bench (its default: latency).
set -uo pipefail
ticks=${1:-100}; rounds=${2:-1}; shift 2 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")/.." && pwd)
ref=${TR_NODE_REF:-$HOME/.cache/tickrunner-node-reference}
list=$here/integration-tests/src/test/real-bots/bots.tsv
packages=$here/integration-tests/target/real-bots/node_modules
recordings=$here/integration-tests/src/test/resources/real-bots
[[ -f $ref/built ]] || { echo "the Node reference runner is not built in $ref: run ../shared/bench/compare-node.sh once" >&2; exit 1; }
[[ -d $packages ]] || { echo "no bot packages in $packages: build the project first (mvn install)" >&2; exit 1; }
[[ -x $here/tickrunner ]] || { echo "./tickrunner not found in $here" >&2; exit 1; }
bots=("$@")
[[ ${#bots[@]} -gt 0 ]] || mapfile -t bots < <(grep -v '^#' "$list" | cut -f1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/sandbox/src/test/resources/conformance/terrain.json" "$work/" || exit 1
for bot in "${bots[@]}"; do
  line=$(awk -F'\t' -v b="$bot" '$1 == b' "$list")
  [[ -n $line ]] || { echo "unknown bot '$bot' (not in $list)" >&2; exit 2; }
  folder=$packages/$(cut -f2 <<<"$line")/$(cut -f3 <<<"$line")
  [[ -d $folder ]] || { echo "$bot: no package folder $folder (build the project first)" >&2; exit 1; }
  cp -r "$folder" "$work/$bot"
  python3 - "$recordings/$bot.tick1.json" "$work/$bot" "$work/$bot.tick1.json" <<'PY' || exit 1
import json, os, sys
recording, folder, target = sys.argv[1:]
d = json.load(open(recording))
d['input']['userCode'] = {f[:-3]: open(os.path.join(folder, f)).read() for f in sorted(os.listdir(folder)) if f.endswith('.js')}
json.dump(d, open(target, 'w'))
PY
done
num() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2" | tail -1; }
ratio() { python3 -c "import sys; a,b=sys.argv[1:]; print(f'{float(a)/float(b):.2f}')" "$1" "$2" 2>/dev/null || echo "?"; }
printf '%-5s %-18s | %9s %9s %6s | %9s %9s %6s | %9s %9s %6s | %s\n' round bot node_warm tr_warm ratio \
  node_pcpu tr_pcpu ratio node_cold tr_cold ratio load
for r in $(seq 1 "$rounds"); do
  for bot in "${bots[@]}"; do
    nj=$(cd "$ref" && node --no-node-snapshot harness/bench.js "dir:$work/$bot" "$ticks" --no-golden 2>/dev/null)
    nw=$(python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print(d['warm']['isolateCpuMs']['median'])" <<<"$nj" 2>/dev/null)
    np=$(python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print(d['warm']['usedCleanTime']['median'])" <<<"$nj" 2>/dev/null)
    nc=$(cd "$ref" && node --no-node-snapshot harness/cold.js "dir:$work/$bot" 6 2>/dev/null | python3 -c "
import json,sys; d=json.loads(sys.stdin.read()); m=d['medianExcludingFirst']; print(m['createMs']+m['firstTickWallMs'])" 2>/dev/null)
    out=$("$here/tickrunner" bench "$work/$bot.tick1.json" --ticks "$ticks" --warmup 100 ${TR_JIT_MODE:+--jit-mode "${TR_JIT_MODE^^}"} 2>&1)
    line=$(grep '^bench:' <<<"$out" | tail -1)
    tw=$(num warm_cpu_ms_median "$line"); tc=$(num cold_ms "$line")
    tp=$(sed -n 's/.*player CPU (Game.cpu.getUsed) median \([0-9.]*\) ms.*/\1/p' <<<"$out" | tail -1)
    [[ -n $line ]] || echo "tickrunner bench $bot printed no bench: line; last lines: $(tail -3 <<<"$out" | tr '\n' ' ')" >&2
    printf '%-5s %-18s | %9s %9s %6s | %9s %9s %6s | %9s %9s %6s | %s\n' "$r" "$bot" "${nw:-?}" "${tw:-?}" \
      "$(ratio "${tw:-x}" "${nw:-x}")" "${np:-?}" "${tp:-?}" "$(ratio "${tp:-x}" "${np:-x}")" "${nc:-?}" "${tc:-?}" \
      "$(ratio "${tc:-x}" "${nc:-x}")" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
