#!/usr/bin/env bash
# The real server on tickrunner, then the same world on the real Node runner, side by side (issue #9's live figures).
# Run from the project root after a build (`./test` or `mvn -DskipTests install`):
#   bench/live-shard.sh [spawned-bots=12] [warm-up-seconds=180]
# Runs LiveShardIT (integration-tests/.../live) with its Node half on: screeps@4.3.0 + screepsmod-mongo on a Redis and
# mongo-java-server, the world's 4 simplebots plus the spawned ones, runner_threads 2, tick duration 1 ms; each runner
# runs the shard for the warm-up, then 200 measured ticks. Prints both runners' figures (ticks/s, main's waitForUsers
# median and p90, the runner process's CPU and resident memory, its compiler threads' share of that CPU, tickrunner's
# ticket stages and Truffle's compilations, deoptimisations and invalidations per minute) and the
# waitForUsers ratio tickrunner / Node. Every process it starts listens on 127.0.0.1 and is stopped by pid. About 15
# minutes on 2 cores; nothing else should run. LIVE_SHARD_TICKRUNNER_JAVA_OPTS, if set, becomes the shard's
# tickrunner's TICKRUNNER_JAVA_OPTS (it replaces the launcher's heap flags: repeat them), e.g. for Truffle's traces:
#   LIVE_SHARD_TICKRUNNER_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:MaxGCPauseMillis=50 \
#     -Dtickrunner.diagnostics=true -Dpolyglot.engine.TraceCompilation=true -Dpolyglot.log.file=/tmp/jit.log"
set -uo pipefail
bots=${1:-12}; warmup=${2:-180}
[[ -x ./tickrunner ]] || { echo "run this from the project root (./tickrunner not found)" >&2; exit 1; }
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25*; do
  if [[ -n $candidate && -x $candidate/bin/java ]] && "$candidate/bin/java" -version 2>&1 | head -1 | grep -Eq 'version "25([."]|$)'; then
    export JAVA_HOME=$candidate; break
  fi
done
target=integration-tests/target
rm -rf "$target"/live-shard-world-* "$target"/live-shard-figures-*.txt "$target"/live-shard-comparison.txt
log=$(mktemp)
# Only failsafe's default execution: with -Dit.test the JIT execution would run the suite a second time.
mvn -B -o -pl integration-tests test-compile failsafe:integration-test@default failsafe:verify@default \
  -Dit.test=LiveShardIT -Dit.failIfNoSpecifiedTests=false -Dlive.shard.node=true \
  -Dlive.shard.bots="$bots" -Dlive.shard.warmupSeconds="$warmup" \
  ${LIVE_SHARD_TICKRUNNER_JAVA_OPTS:+"-Dlive.shard.tickrunnerJavaOpts=$LIVE_SHARD_TICKRUNNER_JAVA_OPTS"} > "$log" 2>&1
rc=$?
for kind in tickrunner node; do
  [[ -f $target/live-shard-figures-$kind.txt ]] && sed -n '1,7p' "$target/live-shard-figures-$kind.txt"
done
tr=$(sed -n 's/^waitForUsers median \([0-9.]*\) ms.*/\1/p' "$target/live-shard-figures-tickrunner.txt" 2>/dev/null)
nd=$(sed -n 's/^waitForUsers median \([0-9.]*\) ms.*/\1/p' "$target/live-shard-figures-node.txt" 2>/dev/null)
[[ -n $tr && -n $nd ]] && python3 -c "import sys; print(f'waitForUsers median tickrunner / Node: {float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$tr" "$nd"
[[ $rc -eq 0 ]] || { echo "LiveShardIT failed (exit $rc); its output: $log" >&2; grep -E "FAIL|ERROR\]" "$log" | head -5 >&2; }
exit $rc
