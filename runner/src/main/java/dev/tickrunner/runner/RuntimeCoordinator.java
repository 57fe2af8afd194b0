package dev.tickrunner.runner;

import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.UserTicket;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.RuntimeDataLoader;
import dev.tickrunner.storage.StorageResilience;
import dev.tickrunner.storage.UsersQueue;
import dev.tickrunner.telemetry.TickEvent;
import dev.tickrunner.telemetry.TickEventPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user tickets from the queue on N platform worker threads, one ticket per thread at a time, as one class per
 * step of a tick: {@link FetchStep} (take a ticket) → {@link LoadStep} (runtime data after the CPU gate) →
 * {@link RunStep} (the player's sandbox) → {@link SaveStep} (results or the failure report) → {@link SettleStep}
 * (done, or put back). The steps pass one {@link TickOutcome} along; every decision is taken from it.
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
 * time. A failed save is also reported: logged, counted ({@link TickOutcome.StorageUnavailable} to the listener)
 * and told to the player ({@link ResultWriter#report}, "Tick N skipped: storage unavailable…"). When even the
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
    /**
     * Tickets in flight per runner thread: one in its sandbox, the others in their loads and saves, which are storage
     * round trips (live shard on mongo-java-server: 8.4 ms of load and 5.2 ms of save per ticket against 3.3 ms in the
     * sandbox, bench/live-shard.sh; the workers were idle in those waits, not on a CPU).
     */
    static final int TICKETS_PER_RUNNER_THREAD = 4;

    private final TickListener listener;
    private final TickEventPublisher events = new TickEventPublisher(e -> LOG.warn("Tick event listener failed", e));
    private final StorageStatus storage = new StorageStatus();
    private final LoadStep load;
    private final RunStep run;
    private final SaveStep save;
    private final SettleStep settle;
    private final FetchStep fetch;
    private final List<Thread> workers = new ArrayList<>();
    private final UserTurns turns = new UserTurns();
    private volatile boolean running;

    /**
     * @param queue    the users queue ({@code usersIvmPending}/{@code usersIvmProcessing})
     * @param loader   builds runtime data and applies the CPU gate
     * @param pool     warm player sandboxes
     * @param writer   saves results and failures
     * @param listener told about every finished ticket
     */
    public RuntimeCoordinator(UsersQueue queue, RuntimeDataLoader loader, SandboxPool<PlayerSandbox> pool,
                              ResultWriter writer, TickListener listener) {
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
    public RuntimeCoordinator(UsersQueue queue, RuntimeDataLoader loader, SandboxPool<PlayerSandbox> pool,
                              ResultWriter writer, TickListener listener, StorageResilience resilience) {
        this.listener = listener;
        this.load = new LoadStep(loader, storage);
        this.run = new RunStep(pool);
        this.save = new SaveStep(writer, storage);
        this.settle = new SettleStep(queue, writer, System::nanoTime, FetchStep.PAUSE);
        this.fetch = new FetchStep(queue, resilience, settle, storage);
    }

    /**
     * Starts consuming the queue with {@code threads} runner threads ({@code runner_threads}): at most that many ticks
     * run in sandboxes at once, one per core, and {@value #TICKETS_PER_RUNNER_THREAD} times as many tickets are in
     * flight, so that one ticket's storage round trips (its load, its save) overlap another's sandbox instead of
     * leaving its core idle: {@code threads × }{@value #TICKETS_PER_RUNNER_THREAD} worker threads.
     *
     * <p>Deviates from Node: the driver's {@code startLoop} (lib/index.js) keeps {@code RUNNER_THREADS} tickets in
     * flight, load and save included.
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
        run.limitConcurrentRuns(threads);
        for (int i = 0; i < threads * TICKETS_PER_RUNNER_THREAD; i++) {
            workers.add(Thread.ofPlatform().name("tick-worker-" + i).start(this::workLoop));
        }
        LOG.info("Runner started: {} ticks run at once, {} worker threads (the others load or save)", threads,
                workers.size());
    }

    /**
     * Runs one user ticket to the end on the calling thread: load, run, save, then mark it done — or, when storage
     * was unavailable, put it back on the queue (see the class comment). Never throws for a player's doing or a
     * storage fault; those are logged and reported.
     *
     * @return what the ticket amounted to; {@link TickOutcome.StorageUnavailable} with a put-back ticket when storage
     *         was unavailable
     */
    public TickReport runTicket(UserTicket ticket) {
        TickReport report = runUser(ticket.userId());
        // Reported before the ticket is settled, so that whoever waits on the queue (the main loop, the demo) finds
        // every report of the tick once the queue has drained.
        settle.settle(ticket, report.gameTime(), report.outcome());
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
        Ticket done;
        try (UserTurns.Turn turn = turns.enter(userId)) {
            if (turn.waited()) {
                LOG.info("Ticket of user {} waited for the user's previous tick to finish", userId);
            }
            done = execute(userId, turn);
        }
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
        return settle.owedCount();
    }

    private void workLoop() {
        while (running) {
            Optional<UserTicket> ticket = fetch.next(FETCH_WAIT);
            ticket.ifPresent(this::runTicket);
        }
    }

    private Ticket execute(String userId, UserTurns.Turn turn) {
        events.publish(() -> new TickEvent.RunUser(userId));
        long t0 = System.nanoTime();
        LoadStep.Loaded loaded = load.load(userId);
        long loadNanos = System.nanoTime() - t0;
        return switch (loaded) {
            case LoadStep.Loaded.Ended ended when ended.outcome() instanceof TickOutcome.Skipped -> {
                SaveStep.Saved saved = saved(userId, ended.gameTime(), ended.outcome(), 0,
                        () -> save.report(userId, ended.gameTime(), ended.outcome()));
                yield new Ticket(new TickReport(userId, -1, saved.outcome(), 0, 0, loadNanos, 0, saved.saveNanos()),
                        true, 0);
            }
            case LoadStep.Loaded.Ended ended -> new Ticket(new TickReport(userId, -1, ended.outcome(), 0, 0,
                    loadNanos, 0, 0), !(ended.outcome() instanceof TickOutcome.StorageUnavailable
                    || ended.outcome() instanceof TickOutcome.Failed), 0);
            case LoadStep.Loaded.Ready ready when turn.alreadyRun(ready.data().gameTime()) -> {
                LOG.info("Ticket of user {} for tick {} settled without running: that tick already ran", userId,
                        ready.data().gameTime());
                yield new Ticket(new TickReport(userId, ready.data().gameTime(),
                        new TickOutcome.Skipped(TickOutcome.Skipped.Reason.ALREADY_RAN, null), 0, 0, loadNanos, 0, 0),
                        true, 0);
            }
            case LoadStep.Loaded.Ready ready -> {
                turn.ran(ready.data().gameTime());
                RunStep.Ran ran = run.run(ready.data());
                long cpuUsedMs = ran.outcome() instanceof TickOutcome.Completed c ? c.result().usedTimeMs() : 0;
                int intents = ran.outcome() instanceof TickOutcome.Completed c ? c.result().intentsList().size() : 0;
                SaveStep.Saved saved = saved(userId, ready.data().gameTime(), ran.outcome(), cpuUsedMs,
                        () -> save.save(ready.data(), ran.outcome()));
                yield new Ticket(new TickReport(userId, ready.data().gameTime(), saved.outcome(), cpuUsedMs, intents,
                        loadNanos, ran.runNanos(), saved.saveNanos()), true, ran.allocatedBytes());
            }
        };
    }

    /** Runs a save or report between its two events. */
    private SaveStep.Saved saved(String userId, long gameTime, TickOutcome before, long cpuUsedMs,
                                 java.util.function.Supplier<SaveStep.Saved> write) {
        events.publish(() -> new TickEvent.SaveResultStart(userId, gameTime, before, cpuUsedMs));
        SaveStep.Saved saved = write.get();
        boolean ok = saved.outcome() == before;
        events.publish(() -> new TickEvent.SaveResultFinish(userId, ok, saved.saveNanos()));
        return saved;
    }

    private void finish(Ticket ticket) {
        TickReport r = ticket.report();
        events.publish(() -> new TickEvent.Finish(r.userId(), r.gameTime(), r.outcome(), ticket.loaded(),
                r.cpuUsedMs(), ticket.allocatedBytes(), r.loadNanos(), r.runNanos(), r.saveNanos()));
        try {
            listener.onTick(r);
        } catch (RuntimeException e) {
            LOG.warn("Tick listener failed", e);
        }
    }

    /** A finished ticket before it is published: the report plus what only the events carry. */
    private record Ticket(TickReport report, boolean loaded, long allocatedBytes) {
    }
}
