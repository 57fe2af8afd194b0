package dev.tickrunner.storage.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the threads that wait on an empty queue when something may have been added to it: a generation counter that
 * {@link #raise()} advances and {@link #await} waits on. A waiter reads {@link #generation()} before it looks at the
 * queue and waits only while the generation is still that one, so an add that lands between its look and its wait is
 * not missed. Thread-safe; {@link #raise()} never blocks for long (it runs on the Redis client's event thread).
 *
 * <p>Mirrors: nothing in Node (screepsmod-mongo lib/common/queue.js's fetch polls every 10 ms and ignores the
 * {@code queue_<name>_add} message it publishes).
 */
final class QueueWakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raised = lock.newCondition();
    /** Written under {@link #lock} only; read without it by {@link #generation()}. */
    private volatile long generation;

    /** @return the current generation, to pass to {@link #await} */
    long generation() {
        return generation;
    }

    /** Advances the generation and wakes every waiter. */
    void raise() {
        lock.lock();
        try {
            generation++;
            raised.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the generation is no longer {@code seen} or {@code timeoutNanos} have passed.
     *
     * @param seen         what {@link #generation()} returned before the caller looked at the queue
     * @param timeoutNanos the longest wait, ns
     * @return false if the thread was interrupted while waiting (its interrupt flag is set again), else true
     */
    boolean await(long seen, long timeoutNanos) {
        long left = timeoutNanos;
        lock.lock();
        try {
            while (generation == seen && left > 0) {
                left = raised.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
