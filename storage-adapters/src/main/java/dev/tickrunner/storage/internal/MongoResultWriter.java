package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.SegmentRules;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.storage.NpcUsers;
import dev.tickrunner.storage.PlayerMessages;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.StorageLimitExceededException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * {@link ResultWriter} over MongoDB and Redis in the screepsmod-mongo layout. The MongoDB writes go first, in a
 * fixed order, each idempotent (notifications are counted once per tick), then every Redis write and both publishes
 * in one MULTI/EXEC, pipelined (one round trip, {@link RedisConnections#withOwnConnection}). Memory goes in that
 * transaction, after MongoDB's writes, so a save that fails for good before it leaves the player's Memory as the
 * tick found it and the ticket can run again. Redis applies the rest of a transaction when one command in it is
 * refused (WRONGTYPE); the save then throws {@link IllegalStateException}.
 *
 * <p>Mirrors: engine src/runner.js saveResult, driver lib/runtime/make.js after-run writes, driver lib/index.js
 * saveUserMemory, saveUserMemorySegments, sendConsoleMessages, sendConsoleError, screepsmod-mongo
 * lib/engine/driver.js saveUserIntents.
 * Deviates from Node: a Memory over 2 MB or a bad segment fails the whole save before anything is written (Node
 * rejects only the Memory write and still saves the rest); the Node writes are fire-and-forget, here a failed write
 * throws. {@code interShardSegment} (which the private-server driver never produces) is saved in the same transaction
 * as {@code HSET interShardMemory:<userId> <shardName> <segment>} ({@link RedisKeys#INTER_SHARD_MEMORY}).
 */
public final class MongoResultWriter implements ResultWriter {
    /** driver lib/index.js saveUserMemory: {@code 2*1024*1024}. */
    static final int MEMORY_LIMIT_CHARS = 2 * 1024 * 1024;
    private static final Pattern CPU_LIMIT_REACHED = Pattern.compile("CPU limit reached");
    private static final Set<String> GROUPS = Set.of("notify", "global", "market");

    private final RedisConnections redis;
    private final MongoTickWrites mongo;
    private final long visualTtlSeconds;
    private final String shardName;

    /**
     * @param db                    the shard's database
     * @param redis                 the shard's Redis
     * @param cpuBucketSizeMs       the CPU bucket cap, ms
     * @param mainLoopResetInterval room visuals live {@code ceil(interval / 1 s)} seconds
     * @param wallClockMs           {@code Date.now()}
     * @param shardName             the field of {@code interShardMemory:<userId>} this runner's tick results go to
     */
    public MongoResultWriter(MongoDatabase db, RedisConnections redis, int cpuBucketSizeMs,
                             Duration mainLoopResetInterval, LongSupplier wallClockMs, String shardName) {
        this.redis = redis;
        this.shardName = shardName;
        this.mongo = new MongoTickWrites(db, cpuBucketSizeMs, wallClockMs);
        this.visualTtlSeconds = Math.max(1, (mainLoopResetInterval.toMillis() + 999) / 1000);
    }

    @Override
    public void save(RuntimeData data, TickResult result) {
        String userId = data.userId();
        checkLimits(userId, result);

        mongo.updateUser(data, result);
        mongo.updateForeignSegment(data, result);
        mongo.saveIntentGroups(userId, data.gameTime(), result.intents());
        if (result.error() != null && !result.error().isEmpty() && !NpcUsers.isNpc(userId)) {
            mongo.notifyError(userId, result.error(), data.payload().get("user"), data.gameTime() + ":error");
        }

        Map<String, String> roomIntents = new LinkedHashMap<>();
        result.intents().fields().forEachRemaining(e -> {
            if (!GROUPS.contains(e.getKey())) {
                roomIntents.put(e.getKey(), JsJson.stringify(e.getValue()));
            }
        });
        String cpuMessage = cpuMessage(result);
        String consoleMessage = NpcUsers.isNpc(userId) ? null : consoleMessage(userId, result);
        String errorMessage = result.error() == null || result.error().isEmpty() || NpcUsers.isNpc(userId)
                ? null : errorMessage(userId, result.error());

        check(redis.withOwnConnection(cmd -> {
            cmd.multi();
            if (result.memory() != null) {
                cmd.set(RedisKeys.MEMORY + userId, result.memory());
            }
            if (result.memorySegments() != null && !result.memorySegments().isEmpty()) {
                Map<String, String> fields = new LinkedHashMap<>();
                result.memorySegments().forEach((k, v) -> fields.put(Integer.toString(k), v));
                cmd.hset(RedisKeys.MEMORY_SEGMENTS + userId, fields);
            }
            roomIntents.forEach((room, json) -> cmd.hset(RedisKeys.ROOM_INTENTS + room, userId, json));
            if (!roomIntents.isEmpty()) {
                cmd.sadd(RedisKeys.ACTIVE_ROOMS, roomIntents.keySet().toArray(String[]::new));
            }
            if (result.interShardSegment() != null) {
                cmd.hset(RedisKeys.INTER_SHARD_MEMORY + userId, shardName, result.interShardSegment());
            }
            if (result.publicSegments() != null && !result.publicSegments().isEmpty()) {
                cmd.set(RedisKeys.PUBLIC_MEMORY_SEGMENTS + userId, result.publicSegments());
            }
            result.visual().forEach((room, visual) -> cmd.setex(
                    RedisKeys.ROOM_VISUAL + userId + "," + room + "," + data.gameTime(), visualTtlSeconds, visual));
            cmd.publish(cpuChannel(userId), cpuMessage);
            if (consoleMessage != null) {
                cmd.publish(consoleChannel(userId), consoleMessage);
            }
            if (errorMessage != null) {
                cmd.publish(consoleChannel(userId), errorMessage);
            }
            return cmd.exec();
        }));
    }

    @Override
    public void report(String userId, long gameTime, TickOutcome outcome) {
        if (NpcUsers.isNpc(userId)) {
            return;
        }
        switch (outcome) {
            case TickOutcome.Failed f when f.kind().toldToPlayer() ->
                    reportError(userId, gameTime, f.message(), f.kind() == TickOutcome.Failed.Kind.WATCHDOG);
            case TickOutcome.Skipped s when s.message() != null -> reportError(userId, gameTime, s.message(), false);
            case TickOutcome.StorageUnavailable u -> redis.commands().publish(consoleChannel(userId),
                    errorMessage(userId, PlayerMessages.TICK_SKIPPED.formatted(gameTime, PlayerMessages.STORAGE_UNAVAILABLE)));
            default -> { }
        }
    }

    /**
     * Mirrors: driver lib/runtime/make.js catch ({@code sendConsoleError}, the error notification and, for a tick
     * that timed out ungracefully, {@code {cpu: "error"}}). The notification is counted once per tick.
     */
    private void reportError(String userId, long gameTime, String error, boolean cpuError) {
        if (error.isEmpty()) {
            return;
        }
        mongo.notifyError(userId, error, null, gameTime + ":failed");
        RedisCommands<String, String> cmd = redis.commands();
        if (cpuError) {
            cmd.publish(cpuChannel(userId), "{\"cpu\":\"error\"}");
        }
        cmd.publish(consoleChannel(userId), errorMessage(userId, error));
    }

    private static void checkLimits(String userId, TickResult result) {
        if (result.memory() != null && result.memory().length() > MEMORY_LIMIT_CHARS) {
            throw new StorageLimitExceededException(userId, PlayerMessages.MEMORY_LIMIT_REACHED);
        }
        if (result.interShardSegment() != null && !SegmentRules.fitsLength(result.interShardSegment())) {
            throw new StorageLimitExceededException(userId, PlayerMessages.INTER_SHARD_LIMIT_EXCEEDED);
        }
        String segmentViolation = SegmentRules.violation(result.memorySegments());
        if (segmentViolation != null) {
            throw new StorageLimitExceededException(userId, segmentViolation);
        }
    }

    /**
     * Mirrors: driver lib/runtime/make.js {@code user:<id>/cpu} {@code {cpu, memory}}, including its text rule
     * ({@code /CPU limit reached/.test(runResult.error)} → {@code cpu: "error"}), which players can see.
     */
    private static String cpuMessage(TickResult result) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (result.error() != null && CPU_LIMIT_REACHED.matcher(result.error()).find()) {
            o.put("cpu", "error");
        } else {
            o.put("cpu", result.usedTimeMs());
        }
        o.put("memory", result.memory() == null ? 0 : result.memory().length());
        return JsJson.stringify(o);
    }

    /** Mirrors: driver lib/index.js sendConsoleMessages {@code {messages: {log, results}, userId}}. */
    static String consoleMessage(String userId, TickResult result) {
        return consoleMessage(userId, result.consoleLog(), result.consoleResults());
    }

    /** Mirrors: driver lib/index.js sendConsoleMessages {@code {messages: {log, results}, userId}}. */
    static String consoleMessage(String userId, List<ConsoleMessage> consoleLog, List<String> consoleResults) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode messages = o.putObject("messages");
        var log = messages.putArray("log");
        for (ConsoleMessage m : consoleLog) {
            log.add(m.escape() ? HtmlEncoder.encode(m.message()) : m.message());
        }
        var results = messages.putArray("results");
        consoleResults.forEach(results::add);
        o.put("userId", userId);
        return JsJson.stringify(o);
    }

    /** Mirrors: driver lib/index.js sendConsoleError {@code {userId, error}}. */
    static String errorMessage(String userId, String error) {
        return JsJson.stringify(JsonNodeFactory.instance.objectNode().put("userId", userId).put("error", error));
    }

    static String consoleChannel(String userId) {
        return RedisKeys.USER_CHANNEL + userId + "/console";
    }

    private static String cpuChannel(String userId) {
        return RedisKeys.USER_CHANNEL + userId + "/cpu";
    }

    private static void check(TransactionResult tx) {
        if (tx.wasDiscarded()) {
            throw new IllegalStateException("Redis discarded the save transaction");
        }
        List<Exception> errors = new ArrayList<>();
        tx.forEach(r -> {
            if (r instanceof Exception e) {
                errors.add(e);
            }
        });
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Redis rejected " + errors.size() + " save command(s)");
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }
}
