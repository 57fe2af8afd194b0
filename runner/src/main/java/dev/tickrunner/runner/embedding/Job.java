package dev.tickrunner.runner.embedding;

import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.telemetry.TickEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The handle of one posted tick of one player: its id, status, timings, the stages it went through (trace) and, once
 * completed, the tick's {@link TickReport}. Thread-safe; every getter is a point-in-time view.
 */
public final class Job {
    private final long id;
    private final String userId;
    private final Instant submittedAt;
    private final long submittedNanos;
    private final List<TraceEntry> trace = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile JobStatus status = JobStatus.PENDING;
    private volatile Instant startedAt;
    private volatile long startedNanos;
    private volatile Instant finishedAt;
    private volatile long finishedNanos;
    private volatile TickReport report;
    private volatile String failure;

    Job(long id, String userId, Instant submittedAt) {
        this.id = id;
        this.userId = userId;
        this.submittedAt = submittedAt;
        this.submittedNanos = System.nanoTime();
    }

    /**
     * One stage the job's tick went through.
     *
     * @param sinceSubmitted time from {@link #submittedAt()} to the stage
     * @param event          the stage, as the coordinator published it
     */
    public record TraceEntry(Duration sinceSubmitted, TickEvent event) {
    }

    /** @return the job's id, unique within its runtime, ≥ 1 */
    public long id() {
        return id;
    }

    /** @return the player whose tick it runs */
    public String userId() {
        return userId;
    }

    /** @return where the job is now */
    public JobStatus status() {
        return status;
    }

    /** @return when it was posted */
    public Instant submittedAt() {
        return submittedAt;
    }

    /** @return when a worker took it, if one has */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** @return when it ended, if it has */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** @return time spent waiting for a worker, once one took it */
    public Optional<Duration> queueWait() {
        return startedAt == null ? Optional.empty() : Optional.of(Duration.ofNanos(startedNanos - submittedNanos));
    }

    /** @return time the worker spent on it (load, run, save), once it ran to the end */
    public Optional<Duration> runTime() {
        return startedAt == null || finishedAt == null ? Optional.empty()
                : Optional.of(Duration.ofNanos(finishedNanos - startedNanos));
    }

    /** @return the tick's report, once the job ran to the end (also when it {@link JobStatus#FAILED} saving) */
    public Optional<TickReport> report() {
        return Optional.ofNullable(report);
    }

    /** @return why the job failed, when it did */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return the stages the job's tick went through so far, in order (start, runUser, …, finish) */
    public List<TraceEntry> trace() {
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    /**
     * Waits until the job has ended.
     *
     * @return whether it ended within {@code timeout}
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "Job[id=" + id + ", userId=" + userId + ", status=" + status + "]";
    }

    void started(Instant at) {
        startedNanos = System.nanoTime();
        startedAt = at;
        status = JobStatus.RUNNING;
    }

    void traced(TickEvent event) {
        synchronized (trace) {
            trace.add(new TraceEntry(Duration.ofNanos(System.nanoTime() - submittedNanos), event));
        }
    }

    void completed(TickReport tick, Instant at) {
        report = tick;
        if (tick.outcome() instanceof TickOutcome.StorageUnavailable
                || tick.outcome() instanceof TickOutcome.Failed f && !f.kind().toldToPlayer()) {
            failure = "Storage failed: " + tick.error();
            end(JobStatus.FAILED, at);
        } else {
            end(JobStatus.COMPLETED, at);
        }
    }

    void failed(String why, Instant at) {
        failure = why;
        end(JobStatus.FAILED, at);
    }

    private void end(JobStatus finalStatus, Instant at) {
        finishedNanos = System.nanoTime();
        finishedAt = at;
        status = finalStatus;
        finished.countDown();
    }
}
