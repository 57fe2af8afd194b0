package dev.tickrunner.storage.internal;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.UsersQueue;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UsersQueue} over the Redis lists of screepsmod-mongo.
 *
 * <p>Mirrors: screepsmod-mongo lib/common/queue.js fetch, markDone, addMulti, whenAllDone, reset.
 * Deviates from Node: {@link #putBack} is tickrunner's (issue #5); a {@link #fetch} waiting on an empty queue also
 * wakes on the {@code queue_<name>_add} message that every {@code addMulti} publishes (the main loop's included), so
 * a runner takes a tick's first tickets when they arrive, not up to one poll interval later; {@link #putBack} publishes
 * it too. Once subscribed, a fetch polls an empty queue every {@link #SUBSCRIBED_POLL_INTERVAL} (or the configured
 * interval when longer), only for a message lost while the pub/sub connection was away.
 */
public final class RedisUsersQueue implements UsersQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RedisUsersQueue.class);
    /** After a failed subscription, how long fetches only poll before one tries to subscribe again. */
    private static final long SUBSCRIBE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Once the add channel is subscribed, the pause between two polls of an empty queue (the configured interval when
     * that is longer): the add message wakes a fetch, so the poll is only there for a message lost while the pub/sub
     * connection was away. Eight workers polling every 10 ms cost 800 Redis round trips a second while the queue is
     * empty, which on a shard with a 1 s tick is most of the time.
     */
    static final Duration SUBSCRIBED_POLL_INTERVAL = Duration.ofMillis(100);

    /**
     * Moves the user id ARGV[1] from processing (KEYS[1]) to the taking end of pending (KEYS[2]) and announces it on
     * the add channel ARGV[2], in one step: a wake-up sent in a second command could fail after the move, and the
     * retry of the whole put-back would then find the id gone from processing and report it lost to the main loop's
     * reset when it was put back.
     */
    private static final String PUT_BACK_SCRIPT = "if redis.call('lrem', KEYS[1], 1, ARGV[1]) > 0 then "
            + "redis.call('rpush', KEYS[2], ARGV[1]) redis.call('publish', ARGV[2], '1') return 1 end return 0";

    private final RedisConnections redis;
    private final long pollIntervalNanos;
    private final long subscribedPollIntervalNanos;
    private final String pendingKey;
    private final String processingKey;
    private final String doneChannel;
    private final String addChannel;
    private final String allDoneChannel;
    private final QueueWakeup added = new QueueWakeup();
    private volatile boolean subscribed;
    private volatile long nextSubscribeNanos = System.nanoTime();
    private final AtomicBoolean subscribing = new AtomicBoolean();

    /**
     * The {@code usersIvm} queue.
     *
     * @param redis        the shard's Redis connections
     * @param pollInterval pause between two polls of an empty queue
     */
    public RedisUsersQueue(RedisConnections redis, Duration pollInterval) {
        this(redis, NAME, pollInterval);
    }

    /**
     * The queue {@code name}: lists {@code <name>Pending} / {@code <name>Processing}, channels
     * {@code queue_<name>_done}, {@code queue_<name>_add}, {@code queueDone:<name>} (screepsmod-mongo lib/common/queue.js).
     *
     * @param redis        the shard's Redis connections
     * @param name         the queue name after driver lib/queue.js's renaming ({@code users} → {@code usersIvm})
     * @param pollInterval pause between two polls of an empty queue
     */
    public RedisUsersQueue(RedisConnections redis, String name, Duration pollInterval) {
        this.redis = redis;
        this.pollIntervalNanos = pollInterval.toNanos();
        this.subscribedPollIntervalNanos = Math.max(pollIntervalNanos, SUBSCRIBED_POLL_INTERVAL.toNanos());
        this.pendingKey = name + "Pending";
        this.processingKey = name + "Processing";
        this.doneChannel = "queue_" + name + "_done";
        this.addChannel = "queue_" + name + "_add";
        this.allDoneChannel = "queueDone:" + name;
    }

    @Override
    public Optional<UserTicket> fetch(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        RedisCommands<String, String> cmd = redis.commands();
        subscribeToAdds();
        while (true) {
            long generation = added.generation();
            String id = cmd.rpoplpush(pendingKey, processingKey);
            if (id != null && !id.isEmpty() && !"nil".equals(id)) {
                return Optional.of(new UserTicket(id, System.nanoTime()));
            }
            long left = deadline - System.nanoTime();
            long poll = subscribed ? subscribedPollIntervalNanos : pollIntervalNanos;
            if (left <= 0 || Thread.currentThread().isInterrupted() || !added.await(generation, Math.min(left, poll))) {
                return Optional.empty();
            }
        }
    }

    /**
     * Subscribes {@link #added} to the add channel once: one fetch tries while the others go on polling, and while
     * Redis refuses, at most one attempt a second.
     */
    private void subscribeToAdds() {
        if (subscribed || System.nanoTime() - nextSubscribeNanos < 0 || !subscribing.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!subscribed) {
                redis.subscribe(addChannel, message -> added.raise());
                subscribed = true;
            }
        } catch (RuntimeException e) {
            nextSubscribeNanos = System.nanoTime() + SUBSCRIBE_RETRY_NANOS;
            LOG.debug("Cannot subscribe to {} yet, polling only: {}", addChannel, e.toString());
        } finally {
            subscribing.set(false);
        }
    }

    @Override
    public void markDone(UserTicket ticket) {
        RedisCommands<String, String> cmd = redis.commands();
        cmd.lrem(processingKey, 0, ticket.userId());
        cmd.publish(doneChannel, "1");
    }

    @Override
    public boolean putBack(UserTicket ticket) {
        RedisCommands<String, String> cmd = redis.commands();
        Long moved = cmd.eval(PUT_BACK_SCRIPT, io.lettuce.core.ScriptOutputType.INTEGER,
                new String[] {processingKey, pendingKey}, ticket.userId(), addChannel);
        return moved != null && moved == 1L;
    }

    @Override
    public void addMulti(List<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        RedisCommands<String, String> cmd = redis.commands();
        cmd.lpush(pendingKey, userIds.toArray(String[]::new));
        cmd.publish(addChannel, "1");
    }

    @Override
    public boolean whenAllDone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RedisCommands<String, String> cmd = redis.commands();
        while (cmd.llen(pendingKey) + cmd.llen(processingKey) != 0) {
            if (!sleepUntilNextPoll(deadline)) {
                return false;
            }
        }
        cmd.publish(allDoneChannel, "1");
        return true;
    }

    @Override
    public void reset() {
        RedisCommands<String, String> cmd = redis.commands();
        cmd.del(pendingKey, processingKey);
        cmd.publish(doneChannel, "1");
    }

    @Override
    public long pendingCount() {
        return redis.commands().llen(pendingKey);
    }

    @Override
    public long processingCount() {
        return redis.commands().llen(processingKey);
    }

    /** @return false when the deadline has passed or the thread is interrupted */
    private boolean sleepUntilNextPoll(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
            return false;
        }
        LockSupport.parkNanos(Math.min(left, pollIntervalNanos));
        return !Thread.currentThread().isInterrupted();
    }
}
