package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.mongodb.client.MongoDatabase;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The process-wide caches of data.js, shared by all worker threads: accessible rooms (60 s), room status data
 * (60 s), market orders (per game time) and market history (3 h), each a Caffeine cache of one entry timed by
 * {@code wallClockMs}. One thread fills an expired entry while the others asking for it wait. The cached trees are
 * shared by every player's runtime data and must not be modified.
 *
 * <p>Mirrors: driver lib/runtime/data.js getAccessibleRooms, getRoomStatusData, getCachedMarketOrders,
 * getCachedMarketHistory, down to their edges: accessible rooms and room status are read again only once more than
 * 60 s passed ({@code Date.now() > time + 60*1000}); a failed read of either throws to its caller and keeps the
 * previous value for the next 60 s (data.js moves the time before reading); market history is read again once
 * 3 h passed and a failed read is retried by the next call; market orders are read once per game time (game time 0
 * gives {@code {}} without a read, as data.js's initial cache).
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
    /** The key of the one-entry caches. */
    private static final String ONLY = "";

    private final MongoDatabase db;
    private final RedisConnections redis;
    private final Cache<String, JsonNode> accessibleRooms;
    private final AtomicReference<JsonNode> lastAccessibleRooms = new AtomicReference<>(NullNode.getInstance());
    private final Cache<String, JsonNode> roomStatusData;
    private final AtomicReference<JsonNode> lastRoomStatusData = new AtomicReference<>(NODES.objectNode());
    private final Cache<Long, ObjectNode> marketOrders;
    private final Cache<String, ObjectNode> marketHistory;

    /**
     * @param db          the shard's database
     * @param redis       the shard's Redis
     * @param wallClockMs {@code Date.now()}: the caches' ticker (only differences of it are used)
     */
    public RuntimeDataCaches(MongoDatabase db, RedisConnections redis, LongSupplier wallClockMs) {
        this.db = db;
        this.redis = redis;
        Ticker ticker = ticker(wallClockMs);
        // data.js reads again when now > time + TTL; Caffeine expires when now - time >= TTL: one more nanosecond.
        this.accessibleRooms = Caffeine.newBuilder().ticker(ticker)
                .expireAfterWrite(Duration.ofMillis(ACCESSIBLE_ROOMS_TTL_MS).plusNanos(1)).build();
        this.roomStatusData = Caffeine.newBuilder().ticker(ticker)
                .expireAfterWrite(Duration.ofMillis(ROOM_STATUS_TTL_MS).plusNanos(1)).build();
        this.marketHistory = Caffeine.newBuilder().ticker(ticker)
                .expireAfterWrite(Duration.ofMillis(MARKET_HISTORY_TTL_MS)).build();
        this.marketOrders = Caffeine.newBuilder().build();
        this.marketOrders.put(0L, NODES.objectNode());
    }

    /** @return Redis {@code accessibleRooms} as stored (a JSON string, not parsed), or a null node */
    public JsonNode accessibleRooms() {
        return getKeepingPrevious(accessibleRooms, lastAccessibleRooms, () -> {
            String raw = redis.commands().get(RedisKeys.ACCESSIBLE_ROOMS);
            return raw == null ? NullNode.getInstance() : NODES.textNode(raw);
        });
    }

    /** @return {@code JSON.parse} of Redis {@code roomStatusData} */
    public JsonNode roomStatusData() {
        return getKeepingPrevious(roomStatusData, lastRoomStatusData,
                () -> parse(redis.commands().get(RedisKeys.ROOM_STATUS_DATA)));
    }

    /**
     * @param gameTimeTicks the tick being run
     * @return {@code {all: {id → order}, <resourceType>: {id → order}}} of the active orders; {@code _id} renamed
     *         {@code id} (moved last)
     */
    public ObjectNode marketOrders(long gameTimeTicks) {
        marketOrders.asMap().keySet().removeIf(gameTime -> gameTime != gameTimeTicks);
        return marketOrders.get(gameTimeTicks, gameTime -> loadMarketOrders());
    }

    /** @return {@code {all: [stat], <resourceType>: [stat]}} of {@code market.stats} without {@code _id, meta, $loki} */
    public ObjectNode marketHistory() {
        return marketHistory.get(ONLY, k -> loadMarketHistory());
    }

    private ObjectNode loadMarketOrders() {
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
        return result;
    }

    private ObjectNode loadMarketHistory() {
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
        return result;
    }

    /**
     * The cached value, or a fresh one from {@code load}; when {@code load} fails, the previous value is cached for
     * another TTL (as data.js, which moves the time before reading) and the failure is thrown to this caller.
     */
    private static JsonNode getKeepingPrevious(Cache<String, JsonNode> cache, AtomicReference<JsonNode> last,
                                               Supplier<JsonNode> load) {
        RuntimeException[] failure = new RuntimeException[1];
        JsonNode value = cache.get(ONLY, k -> {
            try {
                JsonNode fresh = load.get();
                last.set(fresh);
                return fresh;
            } catch (RuntimeException e) {
                failure[0] = e;
                return last.get();
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return value;
    }

    /** {@code wallClockMs} as a Caffeine ticker: nanoseconds since the first reading, so that the product fits. */
    private static Ticker ticker(LongSupplier wallClockMs) {
        long originMs = wallClockMs.getAsLong();
        return () -> (wallClockMs.getAsLong() - originMs) * 1_000_000L;
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
