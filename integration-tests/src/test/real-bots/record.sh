#!/usr/bin/env bash
# Records the real-bot conformance fixtures (issue #11) with the real Node runner, twice per bot:
#   integration-tests/src/test/real-bots/record.sh [reference-runner-dir=~/.cache/tickrunner-node-reference]
# The reference runner must be built (../shared/reference-runner/README.md; ../shared/bench/compare-node.sh builds it
# there). The bots come from npm (package.json / package-lock.json here), are run with `harness/bench.js dir:<folder> 3`
# on the bare bot room, and the recordings are written to ../resources/real-bots/<bot>.tick{1,3}.json (first run)
# and <bot>.tick{1,3}.node2.json (second run: output only, it shows what differs between two Node runs). The bots'
# code is taken out of the recordings (input.userCode becomes {"$npm": "<package>/<folder>"}); the test puts it back
# from the npm packages the build fetched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ref=${1:-$HOME/.cache/tickrunner-node-reference}
out=$here/../resources/real-bots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
mkdir -p "$out"
grep -v '^#' "$here/bots.tsv" | while IFS=$'\t' read -r bot package folder; do
  for run in 1 2; do
    rm -rf "$work/bot" && cp -r "$work/node_modules/$package/$folder" "$work/bot"
    (cd "$ref" && node --no-node-snapshot harness/bench.js "dir:$work/bot" 3 > "$work/$bot.$run.log" 2>&1) \
      || { echo "$bot: the reference runner failed, see $work/$bot.$run.log" >&2; exit 1; }
    for tick in 1 3; do
      python3 - "$ref/golden/bot.tick$tick.json" "$out/$bot.tick$tick$([[ $run == 2 ]] && echo .node2).json" \
          "$package/$folder" "$bot" "$run" <<'PY'
import json, sys
source, target, npm, bot, run = sys.argv[1:]
d = json.load(open(source))
d['scenario'] = bot
d['input']['userCode'] = {'$npm': npm}
if run == '2':
    d = {'scenario': bot, 'tickIndex': d['tickIndex'], 'output': d['output'], 'timing': d['timing']}
json.dump(d, open(target, 'w'), indent=1)
PY
    done
  done
  echo "$bot recorded"
done
