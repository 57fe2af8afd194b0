package dev.tickrunner.telemetry;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What {@code /health} reads of the runner's worker threads ({@link Health#status()}, {@link Health#workerThreads()}),
 * each call a point-in-time answer. The runner gives its coordinator's, e.g.
 * {@code WorkerStatus.of(coordinator::isRunning, coordinator::workerThreads)}; telemetry knows no runner type.
 * Implementations must be thread-safe: the HTTP thread calls them.
 */
public interface WorkerStatus {
    /** @return whether worker threads consume the users queue now */
    boolean isRunning();

    /** @return worker threads started, ≥ 0 */
    int workerThreads();

    /**
     * @param running       whether worker threads consume the queue
     * @param workerThreads worker threads started
     * @return a status reading both suppliers on each call
     * @throws NullPointerException if either is null
     */
    static WorkerStatus of(BooleanSupplier running, IntSupplier workerThreads) {
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(workerThreads, "workerThreads");
        return new WorkerStatus() {
            @Override
            public boolean isRunning() {
                return running.getAsBoolean();
            }

            @Override
            public int workerThreads() {
                return workerThreads.getAsInt();
            }
        };
    }
}
