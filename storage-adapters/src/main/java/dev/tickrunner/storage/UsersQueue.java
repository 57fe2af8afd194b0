package dev.tickrunner.storage;

import dev.tickrunner.model.UserTicket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The users queue of one shard: the Redis lists {@code usersIvmPending} and {@code usersIvmProcessing} that the main
 * loop fills once per tick and the runners drain. Thread-safe: any number of worker threads (and runner processes)
 * may fetch at the same time; Redis decides who gets which ticket.
 *
 * <p>Mirrors: driver lib/queue.js create('users') (the name becomes {@code usersIvm}), screepsmod-mongo
 * lib/common/queue.js.
 */
public interface UsersQueue {

    /** The queue name after driver lib/queue.js renames {@code users}. */
    String NAME = "usersIvm";
    /** Redis list of user ids waiting for a runner. */
    String PENDING_KEY = NAME + "Pending";
    /** Redis list of user ids a runner is working on. */
    String PROCESSING_KEY = NAME + "Processing";
    /** Pub/sub channel published on each {@link #markDone} and {@link #reset}, payload {@code 1}. */
    String DONE_CHANNEL = "queue_" + NAME + "_done";
    /** Pub/sub channel published on each {@link #addMulti}, payload {@code 1}. */
    String ADD_CHANNEL = "queue_" + NAME + "_add";
    /** Pub/sub channel {@link #whenAllDone} publishes on when it sees both lists empty, payload {@code 1}. */
    String ALL_DONE_CHANNEL = "queueDone:" + NAME;

    /**
     * Takes one user ticket: RPOPLPUSH {@code usersIvmPending → usersIvmProcessing}, trying again at once when
     * {@link #ADD_CHANNEL} announces an {@code addMulti} or a {@link #putBack}, and polling an empty queue every
     * {@link StorageConfig#queuePollInterval()} (10 ms, as screepsmod-mongo, whose fetch ignores that message) until
     * the channel is subscribed, then every 100 ms (for a message lost while the pub/sub connection was away).
     * Polling, not BRPOPLPUSH: a blocking command would hold a Redis connection per worker thread, and the runner must
     * be able to stop within {@code maxWait}. Not idempotent: each call moves a different id.
     *
     * @param maxWait the longest time to wait for a ticket; zero = try once
     * @return the ticket, or empty when none arrived within {@code maxWait} or the thread was interrupted (the
     *         interrupt flag is kept)
     */
    @CalledOnce
    Optional<UserTicket> fetch(Duration maxWait);

    /**
     * Finishes a ticket: LREM of every copy of the user id from {@code usersIvmProcessing}, then PUBLISH
     * {@code queue_usersIvm_done 1}. Idempotent (a second call removes nothing and only publishes again).
     *
     * @param ticket the ticket {@link #fetch} returned
     */
    @Idempotent
    void markDone(UserTicket ticket);

    /**
     * Puts a ticket back: if the user id is still in {@code usersIvmProcessing}, removes one copy and RPUSHes it onto
     * {@code usersIvmPending}, so the next {@link #fetch} (RPOPLPUSH takes from the right) takes it first, and
     * PUBLISHes {@code queue_usersIvm_add 1}, which wakes waiting fetches. One Lua script, so Redis applies all three
     * or none. Idempotent: a second call finds the id gone from processing and does nothing.
     *
     * <p>Deviates from Node: the Node runner marks a ticket done whatever happened to its save (engine
     * src/runner.js); tickrunner puts back a ticket whose tick could not be saved because storage failed.
     *
     * @param ticket the ticket {@link #fetch} returned
     * @return true if the ticket went back on the pending list, false if it was no longer in processing (the main
     *         loop's queue reset dropped it)
     */
    @Idempotent
    boolean putBack(UserTicket ticket);

    /**
     * Enqueues users for this tick: LPUSH of all ids onto {@code usersIvmPending}, then PUBLISH
     * {@code queue_usersIvm_add 1}. Does nothing for an empty list (driver lib/queue.js addMulti). Not idempotent.
     *
     * @param userIds user ids in string form
     */
    @CalledOnce
    void addMulti(List<String> userIds);

    /**
     * Waits, as the main loop does, until both lists are empty (polled every {@link StorageConfig#queuePollInterval()}
     * like screepsmod-mongo, whose subscription to the done channel is commented out), then publishes
     * {@code queueDone:usersIvm 1}. Idempotent.
     *
     * @param timeout the longest wait
     * @return true when both lists were empty, false on timeout or interrupt
     */
    @Idempotent
    boolean whenAllDone(Duration timeout);

    /**
     * Drops the queue: DEL of both lists (not a move back to pending: screepsmod-mongo's reset deletes them), then
     * PUBLISH {@code queue_usersIvm_done 1}. Idempotent.
     */
    @Idempotent
    void reset();

    /** @return LLEN {@code usersIvmPending}, a point-in-time snapshot */
    @Idempotent
    long pendingCount();

    /** @return LLEN {@code usersIvmProcessing}, a point-in-time snapshot */
    @Idempotent
    long processingCount();
}
