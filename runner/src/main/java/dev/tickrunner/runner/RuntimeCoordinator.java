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
import dev.tickrunner.storage.StorageResilience;
import dev.tickrunner.storage.UsersQueue;
import dev.tickrunner.telemetry.TickEvent;
import dev.tickrunner.telemetry.TickEventPublisher;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user tickets from the queue on N platform worker threads: queue → load → sandbox → save → done, one ticket per
 * thread at a time.
 *
 * <p>Mirrors: engine src/runner.js (the runner loop: fetch, runUser, saveResult, markDone) and driver
 * lib/runtime/make.js (load, run, save). Stopping ({@link #close()}) stops fetching, lets every worker finish the
 * ticket in hand, then returns.
 *
 * <p>Deviates from Node: a ticket is either finished or put back, never dropped half-saved (issue #5). It is marked
 * done (LREM + {@code queue_usersIvm_done}) only after its results were saved, or after a failure that is the
 * player's or ours and not storage's (reported as in Node). When loading or saving fails because MongoDB or Redis is
 * unavailable ({@link StorageResilience#isStorageUnavailable}) after the retries of the resilient ports, the tick
 * leaves no partial trace (the Redis writes are one transaction that was not applied; the Mongo writes are
 * idempotent and are completed by the tick's next save), and the ticket is <em>put back</em> on
 * {@code usersIvmPending} ({@link UsersQueue#putBack}) so that it runs again within this tick if storage returns in
 * time. A failed save is also reported: logged, counted ({@link TickReport.Outcome#SAVE_FAILED} to the listener)
 * and told to the player ({@link ResultWriter#reportSkipped}, "Tick N skipped: storage unavailable…"). When even the
 * put-back or the report cannot reach Redis, the ticket stays in {@code usersIvmProcessing} (so Redis still holds it)
 * and the worker keeps it in a local list, retried before any new ticket is taken. Node marks every ticket done after
 * any error (engine src/runner.js).
 *
 * <p>While a storage circuit breaker is open ({@link StorageResilience#isAvailable()} false) the workers take no
 * tickets: they park until the breaker lets trial calls through, then resume by themselves.
 *
 * <p>One ticket per player at a time ({@link UserTurns}): a second ticket of a player whose tick is still running
 * (main re-queues everyone after its own loop reset) waits for it and then runs the next tick; one for a tick that
 * already ran is settled without running it twice.
 *
 * <p>Every ticket publishes its stages as {@link TickEvent}s on {@link #events()} (metrics, the failure watchdog, the
 * embedding API's job traces listen there), then reports to the {@link TickListener}.
 */
public final class RuntimeCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(200);
    /** The reason in a {@link TickReport} and in the player's "tick skipped" message when storage failed. */
    static final String STORAGE_UNAVAILABLE = "storage unavailable";
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final UsersQueue queue;
    private final RuntimeDataLoader loader;
    private final SandboxPool pool;
    private final ResultWriter writer;
    private final TickListener listener;
    private final TickEventPublisher events = new TickEventPublisher(e -> LOG.warn("Tick event listener failed", e));
    private final StorageResilience resilience;
    private final List<Thread> workers = new ArrayList<>();
    private final Queue<Unsettled> unsettled = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean storageDown = new AtomicBoolean();
    private final UserTurns turns = new UserTurns();
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
        this(queue, loader, pool, writer, listener, null);
    }

    /**
     * @param queue      the users queue, decorated by {@code resilience}
     * @param loader     builds runtime data and applies the CPU gate, decorated by {@code resilience}
     * @param pool       warm player sandboxes
     * @param writer     saves results and failures, decorated by {@code resilience}
     * @param listener   told about every finished ticket
     * @param resilience the breakers the workers watch to stop taking tickets while storage is down, or null
     */
    public RuntimeCoordinator(UsersQueue queue, RuntimeDataLoader loader, SandboxPool pool, ResultWriter writer,
                              TickListener listener, StorageResilience resilience) {
        this.queue = queue;
        this.loader = loader;
        this.pool = pool;
        this.writer = writer;
        this.listener = listener;
        this.resilience = resilience;
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
     * Runs one user ticket to the end on the calling thread: load, run, save, then mark it done — or, when storage
     * was unavailable, put it back on the queue (see the class comment). Never throws for a player's doing or a
     * storage fault; those are logged and reported.
     *
     * @return what the ticket amounted to; {@link TickReport.Outcome#SAVE_FAILED} with a put-back ticket when
     *         storage was unavailable
     */
    public TickReport runTicket(UserTicket ticket) {
        String userId = ticket.userId();
        events.publish(() -> new TickEvent.Start(userId));
        Ticket done = execute(userId);
        TickReport report = done.report();
        // Report before the ticket is marked done, so that whoever waits on the queue (the main loop, the demo)
        // finds every report of the tick once the queue has drained.
        finish(done);
        if (report.outcome() == TickReport.Outcome.SAVE_FAILED && STORAGE_UNAVAILABLE.equals(report.error())) {
            settle(new Unsettled(ticket, report.gameTime(), report.gameTime() >= 0, false));
        } else {
            settle(new Unsettled(ticket, report.gameTime(), false, true));
        }
        return report;
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

    /** @return tickets this runner still owes a put-back, report or done to, a point-in-time snapshot */
    public int unsettledCount() {
        return unsettled.size();
    }

    private void workLoop() {
        while (running) {
            try {
                if (resilience != null && !resilience.isAvailable()) {
                    resilience.awaitAvailable(FETCH_WAIT);
                    continue;
                }
                if (!settleOwed()) {
                    sleepQuietly();
                    continue;
                }
                Optional<UserTicket> ticket = queue.fetch(FETCH_WAIT);
                storageBack();
                ticket.ifPresent(this::runTicket);
            } catch (RuntimeException e) {
                if (StorageResilience.isStorageUnavailable(e)) {
                    storageLost(e);
                } else {
                    LOG.error("Error in runner loop", e);
                }
                sleepQuietly();
            }
        }
    }

    /**
     * Tries to finish what a ticket is owed: the "tick skipped" report, then the put-back or the done. What fails for
     * lack of storage is kept for the next try.
     */
    private void settle(Unsettled u) {
        Unsettled left = u;
        try {
            if (left.reportSkipped()) {
                writer.reportSkipped(u.ticket().userId(), u.gameTime(), STORAGE_UNAVAILABLE);
                left = new Unsettled(u.ticket(), u.gameTime(), false, u.done());
            }
            if (left.done()) {
                queue.markDone(u.ticket());
            } else if (!queue.putBack(u.ticket())) {
                LOG.warn("Ticket of user {} was no longer in {} (the main loop reset the queue): not put back",
                        u.ticket().userId(), UsersQueue.PROCESSING_KEY);
            } else {
                LOG.warn("Ticket of user {} put back on {}: storage unavailable", u.ticket().userId(),
                        UsersQueue.PENDING_KEY);
            }
        } catch (RuntimeException e) {
            if (!StorageResilience.isStorageUnavailable(e)) {
                LOG.error("Could not settle the ticket of user {}; the main loop's queue reset will",
                        u.ticket().userId(), e);
                return;
            }
            LOG.warn("Could not {} the ticket of user {} yet (storage unavailable): kept until storage returns",
                    left.done() ? "mark done" : "put back", u.ticket().userId());
            unsettled.add(left);
        }
    }

    /** @return true when nothing is owed any more */
    private boolean settleOwed() {
        int n = unsettled.size();
        for (int i = 0; i < n; i++) {
            Unsettled u = unsettled.poll();
            if (u == null) {
                break;
            }
            settle(u);
        }
        return unsettled.isEmpty();
    }

    private void storageLost(RuntimeException e) {
        if (storageDown.compareAndSet(false, true)) {
            LOG.warn("Storage unavailable, taking no tickets until it returns: {}", e.toString());
        }
    }

    private void storageBack() {
        if (storageDown.compareAndSet(true, false)) {
            LOG.info("Storage available again, taking tickets");
        }
    }

    private Ticket execute(String userId) {
        try (UserTurns.Turn turn = turns.enter(userId)) {
            if (turn.waited()) {
                LOG.info("Ticket of user {} waited for the user's previous tick to finish", userId);
            }
            return execute(userId, turn);
        }
    }

    private Ticket execute(String userId, UserTurns.Turn turn) {
        events.publish(() -> new TickEvent.RunUser(userId));
        long t0 = System.nanoTime();
        LoadResult load;
        try {
            load = loader.load(userId);
        } catch (RuntimeException e) {
            boolean unavailable = StorageResilience.isStorageUnavailable(e);
            if (unavailable) {
                storageLost(e);
                LOG.warn("Loading runtime data of user {} failed, storage unavailable: {}", userId, e.toString());
            } else {
                LOG.error("Loading runtime data of user {} failed", userId, e);
            }
            return new Ticket(new TickReport(userId, -1, TickReport.Outcome.SAVE_FAILED, 0, 0,
                    unavailable ? STORAGE_UNAVAILABLE : e.getMessage(), System.nanoTime() - t0, 0, 0), false, 0);
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
            case LoadResult.Ready ready when turn.alreadyRun(ready.data().gameTime()) -> {
                LOG.info("Ticket of user {} for tick {} settled without running: that tick already ran", userId,
                        ready.data().gameTime());
                yield new Ticket(new TickReport(userId, ready.data().gameTime(), TickReport.Outcome.SKIPPED, 0, 0,
                        null, loadNanos, 0, 0), true, 0);
            }
            case LoadResult.Ready ready -> {
                turn.ran(ready.data().gameTime());
                yield run(ready.data(), loadNanos);
            }
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
                if (StorageResilience.isStorageUnavailable(e)) {
                    storageLost(e);
                    LOG.error("Tick {} of user {} skipped: its results could not be saved, storage unavailable: {}",
                            data.gameTime(), data.userId(), e.toString());
                    long saveNanos = System.nanoTime() - s0;
                    events.publish(() -> new TickEvent.SaveResultFinish(data.userId(), false, saveNanos));
                    return new Ticket(new TickReport(data.userId(), data.gameTime(), TickReport.Outcome.SAVE_FAILED,
                            result.usedTimeMs(), result.intentsList().size(), STORAGE_UNAVAILABLE, loadNanos, runNanos,
                            saveNanos), true, allocatedBytes);
                }
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
        TickReport.Outcome failed = outcomeOf(failure.kind());
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

    /** Whose doing a failure was: the player's (ERROR) or the sandbox's (TIMEOUT, FAILED), for the watchdog. */
    private static TickReport.Outcome outcomeOf(TickFailure.Kind kind) {
        return switch (kind) {
            case TIMEOUT, WATCHDOG -> TickReport.Outcome.TIMEOUT;
            case OUT_OF_MEMORY, INTERNAL -> TickReport.Outcome.FAILED;
            case HALTED, SCRIPT_ERROR, SKIPPED -> TickReport.Outcome.ERROR;
        };
    }

    private static TickEvent.Result result(TickReport.Outcome outcome) {
        return TickEvent.Result.valueOf(outcome.name());
    }

    /**
     * What a ticket is still owed.
     *
     * @param reportSkipped the player must still be told the tick was skipped
     * @param done          mark it done (true) or put it back (false)
     */
    private record Unsettled(UserTicket ticket, long gameTime, boolean reportSkipped, boolean done) {
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
