package dev.tickrunner.sandbox;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickFailure;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.sandbox.containment.ContainmentService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One player's warm GraalJS context: its global survives from tick to tick (as an isolated-vm isolate does) until a
 * global reset. Runs one tick at a time: prepare (before the CPU clock), run {@code loop} (CPU clock running,
 * interrupted at the CPU limit), collect the results.
 *
 * <p>Mirrors: driver lib/runtime/make.js make() (start, run with timeout, catch) and lib/runtime/runtime.js.
 * Ownership: one thread at a time; the {@link SandboxPool} lease guarantees it. Must be closed or the context leaks.
 */
public final class PlayerSandbox implements AutoCloseable {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long MIN_TIMEOUT_MS = 30;
    private static final long TIMEOUT_SLACK_MS = 5;
    private static final int RETAINED_WALK_MAX_NODES = 500_000;
    private static final ThreadLocal<PlayerSandbox> RUNNING = new ThreadLocal<>();
    private static final Logger LOG = LoggerFactory.getLogger(PlayerSandbox.class);

    private final String userId;
    private final long codeTimestamp;
    private final Context context;
    private final SandboxConfig config;
    private final TickWatchdog watchdog;
    private final TickResultReader resultReader;
    private final long createdAtNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean haltRequested;
    private volatile boolean broken;
    private volatile long tickAllocatedStartBytes;
    private final LoadReportRecorder loadReport;
    private final FailureHistory failures;
    private final ContainmentService containment;
    private final ContainmentService.ContextHandle contextHandle;
    /**
     * Bytes allocated by the ticks before this one since the retained heap was last measured: with the last figure, a
     * bound on what the context can retain now.
     */
    private long allocatedSinceRetainedCheck;
    private boolean retainedMeasuredThisTick;
    private Value start;
    private Value retainedBytes;
    private volatile TickWatchdog.Watch runWatch;
    private volatile boolean statementLimitReached;
    private volatile long retainedEstimateBytes;
    private long ticksRun;
    /** The runtime keeps the sandbox's code once a tick has started with it (see {@link RuntimeDataJson}). */
    private boolean codeDelivered;
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
        this.watchdog = watchdog;
        this.resultReader = resultReader;
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
        if (closed.get() || broken) {
            throw new IllegalStateException("Sandbox of " + userId + " is closed or needs a global reset");
        }
        ticksRun++;
        gameTime = data.gameTime();
        RUNNING.set(this);
        try {
            TickOutcome outcome = runStages(data);
            recordFailure(outcome);
            return outcome;
        } finally {
            RUNNING.remove();
            allocatedSinceRetainedCheck = retainedMeasuredThisTick ? 0 : allocatedSinceRetainedCheck + tickAllocatedBytes();
            retainedMeasuredThisTick = false;
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
        return retainedEstimateBytes;
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
            containment.retainedBytes(contextHandle, Long.MAX_VALUE).ifPresent(bytes -> retainedEstimateBytes = bytes);
        } else {
            retainedEstimateBytes = retainedBytes.execute(RETAINED_WALK_MAX_NODES).asLong();
        }
        return retainedEstimateBytes;
    }

    /** @return the player's user id */
    public String userId() {
        return userId;
    }

    /** @return the code timestamp this sandbox was created for, ms */
    public long codeTimestamp() {
        return codeTimestamp;
    }

    /** @return how long ago the sandbox was created */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - createdAtNanos);
    }

    /** @return ticks run in this sandbox */
    public long ticksRun() {
        return ticksRun;
    }

    /** @return whether the sandbox can no longer run ticks and must be replaced (a global reset) */
    public boolean needsReset() {
        return broken || haltRequested || closed.get();
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

    void restartCpuBudget() {
        TickWatchdog.Watch watch = runWatch;
        if (watch != null) {
            watch.restartCpuBudget();
        }
    }

    /** The context can no longer be trusted with a tick (see {@link SandboxHost#trustedLoadFailed}). */
    void markBroken() {
        broken = true;
    }

    /** The bytes the creating thread allocated to build this context: part of the retained-heap bound until measured. */
    void createdWithAllocation(long allocatedBytes) {
        allocatedSinceRetainedCheck = Math.max(0, allocatedBytes);
    }

    void attachRuntime(Value runtime) {
        this.start = runtime.getMember("start");
        this.retainedBytes = runtime.getMember("retainedBytes");
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
            running.broken = true;
        }
    }

    /**
     * {@code Game.cpu.halt()}: cancels the context from another thread and waits here, polling safepoints, until the
     * cancellation unwinds this thread. Mirrors: driver lib/runtime/user-vm.js {@code _halt} (isolate.dispose()).
     */
    void haltByUserRequest() {
        haltRequested = true;
        broken = true;
        Thread.ofPlatform().daemon().name("halt-" + userId).start(() -> context.close(true));
        long giveUpNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < giveUpNanos) {
            context.safepoint();
            Thread.onSpinWait();
        }
    }

    String heapStatisticsJson() {
        long allocatedBytes = Math.max(0, THREADS.getCurrentThreadAllocatedBytes() - tickAllocatedStartBytes);
        long usedBytes = retainedEstimateBytes;
        long limitBytes = config.retainedHeapLimitBytes();
        return "{\"total_heap_size\":" + (usedBytes + allocatedBytes) + ",\"total_heap_size_executable\":0"
                + ",\"total_physical_size\":" + (usedBytes + allocatedBytes) + ",\"total_available_size\":"
                + Math.max(0, limitBytes - usedBytes) + ",\"used_heap_size\":" + usedBytes
                + ",\"heap_size_limit\":" + limitBytes + ",\"malloced_memory\":0,\"peak_malloced_memory\":0"
                + ",\"does_zap_garbage\":0"
                + ",\"externally_allocated_size\":0}";
    }

    private TickOutcome runStages(RuntimeData data) {
        context.resetLimits();
        tickAllocatedStartBytes = THREADS.getCurrentThreadAllocatedBytes();
        long allocationLimitBytes = tickAllocatedStartBytes + config.tickAllocationBudgetBytes();
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
            broken = true;
            return failed(e, prepareWatch.fired());
        }
        String cpuLimitError = null;
        TickWatchdog.Watch runWatch = watchdog.watch(context, runCpuBudgetNanos(data.cpuLimitMs()),
                deadlineNanos - System.nanoTime(), allocationLimitBytes);
        this.runWatch = runWatch;
        try (runWatch) {
            tick.invokeMember("run");
        } catch (PolyglotException e) {
            if (!(e.isInterrupted() && runWatch.fired() == TickWatchdog.Fired.CPU_LIMIT && !haltRequested)) {
                return failed(e, runWatch.fired());
            }
            cpuLimitError = TimeoutErrorText.of(e);
            loadReport.failed(cpuLimitError);
        } finally {
            this.runWatch = null;
        }
        TickWatchdog.Watch finishWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime(),
                allocationLimitBytes);
        TickResult result;
        try (finishWatch) {
            Value output = cpuLimitError == null ? tick.invokeMember("finish") : tick.invokeMember("finish", cpuLimitError);
            result = resultReader.read(userId, output.getMember("json").asString(),
                    output.getMember("memory").asString());
            if (!containment.heapSizeSupported() && retainedCheckDue()) {
                retainedEstimateBytes = retainedBytes.execute(RETAINED_WALK_MAX_NODES).asLong();
                retainedMeasuredThisTick = true;
            }
        } catch (PolyglotException e) {
            return failed(e, finishWatch.fired());
        } catch (TickResultRejectedException e) {
            return new TickOutcome.Failed(new TickFailure(userId, TickFailure.Kind.SCRIPT_ERROR,
                    e.playerText(), false));
        }
        if (finishWatch.fired() == TickWatchdog.Fired.ALLOCATION) {
            broken = true;
        }
        if (containment.heapSizeSupported() && retainedCheckDue()) {
            measureRetainedHeap();
        }
        if (retainedEstimateBytes > config.retainedHeapLimitBytes()) {
            broken = true;
            String text = PlayerMessages.RETAINED_HEAP_EXCEEDED.formatted(retainedEstimateBytes >> 20,
                    config.retainedHeapLimitBytes() >> 20);
            return new TickOutcome.Completed(resultReader.withConsoleLine(result, text));
        }
        return new TickOutcome.Completed(result);
    }

    /**
     * Whether the retained heap must be measured after this tick: every {@code retainedCheckIntervalTicks}, and
     * whenever the last figure plus everything allocated since (the context's creation included) could pass the limit
     * (what a context retains cannot grow by more than its thread allocated), so a fast-growing player is measured on
     * the tick it may cross the limit and a steady one rarely.
     */
    private boolean retainedCheckDue() {
        return ticksRun % config.retainedCheckIntervalTicks() == 0
                || retainedEstimateBytes + allocatedSinceRetainedCheck + tickAllocatedBytes()
                > config.retainedHeapLimitBytes();
    }

    private long tickAllocatedBytes() {
        return Math.max(0, THREADS.getCurrentThreadAllocatedBytes() - tickAllocatedStartBytes);
    }

    /** Truffle's context heap size, off the player's CPU and allocation account (the tick's watches are closed). */
    private void measureRetainedHeap() {
        long startNanos = System.nanoTime();
        var measured = containment.retainedBytes(contextHandle, config.retainedHeapLimitBytes() + 1);
        LOG.debug("Retained heap of user {} after tick {}: {} bytes, measured in {} µs", userId, gameTime,
                measured, (System.nanoTime() - startNanos) / 1000);
        if (measured.isPresent()) {
            retainedEstimateBytes = measured.getAsLong();
            retainedMeasuredThisTick = true;
        }
    }

    private void recordFailure(TickOutcome outcome) {
        switch (outcome) {
            case TickOutcome.Failed f -> {
                failures.record(userId, FailureRecord.of(gameTime, f.failure().kind(), f.failure().error()));
                loadReport.failed(f.failure().error());
            }
            case TickOutcome.Completed c when c.result().type() == TickResult.Outcome.ERROR && c.result().error() != null ->
                    failures.record(userId, FailureRecord.of(gameTime, TickFailure.Kind.SCRIPT_ERROR, c.result().error()));
            case TickOutcome.Completed c when broken -> failures.record(userId,
                    FailureRecord.of(gameTime, TickFailure.Kind.OUT_OF_MEMORY, c.result().consoleLog().getLast().message()));
            default -> { }
        }
    }

    private static long runCpuBudgetNanos(double cpuLimitMs) {
        if (Double.isInfinite(cpuLimitMs)) {
            return Long.MAX_VALUE;
        }
        // Mirrors: runtime-driver.js evalCode, timeout = max(cpu + 5, 30) ms.
        long ms = Math.max((long) Math.ceil(cpuLimitMs) + TIMEOUT_SLACK_MS, MIN_TIMEOUT_MS);
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private TickOutcome failed(PolyglotException e, TickWatchdog.Fired fired) {
        TickFailure failure = TickFailures.of(userId, e,
                new TickFailures.Stop(haltRequested, statementLimitReached, fired));
        if (failure.resetSandbox()) {
            broken = true;
        }
        return new TickOutcome.Failed(failure);
    }
}
