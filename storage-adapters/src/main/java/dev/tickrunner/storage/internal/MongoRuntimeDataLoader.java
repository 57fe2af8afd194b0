package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.LoadWrites;
import dev.tickrunner.storage.PlayerMessages;
import dev.tickrunner.storage.RuntimeDataLoader;
import io.lettuce.core.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * {@link RuntimeDataLoader} over MongoDB and Redis in the screepsmod-mongo layout.
 *
 * <p>Mirrors: driver lib/runtime/make.js getUserData, driver lib/runtime/data.js get: the user and their own objects
 * first (both at once), then every read that needs only those at once (data.js's {@code q.all}: code, Memory, console
 * commands, game time, rooms, the other objects in those rooms, transactions, flags, event log, power creeps, market
 * orders, segments), each on a virtual thread of its own, then the users those reads name. So a load costs about three
 * round trips of latency, not fifteen. Deviates from Node: the {@code users} document is read once (data.js reads it
 * again right after make.js did); the player's code document is read whole only when its timestamp changed
 * ({@link ActiveCodeCache}); the room event log of a user whose objects are all flags or construction sites is
 * {@code {}} (Node sends an HMGET without fields, which Redis rejects).
 */
public final class MongoRuntimeDataLoader implements RuntimeDataLoader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** One virtual thread per read: they wait on the network, not on a CPU. */
    private static final ExecutorService READS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("runtime-data-read-", 0).factory());

    private final MongoDatabase db;
    private final RedisConnections redis;
    private final RuntimeDataCaches caches;
    private final ActiveCodeCache activeCode;
    private final int cpuMaxPerTickMs;

    /**
     * @param db              the shard's database
     * @param redis           the shard's Redis
     * @param caches          the process-wide caches
     * @param cpuMaxPerTickMs the largest tick limit, ms
     */
    public MongoRuntimeDataLoader(MongoDatabase db, RedisConnections redis, RuntimeDataCaches caches,
                                  int cpuMaxPerTickMs) {
        this.db = db;
        this.redis = redis;
        this.caches = caches;
        this.activeCode = new ActiveCodeCache(db);
        this.cpuMaxPerTickMs = cpuMaxPerTickMs;
    }

    @Override
    public LoadResult load(String userId) {
        MongoCollection<Document> users = db.getCollection("users");
        // The player's own objects are read while the user is (make.js reads them after its CPU gate; here a gated
        // user's objects are read and dropped): one round trip less per ticket.
        Supplier<List<ObjectNode>> ownRead = new Wave().start(() -> find("rooms.objects", new Document("user", userId)));
        Document userDoc = users.find(MongoIds.byId(userId)).first();
        if (userDoc == null) {
            return new LoadResult.Skipped(userId, ShardEnvironmentReads.gameTime(redis),
                    new TickOutcome.Skipped(TickOutcome.Skipped.Reason.UNKNOWN_USER,
                            PlayerMessages.USER_NOT_FOUND.formatted(userId)), LoadWrites.NONE);
        }
        ObjectNode user = BsonJson.toJson(userDoc);
        LoadResult.Skipped skipped = CpuGate.check(userId, user, () -> ShardEnvironmentReads.gameTime(redis));
        if (skipped != null) {
            return skipped;
        }
        List<ObjectNode> own = ownRead.get();
        if (own.isEmpty()) {
            return new LoadResult.Inactive(userId);
        }
        return assemble(userId, user, own);
    }

    @Override
    public void commit(LoadResult result) {
        LoadWrites writes = result.writes();
        if (!writes.userFields().isEmpty()) {
            db.getCollection("users").updateMany(MongoIds.byId(result.userId()),
                    new Document("$set", new Document(writes.userFields())));
        }
        if (!writes.consoleCommandIds().isEmpty()) {
            db.getCollection("users.console").deleteMany(
                    new Document("_id", new Document("$in", writes.consoleCommandIds())));
        }
    }

    private LoadResult.Ready assemble(String userId, ObjectNode user, List<ObjectNode> own) {
        Set<String> userIds = new LinkedHashSet<>(List.of(userId));
        Set<String> roomIdSet = new LinkedHashSet<>();
        for (ObjectNode o : own) {
            String type = JsValues.keyString(o.get("type"));
            if (type.equals("flag") || type.equals("constructionSite")) {
                continue;
            }
            roomIdSet.add(JsValues.keyString(o.get("room")));
            if (type.equals("observer")) {
                roomIdSet.add(JsValues.keyString(o.get("observeRoom")));
            }
            if (type.equals("controller") && JsValues.truthy(o.get("sign"))) {
                userIds.add(JsValues.keyString(o.get("sign").get("user")));
            }
        }
        List<String> roomIds = new ArrayList<>(roomIdSet);

        Wave reads = new Wave();
        Supplier<ActiveCodeCache.ActiveCode> codeRead = reads.start(() -> activeCode.active(userId));
        Supplier<String> memoryRead = reads.start(() -> redis.commands().get(RedisKeys.MEMORY + userId));
        Supplier<List<Document>> consoleRead = reads.start(() -> db.getCollection("users.console")
                .find(new Document("user", userId)).into(new ArrayList<>()));
        Supplier<Long> gameTimeRead = reads.start(() -> ShardEnvironmentReads.gameTime(redis));
        Supplier<List<ObjectNode>> roomsRead = reads.start(() -> find("rooms", MongoIds.byIds(roomIds)));
        Supplier<List<ObjectNode>> othersRead = reads.start(() -> find("rooms.objects",
                new Document("room", new Document("$in", roomIds)).append("user", new Document("$ne", userId))));
        Supplier<JsonNode> accessibleRoomsRead = reads.start(caches::accessibleRooms);
        Supplier<List<ObjectNode>> outgoingRead = reads.start(() -> transactions("sender", userId));
        Supplier<List<ObjectNode>> incomingRead = reads.start(() -> transactions("recipient", userId));
        Supplier<List<ObjectNode>> flagsRead = reads.start(() -> find("rooms.flags", new Document("user", userId)));
        Supplier<ObjectNode> roomEventLogRead = reads.start(() -> roomEventLog(roomIds));
        Supplier<List<ObjectNode>> powerCreepsRead = reads.start(() -> find("users.power_creeps",
                new Document("user", userId)));
        Supplier<JsonNode> roomStatusDataRead = reads.start(caches::roomStatusData);
        Supplier<JsonNode> marketHistoryRead = reads.start(caches::marketHistory);
        Supplier<List<ObjectNode>> myOrdersRead = reads.start(() -> find("market.orders",
                new Document("user", userId)));
        Supplier<ObjectNode> segmentsRead = reads.start(() -> segments(userId, user));
        Supplier<Map<String, String>> interShardRead = reads.start(() ->
                redis.commands().hgetall(RedisKeys.INTER_SHARD_MEMORY + userId));
        ActiveCodeCache.ActiveCode code = codeRead.get();
        String memory = memoryRead.get();
        List<Document> consoleDocs = consoleRead.get();
        long gameTime = gameTimeRead.get();
        Supplier<JsonNode> marketOrdersRead = reads.start(() -> caches.marketOrders(gameTime));
        List<ObjectNode> rooms = roomsRead.get();
        List<ObjectNode> others = othersRead.get();
        JsonNode accessibleRooms = accessibleRoomsRead.get();
        List<ObjectNode> outgoing = outgoingRead.get();
        List<ObjectNode> incoming = incomingRead.get();
        List<ObjectNode> flags = flagsRead.get();
        ObjectNode roomEventLog = roomEventLogRead.get();
        List<ObjectNode> powerCreeps = powerCreepsRead.get();
        JsonNode roomStatusData = roomStatusDataRead.get();

        for (ObjectNode o : others) {
            if (JsValues.truthy(o.get("user"))) {
                userIds.add(JsValues.keyString(o.get("user")));
            }
            boolean controller = "controller".equals(JsValues.keyString(o.get("type")));
            if (controller && JsValues.truthy(o.get("reservation"))) {
                userIds.add(JsValues.keyString(o.get("reservation").get("user")));
            }
            if (controller && JsValues.truthy(o.get("sign"))) {
                userIds.add(JsValues.keyString(o.get("sign").get("user")));
            }
        }
        outgoing.forEach(t -> addIfTruthy(userIds, t.get("recipient")));
        incoming.forEach(t -> addIfTruthy(userIds, t.get("sender")));

        ObjectNode userObjects = mapById(own);
        Map<String, JsonNode> allObjects = new LinkedHashMap<>();
        others.forEach(o -> allObjects.put(JsValues.keyString(o.get("_id")), o));
        own.forEach(o -> allObjects.put(JsValues.keyString(o.get("_id")), o));

        double cpuLimitMs = CpuGate.cpuLimitMs(user, cpuMaxPerTickMs);
        double cpuBucketMs = CpuGate.cpuBucketMs(user);

        ObjectNode p = NODES.objectNode();
        p.set("userObjects", userObjects);
        p.set("user", user);
        p.set("userCode", code.modules());
        p.set("userCodeTimestamp", code.timestamp());
        p.putObject("userMemory").put("data", memory == null ? "" : memory).put("userId", userId);
        p.set("consoleCommands", array(BsonJson.toJson(consoleDocs)));
        p.put("time", gameTime);
        p.set("rooms", mapById(rooms));
        p.set("roomObjects", JsValues.jsObject(allObjects));
        p.set("flags", array(flags));
        p.set("accessibleRooms", accessibleRooms);
        p.set("roomStatusData", roomStatusData);
        ObjectNode transactions = p.putObject("transactions");
        transactions.set("outgoing", array(outgoing));
        transactions.set("incoming", array(incoming));
        p.set("cpu", Double.isInfinite(cpuLimitMs) ? NullNode.getInstance() : JsValues.numberNode(cpuLimitMs));
        p.set("cpuBucket", Double.isInfinite(cpuBucketMs) ? NullNode.getInstance() : JsValues.numberNode(cpuBucketMs));
        p.set("roomEventLog", roomEventLog);
        p.set("userPowerCreeps", mapById(powerCreeps));
        p.set("users", mapById(find("users", MongoIds.byIds(new ArrayList<>(userIds)))));
        ObjectNode market = p.putObject("market");
        market.set("orders", marketOrdersRead.get());
        market.set("history", marketHistoryRead.get());
        market.set("myOrders", array(myOrdersRead.get()));
        ObjectNode segments = segmentsRead.get();
        if (segments.has("memorySegments")) {
            p.set("memorySegments", segments.get("memorySegments"));
        }
        if (segments.has("foreignMemorySegment")) {
            p.set("foreignMemorySegment", segments.get("foreignMemorySegment"));
        }
        Map<String, String> interShard = interShardRead.get();
        if (!interShard.isEmpty()) {
            ObjectNode interShardSegments = p.putObject("interShardSegments");
            new java.util.TreeMap<>(interShard).forEach(interShardSegments::put);
        }
        // Removed by commit(), after the load: a load that fails and is retried must not lose the console commands.
        List<Object> consumed = consoleDocs.stream().map(d -> d.get("_id")).toList();
        return new LoadResult.Ready(new RuntimeData(userId, gameTime, code.timestampMs(), cpuLimitMs, cpuBucketMs, p),
                new LoadWrites(Map.of(), consumed));
    }

    /**
     * The user's active memory segments and foreign segment, as {@code memorySegments} / {@code foreignMemorySegment}
     * fields of the returned object (absent when there are none). The interShardSegments field (issue #5, Redis hash
     * {@code interShardMemory:<userId>}) is put beside them by the caller, only when the hash is not empty, so the
     * payload stays data.js's.
     */
    private ObjectNode segments(String userId, ObjectNode user) {
        ObjectNode p = NODES.objectNode();
        JsonNode active = user.get("activeSegments");
        if (active != null && active.isArray() && !active.isEmpty()) {
            List<String> ids = new ArrayList<>();
            active.forEach(id -> ids.add(JsValues.keyString(id)));
            List<KeyValue<String, String>> values =
                    redis.commands().hmget(RedisKeys.MEMORY_SEGMENTS + userId, ids.toArray(String[]::new));
            Map<String, JsonNode> segments = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                String v = values.get(i).getValueOrElse("");
                segments.put(ids.get(i), NODES.textNode(v.isEmpty() ? "" : v));
            }
            p.set("memorySegments", JsValues.jsObject(segments));
        }
        JsonNode foreign = user.get("activeForeignSegment");
        if (JsValues.truthy(foreign) && JsValues.truthy(foreign.get("user_id")) && JsValues.truthy(foreign.get("id"))) {
            String owner = JsValues.keyString(foreign.get("user_id"));
            String id = JsValues.keyString(foreign.get("id"));
            String data = redis.commands().hget(RedisKeys.MEMORY_SEGMENTS + owner, id);
            String publicIds = redis.commands().get(RedisKeys.PUBLIC_MEMORY_SEGMENTS + owner);
            if (publicIds != null && !publicIds.isEmpty() && List.of(publicIds.split(",", -1)).contains(id)) {
                ObjectNode f = p.putObject("foreignMemorySegment");
                if (foreign.has("username")) {
                    f.set("username", foreign.get("username"));
                }
                f.set("id", foreign.get("id"));
                f.set("data", data == null ? NullNode.getInstance() : NODES.textNode(data));
            }
        }
        return p;
    }

    private ObjectNode roomEventLog(List<String> roomIds) {
        Map<String, JsonNode> log = new LinkedHashMap<>();
        if (!roomIds.isEmpty()) {
            List<KeyValue<String, String>> values =
                    redis.commands().hmget(RedisKeys.ROOM_EVENT_LOG, roomIds.toArray(String[]::new));
            for (int i = 0; i < roomIds.size(); i++) {
                String v = values.get(i).getValueOrElse(null);
                log.put(roomIds.get(i), v == null ? NullNode.getInstance() : NODES.textNode(v));
            }
        }
        return JsValues.jsObject(log);
    }

    private List<ObjectNode> transactions(String field, String userId) {
        return BsonJson.toJson(db.getCollection("transactions").find(new Document(field, userId))
                .sort(new Document("time", -1)).limit(100));
    }

    private List<ObjectNode> find(String collection, org.bson.conversions.Bson filter) {
        return BsonJson.toJson(db.getCollection(collection).find(filter));
    }

    private static void addIfTruthy(Set<String> ids, JsonNode id) {
        if (JsValues.truthy(id)) {
            ids.add(JsValues.keyString(id));
        }
    }

    /** Mirrors: driver lib/index.js mapById (keys in JavaScript object order). */
    static ObjectNode mapById(List<ObjectNode> objects) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        objects.forEach(o -> byId.put(JsValues.keyString(o.get("_id")), o));
        return JsValues.jsObject(byId);
    }

    /**
     * Reads started at once, each on a virtual thread; {@code get()} waits for one and rethrows what it threw (a storage
     * fault stays a storage fault for the retries and breakers).
     */
    private static final class Wave {
        <T> Supplier<T> start(Supplier<T> read) {
            CompletableFuture<T> future = CompletableFuture.supplyAsync(read, READS);
            return () -> {
                try {
                    return future.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            };
        }
    }

    private static ArrayNode array(List<ObjectNode> objects) {
        ArrayNode a = NODES.arrayNode();
        objects.forEach(a::add);
        return a;
    }

}
