package dev.tickrunner.runner;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.StorageResilience;
import dev.tickrunner.storage.UsersQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch step of a worker: takes the next user ticket from {@code usersIvmPending} (RPOPLPUSH), but only when the
 * worker may: not while a storage circuit breaker is open (it waits for the breaker to let trial calls through), and
 * not while tickets it owes a put-back or done are still unsettled ({@link SettleStep}). Never throws: a storage fault
 * or a bug is logged and the worker pauses briefly.
 *
 * <p>Mirrors: engine src/runner.js's loop around {@code driver.queue.fetch}, screepsmod-mongo lib/common/queue.js
 * fetch. Thread-safe.
 */
final class FetchStep {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);
    /** The pause after a fault or while owed tickets remain. */
    static final Duration PAUSE = Duration.ofMillis(100);

    private final UsersQueue queue;
    private final StorageResilience resilience;
    private final SettleStep settle;
    private final StorageStatus storage;

    /**
     * @param queue      the users queue (decorated)
     * @param resilience the breakers to watch, or null for none
     * @param settle     the owed tickets, settled before a new one is taken
     * @param storage    outage logging
     */
    FetchStep(UsersQueue queue, StorageResilience resilience, SettleStep settle, StorageStatus storage) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.resilience = resilience;
        this.settle = Objects.requireNonNull(settle, "settle");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * @param maxWait the longest wait for a ticket
     * @return the next ticket, or empty when none arrived, a breaker is open, or owed tickets are still unsettled
     */
    Optional<UserTicket> next(Duration maxWait) {
        try {
            if (resilience != null && !resilience.isAvailable()) {
                resilience.awaitAvailable(maxWait);
                return Optional.empty();
            }
            if (!settle.settleOwed()) {
                pause();
                return Optional.empty();
            }
            Optional<UserTicket> ticket = queue.fetch(maxWait);
            storage.back();
            return ticket;
        } catch (RuntimeException e) {
            if (StorageResilience.isStorageUnavailable(e)) {
                storage.lost(e);
            } else {
                LOG.error("Error in runner loop", e);
            }
            pause();
            return Optional.empty();
        }
    }

    private static void pause() {
        LockSupport.parkNanos(PAUSE.toNanos());
    }
}
