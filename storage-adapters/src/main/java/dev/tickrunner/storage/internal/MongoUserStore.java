package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.SegmentRules;
import dev.tickrunner.storage.NpcUsers;
import dev.tickrunner.storage.PlayerMessages;
import dev.tickrunner.storage.StorageLimitExceededException;
import dev.tickrunner.storage.UserStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.bson.Document;

/**
 * {@link UserStore} over MongoDB and Redis in the screepsmod-mongo layout, each call separate as in Node.
 *
 * <p>Mirrors: driver lib/index.js saveUserMemory, saveUserMemorySegments, sendConsoleMessages, sendConsoleError,
 * getAllUsers; screepsmod-mongo lib/engine/driver.js saveUserIntents.
 * Deviates from Node: {@code global} / {@code market} intents are upserted under {@code <userId>:<gameTime>} and
 * notifications are counted once per tick (see {@link MongoTickWrites}), so a repeated call changes nothing.
 */
public final class MongoUserStore implements UserStore {
    private static final Set<String> GROUPS = Set.of("notify", "global", "market");

    private final MongoDatabase db;
    private final RedisConnections redis;
    private final MongoTickWrites mongo;
    private final String shardName;

    /**
     * @param db          the shard's database
     * @param redis       the shard's Redis
     * @param wallClockMs {@code Date.now()}, for notification dates
     * @param shardName   the field of {@code interShardMemory:<userId>} this runner writes
     */
    public MongoUserStore(MongoDatabase db, RedisConnections redis, LongSupplier wallClockMs, String shardName) {
        this.db = db;
        this.redis = redis;
        this.mongo = new MongoTickWrites(db, Integer.MAX_VALUE, wallClockMs);
        this.shardName = shardName;
    }

    @Override
    public void saveUserMemory(String userId, String memory) {
        if (memory.length() > MongoResultWriter.MEMORY_LIMIT_CHARS) {
            throw new StorageLimitExceededException(userId, PlayerMessages.MEMORY_LIMIT_REACHED);
        }
        redis.commands().set(RedisKeys.MEMORY + userId, memory);
    }

    @Override
    public void saveUserMemorySegments(String userId, Map<String, String> segments) {
        if (!segments.isEmpty()) {
            redis.commands().hset(RedisKeys.MEMORY_SEGMENTS + userId, new LinkedHashMap<>(segments));
        }
    }

    @Override
    public void saveUserMemoryInterShardSegment(String userId, String segment) {
        if (!SegmentRules.fitsLength(segment)) {
            throw new StorageLimitExceededException(userId, PlayerMessages.INTER_SHARD_LIMIT_EXCEEDED);
        }
        redis.commands().hset(RedisKeys.INTER_SHARD_MEMORY + userId, shardName, segment);
    }

    @Override
    public void saveUserIntents(String userId, long gameTime, ObjectNode intents) {
        mongo.saveIntentGroups(userId, gameTime, intents);
        List<String> rooms = new ArrayList<>();
        intents.fields().forEachRemaining(e -> {
            if (!GROUPS.contains(e.getKey())) {
                rooms.add(e.getKey());
                redis.commands().hset(RedisKeys.ROOM_INTENTS + e.getKey(), userId, JsJson.stringify(e.getValue()));
            }
        });
        if (!rooms.isEmpty()) {
            redis.commands().sadd(RedisKeys.ACTIVE_ROOMS, rooms.toArray(String[]::new));
        }
    }

    @Override
    public void sendConsoleMessages(String userId, List<ConsoleMessage> log, List<String> results) {
        if (NpcUsers.isNpc(userId)) {
            return;
        }
        redis.commands().publish(MongoResultWriter.consoleChannel(userId),
                MongoResultWriter.consoleMessage(userId, log, results));
    }

    @Override
    public void sendConsoleError(String userId, String error) {
        if (error == null || error.isEmpty() || NpcUsers.isNpc(userId)) {
            return;
        }
        mongo.notifyError(userId, error, null, null);
        redis.commands().publish(MongoResultWriter.consoleChannel(userId),
                MongoResultWriter.errorMessage(userId, error));
    }

    @Override
    public List<ObjectNode> getAllUsers() {
        List<ObjectNode> users = new ArrayList<>();
        db.getCollection("users").find(new Document("$and", List.of(
                new Document("active", new Document("$ne", 0)),
                new Document("cpu", new Document("$gt", 0))))).forEach(d -> users.add(BsonJson.toJson(d)));
        users.sort(Comparator.comparingDouble(
                (ObjectNode u) -> JsValues.numberOrZero(u.get("lastUsedDirtyTime"))).reversed());
        return users;
    }
}
