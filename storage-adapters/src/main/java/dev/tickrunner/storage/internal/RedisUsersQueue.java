package dev.tickrunner.storage.internal;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.UsersQueue;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link UsersQueue} over the Redis lists of screepsmod-mongo.
 *
 * <p>Mirrors: screepsmod-mongo lib/common/queue.js fetch, markDone, addMulti, whenAllDone, reset.
 */
public final class RedisUsersQueue implements UsersQueue {
    private final RedisConnections redis;
    private final long pollIntervalNanos;

    /**
     * @param redis        the shard's Redis connections
     * @param pollInterval pause between two polls of an empty queue
     */
    public RedisUsersQueue(RedisConnections redis, Duration pollInterval) {
        this.redis = redis;
        this.pollIntervalNanos = pollInterval.toNanos();
    }

    @Override
    public Optional<UserTicket> fetch(Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        RedisCommands<String, String> cmd = redis.commands();
        while (true) {
            String id = cmd.rpoplpush(PENDING_KEY, PROCESSING_KEY);
            if (id != null && !id.isEmpty() && !"nil".equals(id)) {
                return Optional.of(new UserTicket(id, System.nanoTime()));
            }
            if (!sleepUntilNextPoll(deadline)) {
                return Optional.empty();
            }
        }
    }

    @Override
    public void markDone(UserTicket ticket) {
        RedisCommands<String, String> cmd = redis.commands();
        cmd.lrem(PROCESSING_KEY, 0, ticket.userId());
        cmd.publish(DONE_CHANNEL, "1");
    }

    @Override
    public void addMulti(List<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        RedisCommands<String, String> cmd = redis.commands();
        cmd.lpush(PENDING_KEY, userIds.toArray(String[]::new));
        cmd.publish(ADD_CHANNEL, "1");
    }

    @Override
    public boolean whenAllDone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RedisCommands<String, String> cmd = redis.commands();
        while (cmd.llen(PENDING_KEY) + cmd.llen(PROCESSING_KEY) != 0) {
            if (!sleepUntilNextPoll(deadline)) {
                return false;
            }
        }
        cmd.publish(ALL_DONE_CHANNEL, "1");
        return true;
    }

    @Override
    public void reset() {
        RedisCommands<String, String> cmd = redis.commands();
        cmd.del(PENDING_KEY, PROCESSING_KEY);
        cmd.publish(DONE_CHANNEL, "1");
    }

    @Override
    public long pendingCount() {
        return redis.commands().llen(PENDING_KEY);
    }

    @Override
    public long processingCount() {
        return redis.commands().llen(PROCESSING_KEY);
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
