package dev.tickrunner.sandbox;

import dev.tickrunner.sandbox.containment.ContainmentService;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the CPU limit of running ticks on the executing thread's CPU time, and a wall-clock backstop.
 * One daemon thread polls every watched tick each {@code pollInterval}; a tick over its CPU budget is interrupted
 * ({@link Context#interrupt}, the context stays usable, like an isolated-vm timeout); one that does not stop within
 * the cancel grace, or that passes its wall-clock budget, is cancelled ({@link Context#close(boolean) close(true)}),
 * which forces a global reset of that player. A tick whose thread has allocated more than its allocation limit is
 * cancelled at once (the JVM heap is shared, so it cannot wait for an interrupt). A cancelled tick whose thread has
 * not left the context {@value #HARD_STOP_AFTER_MS} ms later (its cancel was lost to a stack overflow, see
 * {@link ContainmentService#stop}) is stopped for good.
 *
 * <p>Mirrors: driver lib/runtime/make.js module.exports watchdog (wall clock) and the isolated-vm timeout of
 * runtime-driver.js evalCode (CPU). Deviates from Node: the CPU budget is measured in thread CPU time, not wall time,
 * so a busy machine does not time players out.
 */
public final class TickWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TickWatchdog.class);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A cancelled tick still running after this long gets {@link ContainmentService#stop}, ms. */
    static final long HARD_STOP_AFTER_MS = 50;

    /** Why a watch fired. */
    public enum Fired { NONE, CPU_LIMIT, CANCELLED, WALL_CLOCK, ALLOCATION }

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ExecutorService stopper = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("tick-stopper-", 0).factory());
    private final Thread poller;
    private final long pollIntervalNanos;
    private final Duration cancelGrace;
    private final ContainmentService containment;
    private volatile boolean running = true;

    /**
     * @param pollInterval how often running ticks are checked (1 ms is fine: one thread-CPU read per tick)
     * @param cancelGrace  how long an interrupted tick may take to stop before its context is cancelled
     * @param containment stops for good a thread whose cancel did not land
     * @throws IllegalArgumentException if a duration is not positive
     */
    public TickWatchdog(Duration pollInterval, Duration cancelGrace, ContainmentService containment) {
        this.containment = Objects.requireNonNull(containment, "containment");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be > 0, was " + pollInterval);
        }
        if (cancelGrace.isNegative() || cancelGrace.isZero()) {
            throw new IllegalArgumentException("cancelGrace must be > 0, was " + cancelGrace);
        }
        this.pollIntervalNanos = pollInterval.toNanos();
        this.cancelGrace = cancelGrace;
        this.poller = Thread.ofPlatform().daemon().name("tick-watchdog").start(this::poll);
    }

    /**
     * Starts watching the current thread's work in {@code context}.
     *
     * @param context         the player's context
     * @param cpuBudgetNanos  thread CPU time allowed from now, ns; {@code Long.MAX_VALUE} for none
     * @param wallBudgetNanos wall-clock time allowed from now, ns
     * @param allocationLimitBytes the current thread's allocated-bytes counter at which the context is cancelled,
     *                        bytes ({@code getThreadAllocatedBytes}); {@code Long.MAX_VALUE} for none
     * @return the watch; must be closed (try-with-resources) or the watchdog keeps polling it
     */
    public Watch watch(Context context, long cpuBudgetNanos, long wallBudgetNanos, long allocationLimitBytes) {
        Watch watch = new Watch(context, Thread.currentThread(), THREADS.getCurrentThreadCpuTime(),
                cpuBudgetNanos, System.nanoTime(), wallBudgetNanos, allocationLimitBytes);
        watches.add(watch);
        return watch;
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        stopper.shutdownNow();
    }

    private void poll() {
        while (running) {
            try {
                long now = System.nanoTime();
                for (Watch watch : watches) {
                    check(watch, now);
                }
            } catch (RuntimeException e) {
                LOG.error("Tick watchdog check failed; it keeps running", e);
            }
            LockSupport.parkNanos(pollIntervalNanos);
        }
    }

    private void check(Watch watch, long nowNanos) {
        long cancelledAt = watch.cancelledAtNanos;
        if (cancelledAt != 0) {
            if (nowNanos - cancelledAt > TimeUnit.MILLISECONDS.toNanos(HARD_STOP_AFTER_MS)) {
                watch.mark(true);
            }
            return;
        }
        if (watch.fired.get() == Fired.NONE && nowNanos - watch.startWallNanos > watch.wallBudgetNanos) {
            if (watch.fired.compareAndSet(Fired.NONE, Fired.WALL_CLOCK)) {
                stopper.execute(() -> cancel(watch));
            }
            return;
        }
        if (watch.fired.get() != Fired.NONE) {
            return;
        }
        if (watch.allocationLimitBytes != Long.MAX_VALUE
                && THREADS.getThreadAllocatedBytes(watch.threadId) > watch.allocationLimitBytes
                && watch.fired.compareAndSet(Fired.NONE, Fired.ALLOCATION)) {
            stopper.execute(() -> cancel(watch));
            return;
        }
        CpuBudget budget = watch.cpuBudget;
        if (budget.nanos() == Long.MAX_VALUE) {
            return;
        }
        long cpu = THREADS.getThreadCpuTime(watch.threadId);
        if (cpu >= 0 && cpu - budget.startCpuNanos() > budget.nanos()
                && watch.fired.compareAndSet(Fired.NONE, Fired.CPU_LIMIT)) {
            stopper.execute(() -> interrupt(watch));
        }
    }

    private void interrupt(Watch watch) {
        if (!watches.contains(watch)) {
            return;
        }
        watch.mark(false);
        try {
            watch.context.interrupt(cancelGrace);
        } catch (TimeoutException e) {
            watch.fired.set(Fired.CANCELLED);
            cancel(watch);
        } catch (RuntimeException e) {
            LOG.debug("Interrupt of a finished tick ignored", e);
        }
    }

    private void cancel(Watch watch) {
        if (!watches.contains(watch)) {
            return;
        }
        watch.mark(false);
        watch.cancelledAtNanos = System.nanoTime();
        try {
            watch.context.close(true);
        } catch (RuntimeException e) {
            LOG.warn("Cancelling a player context failed", e);
        }
    }

    /** One watched stretch of work on one thread. Not reusable. */
    public final class Watch implements AutoCloseable {
        private final Context context;
        private final Thread thread;
        private final long threadId;
        private volatile long cancelledAtNanos;
        private boolean hardStopped;
        private boolean closed;
        /** Start and size change together (one volatile write), so the poller never pairs a new size with an old start. */
        private volatile CpuBudget cpuBudget;
        private final long startWallNanos;
        private final long wallBudgetNanos;
        private final long allocationLimitBytes;
        private final AtomicReference<Fired> fired = new AtomicReference<>(Fired.NONE);

        private Watch(Context context, Thread thread, long startCpuNanos,
                      long cpuBudgetNanos, long startWallNanos, long wallBudgetNanos, long allocationLimitBytes) {
            this.allocationLimitBytes = allocationLimitBytes;
            this.context = context;
            this.thread = thread;
            this.threadId = thread.threadId();
            this.cpuBudget = new CpuBudget(startCpuNanos, cpuBudgetNanos);
            this.startWallNanos = startWallNanos;
            this.wallBudgetNanos = wallBudgetNanos;
        }

        /** @return why the watch fired so far, {@link Fired#NONE} if it did not */
        public Fired fired() {
            return fired.get();
        }

        /** Restarts the CPU budget from the watched thread's CPU time now; call it on the watched thread. */
        public void restartCpuBudget() {
            cpuBudget = new CpuBudget(THREADS.getCurrentThreadCpuTime(), cpuBudget.nanos());
        }

        /**
         * Gives the watched work a new CPU budget from the thread's CPU time now (a watch that already fired stays
         * fired); call it on the watched thread.
         *
         * @param newCpuBudgetNanos CPU time allowed from now, ns; {@code Long.MAX_VALUE} for none
         */
        public void restartCpuBudget(long newCpuBudgetNanos) {
            cpuBudget = new CpuBudget(THREADS.getCurrentThreadCpuTime(), newCpuBudgetNanos);
        }

        /**
         * Stops watching; a stop already under way may still land. Call it on the watched thread once it is out of
         * the context: the thread's containment marks are cleared here.
         */
        @Override
        public synchronized void close() {
            closed = true;
            watches.remove(this);
            containment.release(thread);
        }

        /**
         * Marks the watched thread unless the watch is closed (the thread has left; a mark set then would follow it
         * into the next player's tick): {@link ContainmentService#expectStop} before an interrupt or cancel, or, with
         * {@code hard}, {@link ContainmentService#stop} (once).
         */
        private synchronized void mark(boolean hard) {
            if (closed || hardStopped) {
                return;
            }
            if (hard) {
                hardStopped = true;
                LOG.warn("A cancelled player context did not stop within {} ms (thread {}); stopping it for good",
                        HARD_STOP_AFTER_MS, thread.getName());
                containment.stop(thread);
            } else {
                containment.expectStop(thread);
            }
        }
    }

    /** A CPU budget: thread CPU time allowed ({@code nanos}, ns) from {@code startCpuNanos} (thread CPU time, ns). */
    private record CpuBudget(long startCpuNanos, long nanos) {
    }
}
