package dev.tickrunner.sandbox;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.containment.ContainmentService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One player's warm GraalJS context: its global survives from tick to tick (as an isolated-vm isolate does) until a
 * global reset. Runs one tick at a time ({@link TickRun}: prepare before the CPU clock, run {@code loop} with the CPU
 * clock running, collect the results), then the retained-heap check ({@link RetainedHeapGuard}). Knows why it must be
 * reset ({@link #resetReason()}) from the moment that is decided.
 *
 * <p>Mirrors: driver lib/runtime/make.js make() (start, run with timeout, catch) and lib/runtime/runtime.js.
 * Ownership: one thread at a time; the {@link SandboxPool} lease guarantees it. Must be closed or the context leaks.
 */
public final class PlayerSandbox implements PooledSandbox {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int RETAINED_WALK_MAX_NODES = 500_000;
    private static final ThreadLocal<PlayerSandbox> RUNNING = new ThreadLocal<>();
    private static final Logger LOG = LoggerFactory.getLogger(PlayerSandbox.class);

    private final String userId;
    private final long codeTimestamp;
    private final Context context;
    private final SandboxConfig config;
    private final TickRun tickRun;
    private final PlayerModules modules;
    private final TickResultReader resultReader;
    private final long createdAtNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LoadReportRecorder loadReport;
    private final FailureHistory failures;
    private final ContainmentService containment;
    private final ContainmentService.ContextHandle contextHandle;
    private final RetainedHeapGuard retained;
    private volatile boolean haltRequested;
    private volatile boolean statementLimitReached;
    /** Why the sandbox must be replaced, or null while it can run ticks. */
    private volatile ResetReason resetReason;
    private volatile long tickAllocatedStartBytes;
    private Value retainedBytesWalk;
    private long ticksRun;
    /** What building this context allocated, bytes (Game.cpu.getHeapStatistics malloced_memory). */
    private volatile long createdAllocationBytes;
    private long gameTime;

    PlayerSandbox(String userId, long codeTimestamp, Context context, SandboxConfig config, TickWatchdog watchdog,
                  TickResultReader resultReader, FailureHistory failures, ContainmentService containment) {
        this.failures = failures;
        this.containment = containment;
        this.contextHandle = containment.handleOf(context);
        this.loadReport = new LoadReportRecorder(userId, codeTimestamp);
        this.loadReport.stage(LoadReport.StageName.SCHEDULED, true, "sandbox requested");
        this.userId = userId;
        this.codeTimestamp = codeTimestamp;
        this.context = context;
        this.config = config;
        this.resultReader = resultReader;
        this.modules = new PlayerModules(context);
        this.tickRun = new TickRun(this, context, config, watchdog, resultReader);
        this.retained = new RetainedHeapGuard(config.retainedHeapLimitBytes(), config.retainedCheckIntervalTicks());
    }

    /**
     * Runs one tick of this player.
     *
     * @param data the tick's runtime data; {@code data.userId()} must be this sandbox's user
     * @return {@link TickOutcome.Completed} when the runtime returned (also after a script error or the CPU limit,
     * as in Node), {@link TickOutcome.Failed} otherwise; never throws for anything the player's code does
     * @throws IllegalArgumentException if {@code data} belongs to another user
     * @throws IllegalStateException    if the sandbox is closed or needs a global reset
     */
    public TickOutcome runTick(RuntimeData data) {
        if (!userId.equals(data.userId())) {
            throw new IllegalArgumentException("Sandbox of " + userId + " cannot run a tick of " + data.userId());
        }
        if (closed.get() || resetReason != null) {
            throw new IllegalStateException("Sandbox of " + userId + " is closed or needs a global reset");
        }
        ticksRun++;
        gameTime = data.gameTime();
        RUNNING.set(this);
        try {
            context.resetLimits();
            tickAllocatedStartBytes = THREADS.getCurrentThreadAllocatedBytes();
            TickOutcome outcome = tickRun.run(data, tickAllocatedStartBytes + config.tickAllocationBudgetBytes());
            if (outcome instanceof TickOutcome.Completed completed) {
                outcome = checkRetainedHeap(completed);
            }
            recordFailure(outcome);
            return outcome;
        } finally {
            RUNNING.remove();
            retained.tickEnded(tickAllocatedBytes());
        }
    }

    /** @return the report of this sandbox's code load (stages so far); a point-in-time snapshot */
    public LoadReport loadReport() {
        return loadReport.report();
    }

    /**
     * @return what the player's context kept reachable at the last retained-heap check, bytes: measured by Truffle
     * (global, module closures and all) under the optimizing runtime, estimated by walking the global otherwise
     */
    public long retainedEstimateBytes() {
        return retained.estimateBytes();
    }

    /**
     * Measures now what the context keeps reachable (as the retained-heap guard does) and returns it.
     *
     * @return bytes retained: Truffle's figure under the optimizing runtime, the global walk's estimate otherwise
     * @throws IllegalStateException if the sandbox is closed; call it between ticks, never while one runs
     */
    public long measureRetainedBytes() {
        if (closed.get()) {
            throw new IllegalStateException("Sandbox of " + userId + " is closed");
        }
        if (containment.heapSizeSupported()) {
            containment.retainedBytes(contextHandle, Long.MAX_VALUE).ifPresent(retained::measuredBetweenTicks);
        } else {
            retained.measuredBetweenTicks(retainedBytesWalk.execute(RETAINED_WALK_MAX_NODES).asLong());
        }
        return retained.estimateBytes();
    }

    /** @return the player's user id */
    @Override
    public String userId() {
        return userId;
    }

    /** @return the code timestamp this sandbox was created for, ms */
    @Override
    public long codeTimestamp() {
        return codeTimestamp;
    }

    /** @return how long ago the sandbox was created */
    @Override
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - createdAtNanos);
    }

    /** @return ticks run in this sandbox */
    @Override
    public long ticksRun() {
        return ticksRun;
    }

    /** @return whether the sandbox can no longer run ticks and must be replaced (a global reset) */
    public boolean needsReset() {
        return resetReason != null || closed.get();
    }

    /**
     * @return why the sandbox must be replaced, decided where it happened (a halt, a cancelled tick, out of memory, a
     *         half-built context), or null while it can run ticks; {@link ResetReason#RESTART} once closed
     */
    @Override
    public ResetReason resetReason() {
        ResetReason reason = resetReason;
        return reason != null ? reason : closed.get() ? ResetReason.RESTART : null;
    }

    /** Closes the context, cancelling any execution. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // already cancelled by the watchdog
            }
        }
    }

    /**
     * The player's context as created, never a {@code Context.getCurrent()} wrapper: such wrappers are garbage
     * collected on their own, and Truffle 25.0.3 then closes their context from whichever thread is closing another
     * one, where two threads doing that at once spin forever waiting for each other (seen in {@code tickrunner stress}).
     */
    Context context() {
        return context;
    }

    /** The player's code modules, parsed before the player's clock on the first tick. */
    PlayerModules modules() {
        return modules;
    }

    void restartCpuBudget() {
        tickRun.restartCpuBudget();
    }

    void loopEnded() {
        tickRun.loopEnded();
    }

    void outputCollected() {
        tickRun.outputCollected();
    }

    /**
     * The sandbox must be replaced before its next tick; the first reason given stands ({@link ResetReason#BROKEN}
     * from {@link SandboxHost#trustedLoadFailed}: the context can no longer be trusted with a tick).
     */
    void needsResetBecause(ResetReason reason) {
        if (resetReason == null) {
            resetReason = reason;
        }
    }

    boolean haltRequested() {
        return haltRequested;
    }

    boolean statementLimitReached() {
        return statementLimitReached;
    }

    /** The bytes the creating thread allocated to build this context: part of the retained-heap bound until measured. */
    void createdWithAllocation(long allocatedBytes) {
        createdAllocationBytes = allocatedBytes;
        retained.created(allocatedBytes);
    }

    void attachRuntime(Value runtime) {
        tickRun.attach(runtime.getMember("start"));
        this.retainedBytesWalk = runtime.getMember("retainedBytes");
        loadReport.stage(LoadReport.StageName.COMPILED, true, "runtime");
    }

    boolean loadStage(String stage, boolean ok, String message) {
        loadReport.stage(LoadReport.StageName.valueOf(stage), ok, message);
        return !loadReport.done();
    }

    boolean loadTickEnded(boolean hasMain) {
        loadReport.tickEnded(hasMain);
        return !loadReport.done();
    }

    /** The statement limit of the running tick was reached (GraalJS calls this on the executing thread). */
    static void statementLimitReachedOnThisThread() {
        PlayerSandbox running = RUNNING.get();
        if (running != null) {
            running.statementLimitReached = true;
            running.needsResetBecause(ResetReason.TIMEOUT);
        }
    }

    /** {@code Game.cpu.halt()} was called: the tick is being cancelled (see {@link SandboxHost#halt()}). */
    void haltRequestedByUser() {
        haltRequested = true;
        needsResetBecause(ResetReason.HALT);
    }

    /** Until the first measurement, the context's size is bounded by what building it allocated. */
    String heapStatisticsJson(long sharedTerrainBytes) {
        long measured = retained.estimateBytes();
        return HeapStatistics.json(measured > 0 ? measured : createdAllocationBytes, tickAllocatedBytes(),
                config.retainedHeapLimitBytes(), createdAllocationBytes, sharedTerrainBytes);
    }

    /**
     * Without Truffle's heap size (the fallback runtime), walks the global while the tick's collect watch still
     * runs, when a measurement is due.
     */
    void measureRetainedWalkIfDue() {
        if (!containment.heapSizeSupported() && retained.due(ticksRun, tickAllocatedBytes())) {
            retained.measured(retainedBytesWalk.execute(RETAINED_WALK_MAX_NODES).asLong());
        }
    }

    /**
     * Truffle's context heap size when due, off the player's CPU and allocation account (the tick's watches are
     * closed); a context above the limit keeps this tick's result, gets the Node-like console line and is reset.
     */
    private TickOutcome checkRetainedHeap(TickOutcome.Completed completed) {
        if (containment.heapSizeSupported() && retained.due(ticksRun, tickAllocatedBytes())) {
            long startNanos = System.nanoTime();
            var measured = containment.retainedBytes(contextHandle, config.retainedHeapLimitBytes() + 1);
            LOG.debug("Retained heap of user {} after tick {}: {} bytes, measured in {} µs", userId, gameTime,
                    measured, (System.nanoTime() - startNanos) / 1000);
            measured.ifPresent(retained::measured);
        }
        if (!retained.exceeded()) {
            return completed;
        }
        needsResetBecause(ResetReason.OUT_OF_MEMORY);
        String text = PlayerMessages.RETAINED_HEAP_EXCEEDED.formatted(retained.estimateBytes() >> 20,
                retained.limitBytes() >> 20);
        return resultReader.withConsoleLine(completed, text);
    }

    private long tickAllocatedBytes() {
        return Math.max(0, THREADS.getCurrentThreadAllocatedBytes() - tickAllocatedStartBytes);
    }

    private void recordFailure(TickOutcome outcome) {
        FailureRecord.of(gameTime, outcome, resetReason == ResetReason.OUT_OF_MEMORY)
                .ifPresent(record -> failures.record(userId, record));
        if (outcome instanceof TickOutcome.Failed
                || outcome instanceof TickOutcome.Completed c && c.stoppedAtCpuLimit()) {
            loadReport.failed(outcome.playerError());
        }
    }
}
