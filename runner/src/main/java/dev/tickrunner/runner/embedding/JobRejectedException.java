package dev.tickrunner.runner.embedding;

/**
 * {@link JobRuntime#post} refused a job: the bounded queue of pending jobs is full, or the runtime is closed. An
 * expected rejection, so it carries no stack trace; the message gives the runtime's state in one fixed format.
 *
 * <p>Mirrors: Resilience4j bulkhead/BulkheadFullException (named, cheap, created by a static factory).
 */
public final class JobRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private JobRejectedException(String message) {
        super(message, null, false, false);
    }

    /**
     * @param capacity pending jobs the queue holds
     * @param pending  pending jobs now
     * @param running  running jobs now
     * @return "Job queue is full: user {@code userId} rejected (capacity=…, pending=…, running=…)"
     */
    static JobRejectedException queueFull(String userId, int capacity, int pending, int running) {
        return new JobRejectedException("Job queue is full: user " + userId + " rejected (capacity=" + capacity
                + ", pending=" + pending + ", running=" + running + ")");
    }

    /** @return "Job runtime is closed: user {@code userId} rejected" */
    static JobRejectedException closed(String userId) {
        return new JobRejectedException("Job runtime is closed: user " + userId + " rejected");
    }
}
