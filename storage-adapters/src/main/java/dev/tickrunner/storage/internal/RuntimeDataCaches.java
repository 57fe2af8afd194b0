package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.bson.Document;

/**
 * The process-wide caches of data.js, shared by all worker threads: accessible rooms (60 s), room status data
 * (60 s), market orders (per game time) and market history (3 h). Each getter is synchronized, so one thread fills an
 * expired entry while the others wait for it. The cached trees are shared by every player's runtime data and must not
 * be modified.
 *
 * <p>Mirrors: driver lib/runtime/data.js getAccessibleRooms, getRoomStatusData, getCachedMarketOrders,
 * getCachedMarketHistory.
 */
public final class RuntimeDataCaches {
    /** data.js: {@code 60*1000}. */
    static final long ACCESSIBLE_ROOMS_TTL_MS = 60_000;
    /** data.js: {@code 60*1000}. */
    static final long ROOM_STATUS_TTL_MS = 60_000;
    /** data.js: {@code 3*60*60*1000}. */
    static final long MARKET_HISTORY_TTL_MS = 3 * 60 * 60 * 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MongoDatabase db;
    private final RedisConnections redis;
    private final LongSupplier wallClockMs;
    private long accessibleRoomsTimestampMs;
    private JsonNode accessibleRooms = NullNode.getInstance();
    private long roomStatusExpireMs;
    private JsonNode roomStatusData = NODES.objectNode();
    private long marketOrdersGameTime;
    private ObjectNode marketOrders = NODES.objectNode();
    private long marketHistoryTimeMs;
    private ObjectNode marketHistory = NODES.objectNode();

    /**
     * @param db          the shard's database
     * @param redis       the shard's Redis
     * @param wallClockMs {@code Date.now()}
     */
    public RuntimeDataCaches(MongoDatabase db, RedisConnections redis, LongSupplier wallClockMs) {
        this.db = db;
        this.redis = redis;
        this.wallClockMs = wallClockMs;
    }

    /** @return Redis {@code accessibleRooms} as stored (a JSON string, not parsed), or a null node */
    public synchronized JsonNode accessibleRooms() {
        long now = wallClockMs.getAsLong();
        if (now > accessibleRoomsTimestampMs + ACCESSIBLE_ROOMS_TTL_MS) {
            accessibleRoomsTimestampMs = now;
            String raw = redis.commands().get(RedisKeys.ACCESSIBLE_ROOMS);
            accessibleRooms = raw == null ? NullNode.getInstance() : NODES.textNode(raw);
        }
        return accessibleRooms;
    }

    /** @return {@code JSON.parse} of Redis {@code roomStatusData} */
    public synchronized JsonNode roomStatusData() {
        long now = wallClockMs.getAsLong();
        if (now > roomStatusExpireMs) {
            roomStatusExpireMs = now + ROOM_STATUS_TTL_MS;
            roomStatusData = parse(redis.commands().get(RedisKeys.ROOM_STATUS_DATA));
        }
        return roomStatusData;
    }

    /**
     * @param gameTimeTicks the tick being run
     * @return {@code {all: {id → order}, <resourceType>: {id → order}}} of the active orders; {@code _id} renamed
     *         {@code id} (moved last)
     */
    public synchronized ObjectNode marketOrders(long gameTimeTicks) {
        if (gameTimeTicks == marketOrdersGameTime) {
            return marketOrders;
        }
        Map<String, Map<String, JsonNode>> groups = new LinkedHashMap<>();
        groups.put("all", new LinkedHashMap<>());
        for (Document d : db.getCollection("market.orders").find(new Document("active", true))) {
            ObjectNode order = BsonJson.toJson(d);
            String id = JsValues.keyString(order.remove("_id"));
            order.put("id", id);
            groups.computeIfAbsent(JsValues.keyString(order.get("resourceType")), k -> new LinkedHashMap<>())
                    .put(id, order);
            groups.get("all").put(id, order);
        }
        ObjectNode result = NODES.objectNode();
        groups.forEach((k, v) -> result.set(k, JsValues.jsObject(v)));
        marketOrders = result;
        marketOrdersGameTime = gameTimeTicks;
        return result;
    }

    /** @return {@code {all: [stat], <resourceType>: [stat]}} of {@code market.stats} without {@code _id, meta, $loki} */
    public synchronized ObjectNode marketHistory() {
        long now = wallClockMs.getAsLong();
        if (marketHistoryTimeMs + MARKET_HISTORY_TTL_MS > now) {
            return marketHistory;
        }
        ObjectNode result = NODES.objectNode();
        ArrayNode all = result.putArray("all");
        for (Document d : db.getCollection("market.stats").find()) {
            ObjectNode stat = BsonJson.toJson(d);
            stat.remove("_id");
            stat.remove("meta");
            stat.remove("$loki");
            String type = JsValues.keyString(stat.get("resourceType"));
            ArrayNode list = result.has(type) ? (ArrayNode) result.get(type) : result.putArray(type);
            list.add(stat);
            all.add(stat);
        }
        marketHistory = result;
        marketHistoryTimeMs = now;
        return result;
    }

    private static JsonNode parse(String raw) {
        if (raw == null) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("roomStatusData is not JSON", e);
        }
    }
}
