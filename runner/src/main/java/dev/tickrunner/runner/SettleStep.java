package dev.tickrunner.runner;

import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.StorageResilience;
import dev.tickrunner.storage.UsersQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settle step of a ticket, decided by its outcome alone: a {@link TickOutcome.StorageUnavailable} ticket is put
 * back on {@code usersIvmPending} (after telling the player the tick was skipped, when it had a game time), every other
 * ticket is marked done. What cannot be done for lack of storage is owed: kept here (the ticket stays in
 * {@code usersIvmProcessing}, so Redis still holds it) and tried again, no sooner than {@code retryInterval} later,
 * before the worker takes a new ticket.
 *
 * <p>The state of an owed ticket: {@code REPORT → PUT_BACK} or {@code DONE}; each step that succeeds is not repeated.
 * Time comes from an injected clock, so the state machine is tested without sleeps.
 *
 * <p>Mirrors: engine src/runner.js markDone after each user. Deviates from Node: Node marks every ticket done,
 * whatever happened to its save. Thread-safe.
 */
final class SettleStep {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);

    private final UsersQueue queue;
    private final ResultWriter writer;
    private final LongSupplier nanoClock;
    private final long retryNanos;
    private final Queue<Owed> owed = new ConcurrentLinkedQueue<>();

    /**
     * @param queue         the users queue (decorated: idempotent calls retried)
     * @param writer        tells the player a tick was skipped
     * @param nanoClock     a monotonic clock, ns
     * @param retryInterval the least time between two tries of an owed ticket
     */
    SettleStep(UsersQueue queue, ResultWriter writer, LongSupplier nanoClock, Duration retryInterval) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.retryNanos = retryInterval.toNanos();
    }

    /** What is still to be done for a ticket. */
    enum Left { REPORT, PUT_BACK, DONE }

    /**
     * One owed ticket.
     *
     * @param notBeforeNanos the clock reading before which it is not tried again
     */
    record Owed(UserTicket ticket, long gameTime, TickOutcome outcome, Left left, long notBeforeNanos) {
    }

    /** Settles a finished ticket now; what fails for lack of storage is owed. Never throws. */
    void settle(UserTicket ticket, long gameTime, TickOutcome outcome) {
        Left first = !(outcome instanceof TickOutcome.StorageUnavailable) ? Left.DONE
                : gameTime >= 0 ? Left.REPORT : Left.PUT_BACK;
        attempt(new Owed(ticket, gameTime, outcome, first, 0));
    }

    /**
     * Tries every owed ticket that is due.
     *
     * @return true when nothing is owed any more
     */
    boolean settleOwed() {
        long now = nanoClock.getAsLong();
        int n = owed.size();
        for (int i = 0; i < n; i++) {
            Owed o = owed.poll();
            if (o == null) {
                break;
            }
            if (now - o.notBeforeNanos() < 0) {
                owed.add(o);
            } else {
                attempt(o);
            }
        }
        return owed.isEmpty();
    }

    /** @return tickets owed a report, put-back or done, a point-in-time snapshot */
    int owedCount() {
        return owed.size();
    }

    private void attempt(Owed start) {
        Owed o = start;
        try {
            if (o.left() == Left.REPORT) {
                writer.report(o.ticket().userId(), o.gameTime(), o.outcome());
                o = next(o, Left.PUT_BACK);
            }
            if (o.left() == Left.DONE) {
                queue.markDone(o.ticket());
            } else if (!queue.putBack(o.ticket())) {
                LOG.warn("Ticket of user {} was no longer in {} (the main loop reset the queue): not put back",
                        o.ticket().userId(), UsersQueue.PROCESSING_KEY);
            } else {
                LOG.warn("Ticket of user {} put back on {}: storage unavailable", o.ticket().userId(),
                        UsersQueue.PENDING_KEY);
            }
        } catch (RuntimeException e) {
            if (!StorageResilience.isStorageUnavailable(e)) {
                LOG.error("Could not settle the ticket of user {}; the main loop's queue reset will",
                        o.ticket().userId(), e);
                return;
            }
            LOG.warn("Could not {} the ticket of user {} yet (storage unavailable): kept until storage returns",
                    o.left() == Left.DONE ? "mark done" : "put back", o.ticket().userId());
            owed.add(next(o, o.left()));
        }
    }

    private Owed next(Owed o, Left left) {
        return new Owed(o.ticket(), o.gameTime(), o.outcome(), left, nanoClock.getAsLong() + retryNanos);
    }
}
