package dev.tickrunner.sandbox;

/**
 * Decides when a player's context must have its retained heap measured, and keeps the last figure. What a context
 * retains cannot grow by more than its thread allocated, so the last measurement plus every byte allocated since
 * (the context's creation included) bounds what it can retain now: a fast-growing player is measured on the tick it
 * may cross the limit, a steady one only every {@code intervalTicks}.
 *
 * <p>Mirrors: nothing in Node (isolated-vm enforces {@code memoryLimit} inside V8); this is the JVM's equivalent of
 * the 256 MB isolate limit of driver lib/runtime/user-vm.js. Ownership: one thread at a time (the sandbox's lease);
 * {@link #estimateBytes()} may be read from any thread.
 */
final class RetainedHeapGuard {
    private final long limitBytes;
    private final int intervalTicks;
    private volatile long estimateBytes;
    private long allocatedSinceCheck;
    private boolean measuredThisTick;

    /**
     * @param limitBytes    the retained-heap limit, bytes
     * @param intervalTicks measure at least every this many ticks, ≥ 1
     * @throws IllegalArgumentException if {@code limitBytes < 0} or {@code intervalTicks < 1}
     */
    RetainedHeapGuard(long limitBytes, int intervalTicks) {
        if (limitBytes < 0 || intervalTicks < 1) {
            throw new IllegalArgumentException("limitBytes must be >= 0 and intervalTicks >= 1, were " + limitBytes
                    + ", " + intervalTicks);
        }
        this.limitBytes = limitBytes;
        this.intervalTicks = intervalTicks;
    }

    /** The bytes the creating thread allocated to build the context: part of the bound until the first measurement. */
    void created(long allocatedBytes) {
        allocatedSinceCheck = Math.max(0, allocatedBytes);
    }

    /**
     * @param ticksRun           ticks run in the context, this one included
     * @param tickAllocatedBytes bytes allocated by this tick so far
     * @return whether the retained heap must be measured after this tick
     */
    boolean due(long ticksRun, long tickAllocatedBytes) {
        return ticksRun % intervalTicks == 0 || estimateBytes + allocatedSinceCheck + tickAllocatedBytes > limitBytes;
    }

    /** Records a measurement taken this tick, bytes. */
    void measured(long retainedBytes) {
        estimateBytes = retainedBytes;
        measuredThisTick = true;
    }

    /** Records a measurement taken between ticks (not part of any tick's bound), bytes. */
    void measuredBetweenTicks(long retainedBytes) {
        estimateBytes = retainedBytes;
    }

    /** Closes the tick's account: what it allocated counts toward the bound unless the tick was measured. */
    void tickEnded(long tickAllocatedBytes) {
        allocatedSinceCheck = measuredThisTick ? 0 : allocatedSinceCheck + Math.max(0, tickAllocatedBytes);
        measuredThisTick = false;
    }

    /** @return the last figure, bytes */
    long estimateBytes() {
        return estimateBytes;
    }

    /** @return the limit, bytes */
    long limitBytes() {
        return limitBytes;
    }

    /** @return whether the last figure is above the limit */
    boolean exceeded() {
        return estimateBytes > limitBytes;
    }
}
