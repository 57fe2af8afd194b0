package dev.tickrunner.sandbox;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickFailure;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

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
    private static final long HEAP_LIMIT_BYTES = 256L * 1024 * 1024;

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
    private Value start;
    private volatile TickWatchdog.Watch runWatch;
    private long ticksRun;

    PlayerSandbox(String userId, long codeTimestamp, Context context, SandboxConfig config, TickWatchdog watchdog,
                  TickResultReader resultReader) {
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
        tickAllocatedStartBytes = THREADS.getCurrentThreadAllocatedBytes();
        long deadlineNanos = System.nanoTime() + config.wallClockBackstop().toNanos();
        long finishBudgetNanos = config.finishCpuBudget().toNanos();
        Value tick;
        TickWatchdog.Watch prepareWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime());
        try (prepareWatch) {
            tick = start.execute(data.payload().toString(), data.cpuLimitMs(), data.cpuBucketMs());
        } catch (PolyglotException e) {
            return failed(e, prepareWatch.fired());
        }
        String cpuLimitError = null;
        TickWatchdog.Watch runWatch = watchdog.watch(context, runCpuBudgetNanos(data.cpuLimitMs()),
                deadlineNanos - System.nanoTime());
        this.runWatch = runWatch;
        try (runWatch) {
            tick.invokeMember("run");
        } catch (PolyglotException e) {
            if (!(e.isInterrupted() && runWatch.fired() == TickWatchdog.Fired.CPU_LIMIT && !haltRequested)) {
                return failed(e, runWatch.fired());
            }
            cpuLimitError = TimeoutErrorText.of(e);
        }
        TickWatchdog.Watch finishWatch = watchdog.watch(context, finishBudgetNanos, deadlineNanos - System.nanoTime());
        try (finishWatch) {
            Value output = cpuLimitError == null ? tick.invokeMember("finish") : tick.invokeMember("finish", cpuLimitError);
            return new TickOutcome.Completed(resultReader.read(userId, output.getMember("json").asString(),
                    output.getMember("memory").asString()));
        } catch (PolyglotException e) {
            return failed(e, finishWatch.fired());
        }
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

    void restartCpuBudget() {
        TickWatchdog.Watch watch = runWatch;
        if (watch != null) {
            watch.restartCpuBudget();
        }
    }

    void attachRuntime(Value start) {
        this.start = start;
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
            Context.getCurrent().safepoint();
            Thread.onSpinWait();
        }
    }

    String heapStatisticsJson() {
        long allocatedBytes = Math.max(0, THREADS.getCurrentThreadAllocatedBytes() - tickAllocatedStartBytes);
        return "{\"total_heap_size\":" + allocatedBytes + ",\"total_heap_size_executable\":0"
                + ",\"total_physical_size\":" + allocatedBytes + ",\"total_available_size\":"
                + Math.max(0, HEAP_LIMIT_BYTES - allocatedBytes) + ",\"used_heap_size\":" + allocatedBytes
                + ",\"heap_size_limit\":" + HEAP_LIMIT_BYTES + ",\"malloced_memory\":0,\"peak_malloced_memory\":0"
                + ",\"does_zap_garbage\":0,\"externally_allocated_size\":0}";
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
        TickFailure failure;
        if (haltRequested) {
            failure = new TickFailure(userId, TickFailure.Kind.HALTED, PlayerMessages.CPU_HALTED, true);
        } else if (fired == TickWatchdog.Fired.WALL_CLOCK) {
            failure = new TickFailure(userId, TickFailure.Kind.WATCHDOG, PlayerMessages.TIMED_OUT_UNGRACEFULLY, true);
        } else if (fired == TickWatchdog.Fired.CPU_LIMIT || fired == TickWatchdog.Fired.CANCELLED) {
            failure = new TickFailure(userId, TickFailure.Kind.TIMEOUT, TimeoutErrorText.of(e),
                    e.isCancelled());
        } else if (e.isResourceExhausted()) {
            failure = new TickFailure(userId, TickFailure.Kind.OUT_OF_MEMORY, PlayerMessages.UNABLE_TO_ALLOCATE_MEMORY, true);
        } else if (e.isCancelled() || e.isInternalError() || e.isHostException()) {
            failure = new TickFailure(userId, TickFailure.Kind.INTERNAL,
                    e.isCancelled() ? PlayerMessages.ISOLATE_DISPOSED : "Internal error: " + e.getMessage(), true);
        } else {
            failure = new TickFailure(userId, TickFailure.Kind.SCRIPT_ERROR, scriptErrorText(e), false);
        }
        if (failure.resetSandbox()) {
            broken = true;
        }
        return new TickOutcome.Failed(failure);
    }

    private static String scriptErrorText(PolyglotException e) {
        Value guest = e.getGuestObject();
        if (guest != null && guest.isString()) {
            return guest.asString();
        }
        return e.getMessage();
    }
}
