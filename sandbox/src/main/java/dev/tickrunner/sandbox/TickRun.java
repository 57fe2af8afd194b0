package dev.tickrunner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * The three stages of one tick in a player's context: prepare (the runtime's {@code start}: runtime data in,
 * {@code game.init}; off the player's CPU limit, under its own watch), run ({@code loop}, interrupted at the CPU limit)
 * and collect (the runtime's {@code finish}: output read and checked by {@link TickResultReader}). Run and collect are
 * one call into the context ({@code runThenFinish}), as in Node, so that promise callbacks the loop queued run after
 * the tick's output was collected (GraalJS runs them when the call returns): the watch's CPU budget switches from the
 * loop's to the collect budget at {@link #loopEnded()}. A loop interrupted at the CPU limit is collected by a second
 * call ({@code finish(error)}).
 *
 * <p>Mirrors: driver lib/runtime/make.js make() (start, run with timeout, catch) and lib/runtime/runtime.js.
 * Ownership: one per {@link PlayerSandbox}, used by the thread holding its lease.
 */
final class TickRun {
    private static final long MIN_TIMEOUT_MS = 30;
    private static final long TIMEOUT_SLACK_MS = 5;

    private final PlayerSandbox sandbox;
    private final Context context;
    private final SandboxConfig config;
    private final TickWatchdog watchdog;
    private final TickResultReader resultReader;
    private Value start;
    /** The runtime keeps the sandbox's code once a tick has started with it (see {@link RuntimeDataJson}). */
    private boolean codeDelivered;
    /** The {@code accessibleRooms} text the runtime keeps, from the last tick that started (see {@link RuntimeDataJson}). */
    private String accessibleRooms;
    private volatile TickWatchdog.Watch runWatch;
    /** Where this tick's run call ({@code runThenFinish}) is; set by the runtime through the host. */
    private RunStage stage = RunStage.LOOP;
    /** The loop's CPU budget of this tick, ns: the promise callbacks get it again. */
    private long runBudgetNanos;

    TickRun(PlayerSandbox sandbox, Context context, SandboxConfig config, TickWatchdog watchdog,
            TickResultReader resultReader) {
        this.sandbox = sandbox;
        this.context = context;
        this.config = config;
        this.watchdog = watchdog;
        this.resultReader = resultReader;
    }

    void attach(Value runtimeStart) {
        this.start = runtimeStart;
    }

    /** {@code Game.cpu.getUsed()} restarts the loop's CPU budget after the player's code was loaded (runtime-driver). */
    void restartCpuBudget() {
        TickWatchdog.Watch watch = runWatch;
        if (watch != null && stage == RunStage.LOOP) {
            watch.restartCpuBudget();
        }
    }

    /**
     * The runtime's {@code runThenFinish} between the loop and collecting its output: from here on the run call is
     * collect work, under the collect CPU budget, and {@code Game.cpu.getUsed()} restarts no budget.
     */
    void loopEnded() {
        TickWatchdog.Watch watch = runWatch;
        if (watch != null && stage == RunStage.LOOP) {
            if (watch.fired() == TickWatchdog.Fired.CPU_LIMIT) {
                // The loop ran out of CPU in a call the interrupt could not stop (a long built-in): its interrupt is
                // on its way. Leave the context now, so that it cannot land in the collect work.
                throw new LoopOverCpuLimit();
            }
            stage = RunStage.COLLECT;
            watch.restartCpuBudget(config.finishCpuBudget().toNanos());
        }
    }

    /**
     * The runtime's {@code runThenFinish} has collected the tick's output; what is left of the call is the promise
     * callbacks the player's code queued, which get the budget of a loop call (player code; Node runs them in the same
     * call too, after the output was copied out).
     */
    void outputCollected() {
        TickWatchdog.Watch watch = runWatch;
        if (watch != null && stage == RunStage.COLLECT) {
            stage = RunStage.CALLBACKS;
            watch.restartCpuBudget(runBudgetNanos);
        }
    }

    /**
     * Runs the three stages.
     *
     * @param data                 the tick's runtime data
     * @param allocationLimitBytes the thread's allocated-bytes counter at which the tick is stopped
     * @return the outcome; never throws for anything the player's code does
     */
    TickOutcome run(RuntimeData data, long allocationLimitBytes) {
        JsonNode userCode = data.payload().path("userCode");
        if (!codeDelivered && userCode.isObject()) {
            // Before the player's clock and outside every limit, as isolated-vm's compileScriptSync (PlayerModules).
            sandbox.modules().parseAll(userCode);
        }
        long deadlineNanos = System.nanoTime() + config.wallClockBackstop().toNanos();
        long finishBudgetNanos = config.finishCpuBudget().toNanos();
        Value tick;
        TickWatchdog.Watch prepareWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime(),
                allocationLimitBytes);
        try (prepareWatch) {
            RuntimeDataJson input = RuntimeDataJson.of(data.payload(), !codeDelivered, accessibleRooms);
            tick = start.execute(input.json(), input.memory(), data.cpuLimitMs(), data.cpuBucketMs(),
                    input.accessibleRoomsKept());
            codeDelivered = true;
            accessibleRooms = input.accessibleRooms();
        } catch (PolyglotException e) {
            // The runtime's own preparation (game.init) did not finish: whatever stopped it, the context may hold a
            // half-built Game, so the next tick gets a fresh one.
            TickOutcome.Failed failed = failed(e, prepareWatch.fired());
            sandbox.needsResetBecause(failed.resetSandbox() ? ResetReason.of(failed.kind()) : ResetReason.BROKEN);
            return failed;
        }
        stage = RunStage.LOOP;
        this.runBudgetNanos = runCpuBudgetNanos(data.cpuLimitMs());
        String cpuLimitError = null;
        TickWatchdog.Watch watch = watchdog.watch(context, runBudgetNanos, deadlineNanos - System.nanoTime(),
                allocationLimitBytes);
        this.runWatch = watch;
        TickOutcome outcome = null;
        try (watch) {
            outcome = read(tick.invokeMember("runThenFinish"), false, watch);
        } catch (PolyglotException e) {
            // The loop's CPU limit; an interrupt of the collect work or of the promise callbacks after it is a failure
            // of the tick, as one of finish() was.
            boolean loopCpuLimit = (e.isInterrupted() && stage == RunStage.LOOP || e.isHostException()
                    && e.asHostException() instanceof LoopOverCpuLimit)
                    && watch.fired() == TickWatchdog.Fired.CPU_LIMIT && !sandbox.haltRequested();
            if (!loopCpuLimit) {
                TickOutcome.Failed failed = failed(e, watch.fired());
                if (stage == RunStage.CALLBACKS) {
                    // Promise callbacks stopped half-way leave a job queue that would run again after the next tick.
                    sandbox.needsResetBecause(ResetReason.of(failed.kind()));
                }
                return failed;
            }
            cpuLimitError = TimeoutErrorText.of(e);
        } finally {
            this.runWatch = null;
        }
        if (outcome != null) {
            return outcome;
        }
        TickWatchdog.Watch finishWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime(),
                allocationLimitBytes);
        try (finishWatch) {
            return read(tick.invokeMember("finish", cpuLimitError), true, finishWatch);
        } catch (PolyglotException e) {
            return failed(e, finishWatch.fired());
        }
    }

    /** Reads the runtime's output ({@code {json, memory}}) under the watch that collected it. */
    private TickOutcome read(Value output, boolean stoppedAtCpuLimit, TickWatchdog.Watch watch) {
        TickOutcome.Completed completed;
        try {
            completed = resultReader.read(sandbox.userId(), output.getMember("json").asString(),
                    output.getMember("memory").asString(), stoppedAtCpuLimit);
            sandbox.measureRetainedWalkIfDue();
        } catch (TickResultRejectedException e) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.SCRIPT_ERROR, e.playerText(), false);
        }
        if (watch.fired() == TickWatchdog.Fired.ALLOCATION) {
            sandbox.needsResetBecause(ResetReason.OUT_OF_MEMORY);
        }
        return completed;
    }

    private TickOutcome.Failed failed(PolyglotException e, TickWatchdog.Fired fired) {
        TickOutcome.Failed failure = TickFailures.of(e,
                new TickFailures.Stop(sandbox.haltRequested(), sandbox.statementLimitReached(), fired));
        if (failure.resetSandbox()) {
            sandbox.needsResetBecause(ResetReason.of(failure.kind()));
        }
        return failure;
    }

    private static long runCpuBudgetNanos(double cpuLimitMs) {
        if (Double.isInfinite(cpuLimitMs)) {
            return Long.MAX_VALUE;
        }
        // Mirrors: runtime-driver.js evalCode, timeout = max(cpu + 5, 30) ms.
        long ms = Math.max((long) Math.ceil(cpuLimitMs) + TIMEOUT_SLACK_MS, MIN_TIMEOUT_MS);
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** The parts of the run call: the player's loop, collecting its output, then the promise callbacks it queued. */
    private enum RunStage { LOOP, COLLECT, CALLBACKS }

    /** Thrown into the runtime when the loop returned after its CPU budget ran out (see {@link #loopEnded()}). */
    static final class LoopOverCpuLimit extends RuntimeException {
        LoopOverCpuLimit() {
            super("loop over its CPU limit", null, false, false);
        }
    }
}
