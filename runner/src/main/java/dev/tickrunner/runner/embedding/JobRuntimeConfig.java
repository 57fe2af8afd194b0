package dev.tickrunner.runner.embedding;

/**
 * The size of a {@link JobRuntime}.
 *
 * @param workers       worker threads running ticks, ≥ 1
 * @param queueCapacity pending jobs held beyond the running ones, ≥ 1; a post beyond it is rejected
 * @param retainedJobs  finished jobs kept for {@link JobRuntime#job(long)}, ≥ 0 (oldest forgotten first)
 */
public record JobRuntimeConfig(int workers, int queueCapacity, int retainedJobs) {
    /** Worker threads: the available processors, as the Node runner's {@code runner_threads} default. */
    public static final int DEFAULT_WORKERS = Runtime.getRuntime().availableProcessors();
    /** Pending jobs: 1000. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;
    /** Finished jobs kept: 1000. */
    public static final int DEFAULT_RETAINED_JOBS = 1000;

    /** @throws IllegalArgumentException if {@code workers < 1 || queueCapacity < 1 || retainedJobs < 0} */
    public JobRuntimeConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
        }
        if (retainedJobs < 0) {
            throw new IllegalArgumentException("retainedJobs must be >= 0, was " + retainedJobs);
        }
    }

    /** @return the defaults */
    public static JobRuntimeConfig ofDefaults() {
        return custom().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** Builds a {@link JobRuntimeConfig}; values are checked by {@link #build()}. */
    public static final class Builder {
        private int workers = DEFAULT_WORKERS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int retainedJobs = DEFAULT_RETAINED_JOBS;

        private Builder() {
        }

        /** @param value worker threads, ≥ 1 */
        public Builder workers(int value) {
            this.workers = value;
            return this;
        }

        /** @param value pending jobs held, ≥ 1 */
        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        /** @param value finished jobs kept, ≥ 0 */
        public Builder retainedJobs(int value) {
            this.retainedJobs = value;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range (the message names it) */
        public JobRuntimeConfig build() {
            return new JobRuntimeConfig(workers, queueCapacity, retainedJobs);
        }
    }
}
