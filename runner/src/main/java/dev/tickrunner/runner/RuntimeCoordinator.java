package dev.tickrunner.runner;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickFailure;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.model.UserTicket;
import dev.tickrunner.sandbox.SandboxLease;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.sandbox.TickOutcome;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.RuntimeDataLoader;
import dev.tickrunner.storage.UsersQueue;
import dev.tickrunner.telemetry.TickEvent;
import dev.tickrunner.telemetry.TickEventPublisher;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user tickets from the queue on N platform worker threads: queue → load → sandbox → save → done, one ticket per
 * thread at a time.
 *
 * <p>Mirrors: engine src/runner.js (the runner loop: fetch, runUser, saveResult, markDone) and driver
 * lib/runtime/make.js (load, run, save). As in Node, a ticket is marked done after its save was attempted, even when
 * the save failed (the failure is logged and reported); see issue #5 for saves that survive storage faults.
 * Stopping ({@link #close()}) stops fetching, lets every worker finish the ticket in hand, then returns.
 *
 * <p>Every ticket publishes its stages as {@link TickEvent}s on {@link #events()} (metrics, the failure watchdog, the
 * embedding API's job traces listen there), then reports to the {@link TickListener}.
 */
public final class RuntimeCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(200);
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final UsersQueue queue;
    private final RuntimeDataLoader loader;
    private final SandboxPool pool;
    private final ResultWriter writer;
    private final TickListener listener;
    private final TickEventPublisher events = new TickEventPublisher(e -> LOG.warn("Tick event listener failed", e));
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param queue    the users queue ({@code usersIvmPending}/{@code usersIvmProcessing})
     * @param loader   builds runtime data and applies the CPU gate
     * @param pool     warm player sandboxes
     * @param writer   saves results and failures
     * @param listener told about every finished ticket
     */
    public RuntimeCoordinator(UsersQueue queue, RuntimeDataLoader loader, SandboxPool pool, ResultWriter writer,
                              TickListener listener) {
        this.queue = queue;
        this.loader = loader;
        this.pool = pool;
        this.writer = writer;
        this.listener = listener;
    }

    /**
     * Starts {@code threads} worker threads consuming the queue.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     * @throws IllegalStateException    if already started
     */
    public synchronized void start(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (running) {
            throw new IllegalStateException("already started");
        }
        running = true;
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().name("tick-worker-" + i).start(this::workLoop));
        }
        LOG.info("Runner started with {} worker threads", threads);
    }

    /**
     * Runs one user ticket to the end on the calling thread (load, run, save, done). Never throws for a player's
     * doing; storage failures are logged and reported.
     */
    public TickReport runTicket(UserTicket ticket) {
        String userId = ticket.userId();
        events.publish(() -> new TickEvent.Start(userId));
        Ticket done = null;
        try {
            done = execute(userId);
        } finally {
            try {
                queue.markDone(ticket);
            } catch (RuntimeException e) {
                LOG.error("Could not mark ticket of user {} done; the main loop's queue reset will", userId, e);
            }
            if (done != null) {
                finish(done);
            }
        }
        return done.report();
    }

    /**
     * Runs one player's tick on the calling thread without a queue ticket (load, run, save): the embedding API's
     * unit of work. Never throws for a player's doing; storage failures are logged and reported.
     *
     * @param userId the player's user id
     * @return what the tick amounted to
     */
    public TickReport runUser(String userId) {
        events.publish(() -> new TickEvent.Start(userId));
        Ticket done = execute(userId);
        finish(done);
        return done.report();
    }

    /** @return where every ticket's stages are published; add listeners before {@link #start(int)} */
    public TickEventPublisher events() {
        return events;
    }

    /** @return whether worker threads are consuming the queue (started and not closed) */
    public boolean isRunning() {
        return running;
    }

    /** @return worker threads started, 0 before {@link #start(int)} */
    public int workerThreads() {
        return workers.size();
    }

    /** Stops fetching tickets, waits for the tickets in hand to finish, and returns. Idempotent. */
    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("Runner stopped: every ticket in hand finished");
    }

    private void workLoop() {
        while (running) {
            try {
                Optional<UserTicket> ticket = queue.fetch(FETCH_WAIT);
                ticket.ifPresent(this::runTicket);
            } catch (RuntimeException e) {
                LOG.error("Error in runner loop", e);
                sleepQuietly();
            }
        }
    }

    private Ticket execute(String userId) {
        events.publish(() -> new TickEvent.RunUser(userId));
        long t0 = System.nanoTime();
        LoadResult load;
        try {
            load = loader.load(userId);
        } catch (RuntimeException e) {
            LOG.error("Loading runtime data of user {} failed", userId, e);
            return new Ticket(new TickReport(userId, -1, TickReport.Outcome.SAVE_FAILED, 0, 0, e.getMessage(),
                    System.nanoTime() - t0, 0, 0), false, 0);
        }
        long loadNanos = System.nanoTime() - t0;
        return switch (load) {
            case LoadResult.Inactive inactive -> new Ticket(new TickReport(userId, -1, TickReport.Outcome.SKIPPED, 0, 0,
                    null, loadNanos, 0, 0), true, 0);
            case LoadResult.Skipped skipped -> {
                events.publish(() -> new TickEvent.SaveResultStart(userId, -1, TickEvent.Result.SKIPPED, 0));
                long s0 = System.nanoTime();
                boolean saved = saveFailure(skipped.failure());
                long saveNanos = System.nanoTime() - s0;
                events.publish(() -> new TickEvent.SaveResultFinish(userId, saved, saveNanos));
                yield new Ticket(new TickReport(userId, -1, saved ? TickReport.Outcome.SKIPPED
                        : TickReport.Outcome.SAVE_FAILED, 0, 0, skipped.failure().error(), loadNanos, 0, saveNanos),
                        true, 0);
            }
            case LoadResult.Ready ready -> run(ready.data(), loadNanos);
        };
    }

    private Ticket run(RuntimeData data, long loadNanos) {
        long r0 = System.nanoTime();
        long a0 = ALLOCATION.getCurrentThreadAllocatedBytes();
        TickOutcome outcome;
        try (SandboxLease lease = pool.acquire(data.userId(), data.userCodeTimestamp())) {
            outcome = lease.sandbox().runTick(data);
        } catch (RuntimeException e) {
            LOG.error("Sandbox of user {} failed", data.userId(), e);
            outcome = new TickOutcome.Failed(new TickFailure(data.userId(), TickFailure.Kind.INTERNAL,
                    "Internal error: " + e.getMessage(), true));
        }
        long allocatedBytes = Math.max(0, ALLOCATION.getCurrentThreadAllocatedBytes() - a0);
        long runNanos = System.nanoTime() - r0;
        if (outcome instanceof TickOutcome.Completed completed) {
            TickResult result = completed.result();
            TickReport.Outcome ran = result.type() == TickResult.Outcome.DONE ? TickReport.Outcome.DONE
                    : result.error() != null && result.error().startsWith("Script execution timed out")
                    ? TickReport.Outcome.TIMEOUT : TickReport.Outcome.ERROR;
            events.publish(() -> new TickEvent.SaveResultStart(data.userId(), data.gameTime(), result(ran),
                    result.usedTimeMs()));
            long s0 = System.nanoTime();
            boolean saved = true;
            try {
                writer.save(data, result);
            } catch (RuntimeException e) {
                saved = false;
                LOG.error("Saving the tick of user {} at {} failed", data.userId(), data.gameTime(), e);
            }
            long saveNanos = System.nanoTime() - s0;
            boolean savedFinal = saved;
            events.publish(() -> new TickEvent.SaveResultFinish(data.userId(), savedFinal, saveNanos));
            TickReport.Outcome kind = saved ? ran : TickReport.Outcome.SAVE_FAILED;
            return new Ticket(new TickReport(data.userId(), data.gameTime(), kind, result.usedTimeMs(),
                    result.intentsList().size(), result.error(), loadNanos, runNanos, saveNanos), true, allocatedBytes);
        }
        TickFailure failure = ((TickOutcome.Failed) outcome).failure();
        TickReport.Outcome failed = failure.kind() == TickFailure.Kind.TIMEOUT
                || failure.kind() == TickFailure.Kind.WATCHDOG ? TickReport.Outcome.TIMEOUT : TickReport.Outcome.ERROR;
        events.publish(() -> new TickEvent.SaveResultStart(data.userId(), data.gameTime(), result(failed), 0));
        long s0 = System.nanoTime();
        boolean saved = saveFailure(failure);
        long saveNanos = System.nanoTime() - s0;
        events.publish(() -> new TickEvent.SaveResultFinish(data.userId(), saved, saveNanos));
        TickReport.Outcome kind = saved ? failed : TickReport.Outcome.SAVE_FAILED;
        return new Ticket(new TickReport(data.userId(), data.gameTime(), kind, 0, 0, failure.error(), loadNanos,
                runNanos, saveNanos), true, allocatedBytes);
    }

    private boolean saveFailure(TickFailure failure) {
        try {
            writer.saveFailure(failure);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Reporting the failed tick of user {} failed", failure.userId(), e);
            return false;
        }
    }

    private void finish(Ticket ticket) {
        TickReport r = ticket.report();
        events.publish(() -> new TickEvent.Finish(r.userId(), r.gameTime(), result(r.outcome()), ticket.loaded(),
                r.cpuUsedMs(), ticket.allocatedBytes(), r.error(), r.loadNanos(), r.runNanos(), r.saveNanos()));
        try {
            listener.onTick(r);
        } catch (RuntimeException e) {
            LOG.warn("Tick listener failed", e);
        }
    }

    private static TickEvent.Result result(TickReport.Outcome outcome) {
        return TickEvent.Result.valueOf(outcome.name());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A finished ticket before it is published: the report plus what only the events carry. */
    private record Ticket(TickReport report, boolean loaded, long allocatedBytes) {
    }
}
