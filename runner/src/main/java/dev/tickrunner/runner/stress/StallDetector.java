package dev.tickrunner.runner.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Notices a stall of the tick queue: tickets pending but none completed for longer than the stall timeout, the
 * signature of a deadlock (a sandbox lease never returned, a worker stuck outside the watchdog's reach).
 * Completions and the pending count are reported by the workers; {@link #stalledFor()} is read by the main loop.
 *
 * <p>Deviates from Node: the Node runner has no such check; a stuck runner is found by an operator.
 * Thread-safe.
 */
public final class StallDetector {
    private final long stallTimeoutNanos;
    private final AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong pending = new AtomicLong();

    /** @param stallTimeout no completion for this long while tickets are pending is a stall */
    public StallDetector(Duration stallTimeout) {
        this.stallTimeoutNanos = stallTimeout.toNanos();
    }

    /** A ticket was queued. */
    public void queued() {
        if (pending.getAndIncrement() == 0) {
            lastProgressNanos.set(System.nanoTime());
        }
    }

    /** A ticket was completed (whatever its outcome). */
    public void completed() {
        pending.decrementAndGet();
        lastProgressNanos.set(System.nanoTime());
    }

    /** @return tickets queued and not completed */
    public long pending() {
        return pending.get();
    }

    /** @return whether tickets are pending and none completed for longer than the stall timeout */
    public boolean stalled() {
        return pending.get() > 0 && System.nanoTime() - lastProgressNanos.get() > stallTimeoutNanos;
    }

    /** @return the time since the last completion */
    public Duration stalledFor() {
        return Duration.ofNanos(System.nanoTime() - lastProgressNanos.get());
    }

    /** @return the deadlock signature: pending count, time since progress and the stacks of the named threads */
    public String signature(String threadNamePrefix) {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        String stacks = Arrays.stream(threads).filter(t -> t.getThreadName().startsWith(threadNamePrefix))
                .map(t -> "  \"" + t.getThreadName() + "\" " + t.getThreadState()
                        + (t.getLockName() != null ? " on " + t.getLockName() : "") + "\n"
                        + Arrays.stream(t.getStackTrace()).limit(12).map(f -> "      at " + f)
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        return "DEADLOCK SIGNATURE: " + pending.get() + " tickets pending, no completion for "
                + stalledFor().toMillis() + " ms; JVM-detected deadlocked threads: "
                + (deadlocked == null ? 0 : deadlocked.length) + "\n" + stacks;
    }
}
