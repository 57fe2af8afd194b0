package dev.tickrunner.runner.embedding;

/** Where a posted {@link Job} is: {@code PENDING → RUNNING → COMPLETED | FAILED}, or {@code PENDING → FAILED}. */
public enum JobStatus {
    /** Waiting in the bounded queue for a worker. */
    PENDING,
    /** A worker runs the player's tick. */
    RUNNING,
    /** The tick ran to the end and its results were saved (also when the script threw or timed out). */
    COMPLETED,
    /** The tick could not be run or saved (a storage fault), or the runtime closed before it started. */
    FAILED;

    /** @return whether the job has ended */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
