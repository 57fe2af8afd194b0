package dev.tickrunner.sandbox;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * The three stages of one tick in a player's context, each under its own watch: prepare (the runtime's
 * {@code start}: runtime data in, {@code game.init}; off the player's CPU limit), run ({@code loop}, interrupted at the
 * CPU limit) and collect (the runtime's {@code finish}: output read and checked by {@link TickResultReader}).
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
    private volatile TickWatchdog.Watch runWatch;

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
        if (watch != null) {
            watch.restartCpuBudget();
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
        long deadlineNanos = System.nanoTime() + config.wallClockBackstop().toNanos();
        long finishBudgetNanos = config.finishCpuBudget().toNanos();
        Value tick;
        TickWatchdog.Watch prepareWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime(),
                allocationLimitBytes);
        try (prepareWatch) {
            RuntimeDataJson input = RuntimeDataJson.of(data.payload(), !codeDelivered);
            tick = start.execute(input.json(), input.memory(), data.cpuLimitMs(), data.cpuBucketMs());
            codeDelivered = true;
        } catch (PolyglotException e) {
            // The runtime's own preparation (game.init) did not finish: whatever stopped it, the context may hold a
            // half-built Game, so the next tick gets a fresh one.
            TickOutcome.Failed failed = failed(e, prepareWatch.fired());
            sandbox.needsResetBecause(failed.resetSandbox() ? ResetReason.of(failed.kind()) : ResetReason.BROKEN);
            return failed;
        }
        String cpuLimitError = null;
        TickWatchdog.Watch watch = watchdog.watch(context, runCpuBudgetNanos(data.cpuLimitMs()),
                deadlineNanos - System.nanoTime(), allocationLimitBytes);
        this.runWatch = watch;
        try (watch) {
            tick.invokeMember("run");
        } catch (PolyglotException e) {
            if (!(e.isInterrupted() && watch.fired() == TickWatchdog.Fired.CPU_LIMIT && !sandbox.haltRequested())) {
                return failed(e, watch.fired());
            }
            cpuLimitError = TimeoutErrorText.of(e);
        } finally {
            this.runWatch = null;
        }
        return collect(tick, cpuLimitError, finishBudgetNanos, deadlineNanos, allocationLimitBytes);
    }

    private TickOutcome collect(Value tick, String cpuLimitError, long finishBudgetNanos, long deadlineNanos,
                                long allocationLimitBytes) {
        TickWatchdog.Watch finishWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime(),
                allocationLimitBytes);
        TickOutcome.Completed completed;
        try (finishWatch) {
            Value output = cpuLimitError == null ? tick.invokeMember("finish") : tick.invokeMember("finish", cpuLimitError);
            completed = resultReader.read(sandbox.userId(), output.getMember("json").asString(),
                    output.getMember("memory").asString(), cpuLimitError != null);
            sandbox.measureRetainedWalkIfDue();
        } catch (PolyglotException e) {
            return failed(e, finishWatch.fired());
        } catch (TickResultRejectedException e) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.SCRIPT_ERROR, e.playerText(), false);
        }
        if (finishWatch.fired() == TickWatchdog.Fired.ALLOCATION) {
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
}
