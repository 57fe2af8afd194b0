package dev.tickrunner.runner.embedding;

import dev.tickrunner.runner.RuntimeCoordinator;
import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.telemetry.TickEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner as a Java library: post a player's tick, get a {@link Job} handle, wait for the runtime to go idle. A
 * fixed pool of worker threads takes jobs from a bounded queue; a post beyond the queue's capacity is rejected at once
 * with a {@link JobRejectedException}. Each job runs one tick ({@link RuntimeCoordinator#runUser}: load, run, save)
 * without touching the Redis users queue, and its trace records the tick's stage events.
 *
 * <pre>{@code
 * try (ShardRuntime shard = new ShardRuntime(storage, "shard0", null, SandboxConfig.ofDefaults(), TickListener.NONE);
 *      JobRuntime jobs = new JobRuntime(shard, JobRuntimeConfig.custom().workers(4).queueCapacity(100).build())) {
 *     Job job = jobs.post(userId);
 *     jobs.awaitIdle(Duration.ofSeconds(30));
 *     job.report().ifPresent(System.out::println);
 * }
 * }</pre>
 *
 * <p>A player's sandbox serves one thread at a time: posting a player whose queue ticket a worker of the same
 * coordinator runs at that moment gives one of the two ticks an "in use" internal error.
 *
 * <p>Closing stops taking work, fails the jobs still pending ("closed before it started"), waits for the running ones
 * to finish, and leaves the coordinator open (its owner closes it). Thread-safe.
 */
public final class JobRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRuntime.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final RuntimeCoordinator coordinator;
    private final JobRuntimeConfig config;
    private final InstantSource clock;
    private final ThreadPoolExecutor executor;
    private final AutoCloseable traceRegistration;
    private final ThreadLocal<Job> current = new ThreadLocal<>();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final Queue<Long> finishedIds = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicInteger retained = new AtomicInteger();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private volatile boolean closed;

    /** Runs jobs on {@code shard}'s coordinator. */
    public JobRuntime(ShardRuntime shard, JobRuntimeConfig config) {
        this(shard.coordinator(), config, InstantSource.system());
    }

    /**
     * @param coordinator runs each job's tick
     * @param config      workers, queue capacity, retained jobs
     * @param clock       wall clock of the jobs' timestamps
     */
    public JobRuntime(RuntimeCoordinator coordinator, JobRuntimeConfig config, InstantSource clock) {
        this.coordinator = coordinator;
        this.config = config;
        this.clock = clock;
        AtomicInteger threadIndex = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()),
                runnable -> Thread.ofPlatform().name("job-worker-" + threadIndex.getAndIncrement()).unstarted(runnable),
                new ThreadPoolExecutor.AbortPolicy());
        this.traceRegistration = coordinator.events().add(this::trace);
    }

    /**
     * Posts one tick of one player.
     *
     * @param userId the player's user id
     * @return the job's handle, {@link JobStatus#PENDING} or already running
     * @throws JobRejectedException if {@code queueCapacity} jobs are already pending, or the runtime is closed
     */
    public Job post(String userId) {
        if (closed) {
            throw JobRejectedException.closed(userId);
        }
        Job job = new Job(nextId.incrementAndGet(), userId, clock.instant());
        jobs.put(job.id(), job);
        unfinished.incrementAndGet();
        try {
            executor.execute(new JobTask(job));
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id());
            leave();
            throw closed ? JobRejectedException.closed(userId) : JobRejectedException.queueFull(userId,
                    config.queueCapacity(), executor.getQueue().size(), running.get());
        }
        return job;
    }

    /** @return the job with that id, while pending or running and for the last {@code retainedJobs} finished ones */
    public Optional<Job> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** @return jobs posted and not yet finished (pending + running) */
    public int unfinishedJobs() {
        return unfinished.get();
    }

    /**
     * Waits until no job is pending or running.
     *
     * @return true when idle, false if {@code timeout} passed first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        idleLock.lock();
        try {
            while (unfinished.get() > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    /** Stops taking work, fails the pending jobs, waits (up to 60 s) for the running ones. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Runnable> pending = new ArrayList<>();
        executor.getQueue().drainTo(pending);
        for (Runnable task : pending) {
            finish(((JobTask) task).job, null, "Job runtime closed before the job started");
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Job runtime: {} jobs still running after {}", running.get(), CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            traceRegistration.close();
        } catch (Exception e) {
            LOG.warn("Unregistering the job trace listener failed", e);
        }
    }

    private void trace(TickEvent event) {
        Job job = current.get();
        if (job != null) {
            job.traced(event);
        }
    }

    private void finish(Job job, dev.tickrunner.runner.TickReport report, String failure) {
        if (report != null) {
            job.completed(report, clock.instant());
        } else {
            job.failed(failure, clock.instant());
        }
        finishedIds.add(job.id());
        if (retained.incrementAndGet() > config.retainedJobs()) {
            Long oldest = finishedIds.poll();
            if (oldest != null) {
                retained.decrementAndGet();
                jobs.remove(oldest);
            }
        }
        leave();
    }

    private void leave() {
        if (unfinished.decrementAndGet() == 0) {
            idleLock.lock();
            try {
                idle.signalAll();
            } finally {
                idleLock.unlock();
            }
        }
    }

    /** Runs one job on a worker thread. */
    private final class JobTask implements Runnable {
        final Job job;

        JobTask(Job job) {
            this.job = job;
        }

        @Override
        public void run() {
            running.incrementAndGet();
            job.started(clock.instant());
            current.set(job);
            try {
                finish(job, coordinator.runUser(job.userId()), null);
            } catch (RuntimeException | Error e) {
                LOG.error("Job {} of user {} failed", job.id(), job.userId(), e);
                finish(job, null, "Internal error: " + e);
            } finally {
                current.remove();
                running.decrementAndGet();
            }
        }
    }
}
