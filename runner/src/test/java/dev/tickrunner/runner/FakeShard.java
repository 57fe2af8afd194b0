package dev.tickrunner.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.model.UserTicket;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.LoadWrites;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.RuntimeDataLoader;
import dev.tickrunner.storage.UsersQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A shard without MongoDB, Redis or GraalJS, for runner unit tests: the loader answers per user id as told
 * ({@link Load}); a {@code Ready} user's sandbox cannot be created (no engine), so that tick ends as FAILED the way
 * a failing sandbox does. A gate can hold loads back to keep workers busy.
 */
public final class FakeShard implements UsersQueue, RuntimeDataLoader, ResultWriter {
    /** How the fake loader answers for a user. */
    public enum Load { SKIPPED, INACTIVE, READY, THROWS }

    public final Map<String, Load> loads = new ConcurrentHashMap<>();
    public final List<String> markedDone = new CopyOnWriteArrayList<>();
    public final List<String> putBack = new CopyOnWriteArrayList<>();
    public final List<String> skippedReports = new CopyOnWriteArrayList<>();
    public final List<TickOutcome> savedFailures = new CopyOnWriteArrayList<>();
    public volatile boolean failSaves;
    /** While positive, each queue write (markDone, putBack) and each skipped-tick report fails as an unreachable Redis. */
    public final java.util.concurrent.atomic.AtomicInteger redisDownCalls = new java.util.concurrent.atomic.AtomicInteger();
    public volatile CountDownLatch gate = new CountDownLatch(0);
    public final CountDownLatch entered = new CountDownLatch(1);

    /** @return a coordinator over this shard and a pool whose sandboxes cannot be created */
    public RuntimeCoordinator coordinator(SandboxMetricsTracker tracker) {
        return new RuntimeCoordinator(this, this, pool(tracker), this, TickListener.NONE);
    }

    /** @return a pool whose creator fails, as a broken engine would */
    public static SandboxPool<PlayerSandbox> pool(SandboxMetricsTracker tracker) {
        return new SandboxPool<>((userId, codeTimestamp) -> {
            throw new IllegalStateException("no GraalJS engine in this test");
        }, SandboxConfig.ofDefaults(), tracker);
    }

    @Override
    public LoadResult load(String userId) {
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return switch (loads.getOrDefault(userId, Load.SKIPPED)) {
            case SKIPPED -> new LoadResult.Skipped(userId, 100, new TickOutcome.Skipped(
                    TickOutcome.Skipped.Reason.CPU_GATE, "Script execution has been terminated: CPU bucket is empty"),
                    LoadWrites.NONE);
            case INACTIVE -> new LoadResult.Inactive(userId);
            case READY -> new LoadResult.Ready(new RuntimeData(userId, 100, 1, 20, 10000,
                    JsonNodeFactory.instance.objectNode()), LoadWrites.NONE);
            case THROWS -> throw new IllegalStateException("MongoDB is down");
        };
    }

    @Override
    public void save(RuntimeData data, TickResult result) {
        if (failSaves) {
            throw new IllegalStateException("Redis is down");
        }
    }

    @Override
    public void commit(LoadResult result) {
    }

    @Override
    public void report(String userId, long gameTime, TickOutcome outcome) {
        if (outcome instanceof TickOutcome.StorageUnavailable) {
            redisCall();
            skippedReports.add(userId + "@" + gameTime);
            return;
        }
        if (failSaves) {
            throw new IllegalStateException("Redis is down");
        }
        savedFailures.add(outcome);
    }

    @Override
    public Optional<UserTicket> fetch(Duration maxWait) {
        try {
            Thread.sleep(Math.min(maxWait.toMillis(), 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    @Override
    public void markDone(UserTicket ticket) {
        redisCall();
        markedDone.add(ticket.userId());
    }

    /** Records the put-back ticket's user id, like {@link #markDone}. */
    @Override
    public boolean putBack(UserTicket ticket) {
        redisCall();
        putBack.add(ticket.userId());
        return true;
    }

    @Override
    public void addMulti(List<String> userIds) {
    }

    @Override
    public boolean whenAllDone(Duration timeout) {
        return true;
    }

    @Override
    public void reset() {
    }

    @Override
    public long pendingCount() {
        return 7;
    }

    @Override
    public long processingCount() {
        return 2;
    }

    private void redisCall() {
        if (redisDownCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new io.lettuce.core.RedisConnectionException("Connection refused");
        }
    }

    /** @return a ticket for {@code userId} */
    public static UserTicket ticket(String userId) {
        return new UserTicket(userId, System.nanoTime());
    }

    /** @return a map builder helper */
    public FakeShard with(String userId, Load load) {
        loads.put(userId, load);
        return this;
    }
}
