package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import dev.tickrunner.storage.LokiWorldImporter;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** {@link LokiWorldImporter} into MongoDB and Redis in the screepsmod-mongo layout. */
public final class MongoLokiWorldImporter implements LokiWorldImporter {
    /** @screeps/common lib/storage.js dbCollections: the only collections importDB accepts. */
    static final List<String> DB_COLLECTIONS = List.of("leaderboard.power", "leaderboard.seasons",
            "leaderboard.world", "users.intents", "market.orders", "market.stats", "rooms", "rooms.objects",
            "rooms.flags", "rooms.intents", "rooms.terrain", "transactions", "users", "users.code", "users.console",
            "users.messages", "users.money", "users.notifications", "users.resources", "users.power_creeps");
    /** screepsmod-mongo lib/common/storage.js defaultIndexes (one ascending index per field). */
    static final Map<String, List<String>> DEFAULT_INDEXES = Map.ofEntries(
            Map.entry("users", List.of("user", "username", "email", "active", "cpu")),
            Map.entry("users.code", List.of("user")),
            Map.entry("rooms", List.of("active", "status")),
            Map.entry("rooms.objects", List.of("room", "user", "type", "interRoom")),
            Map.entry("rooms.terrain", List.of("room")),
            Map.entry("rooms.flags", List.of("room", "user")),
            Map.entry("transactions", List.of("user")),
            Map.entry("users.console", List.of("user")),
            Map.entry("users.money", List.of("user")),
            Map.entry("users.notifications", List.of("user")),
            Map.entry("users.power_creeps", List.of("user")),
            Map.entry("users.resources", List.of("user")));
    private static final List<String> HASH_PREFIXES =
            List.of(RedisKeys.MEMORY_SEGMENTS, RedisKeys.ROOM_HISTORY, RedisKeys.ROOM_EVENT_LOG);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoDatabase db;
    private final RedisConnections redis;

    /**
     * @param db    the shard's database
     * @param redis the shard's Redis
     */
    public MongoLokiWorldImporter(MongoDatabase db, RedisConnections redis) {
        this.db = db;
        this.redis = redis;
    }

    /**
     * Mirrors: screepsmod-mongo lib/common/_connect.js importDB, then importMinimalDB.
     */
    @Override
    public ImportSummary importWorld(InputStream dump, boolean keepLokiMeta) throws IOException {
        JsonNode root = JSON.readTree(dump);
        JsonNode collections = root == null ? null : root.get("collections");
        if (collections == null || !collections.isArray()) {
            throw new IOException("not a LokiJS dump: no 'collections' array");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        long redisKeys = 0;
        for (JsonNode collection : collections) {
            String name = collection.path("name").asText();
            JsonNode rows = collection.path("data");
            if (name.equals("env")) {
                redisKeys += importEnv(rows);
            } else if (!DB_COLLECTIONS.contains(name)) {
                skipped.put(name, (long) rows.size());
            } else {
                counts.put(name, importCollection(name, rows, keepLokiMeta));
            }
        }
        importMinimalDb();
        createIndexes();
        return new ImportSummary(counts, skipped, redisKeys, ShardEnvironmentReads.gameTime(redis));
    }

    private long importCollection(String name, JsonNode rows, boolean keepLokiMeta) {
        MongoCollection<Document> collection = db.getCollection(name);
        collection.drop();
        List<Document> docs = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            ObjectNode copy = ((ObjectNode) row).deepCopy();
            if (!keepLokiMeta) {
                copy.remove("meta");
            }
            copy.remove("$loki");
            Document doc = BsonJson.toDocument(copy);
            if (doc.containsKey("_id")) {
                doc.put("_id", MongoIds.keyToId(doc.get("_id")));
            }
            docs.add(doc);
        }
        if (!docs.isEmpty()) {
            collection.insertMany(docs);
        }
        return docs.size();
    }

    /** The env rows: hash types → HSET, {@code activeRooms} → SADD, the rest → SET (objects as JSON). */
    private long importEnv(JsonNode rows) {
        RedisCommands<String, String> cmd = redis.commands();
        cmd.flushdb();
        long keys = 0;
        for (JsonNode row : rows) {
            for (Iterator<Map.Entry<String, JsonNode>> it = row.path("data").fields(); it.hasNext(); keys++) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                String type = k.substring(0, k.indexOf(':') + 1);
                if (HASH_PREFIXES.contains(type)) {
                    v.fields().forEachRemaining(f -> cmd.hset(k, f.getKey(), redisString(f.getValue())));
                } else if (k.equals(RedisKeys.ACTIVE_ROOMS)) {
                    List<String> members = new ArrayList<>();
                    if (v.isArray()) {
                        v.forEach(m -> members.add(redisString(m)));
                    } else {
                        members.add(redisString(v));
                    }
                    if (!members.isEmpty()) {
                        cmd.sadd(k, members.toArray(String[]::new));
                    }
                } else {
                    cmd.set(k, redisString(v));
                }
            }
            if (JsValues.truthy(row.get("databaseVersion"))) {
                cmd.set(RedisKeys.DATABASE_VERSION, redisString(row.get("databaseVersion")));
            }
        }
        return keys;
    }

    /** Mirrors: screepsmod-mongo lib/common/_connect.js importMinimalDB. */
    private void importMinimalDb() {
        MongoCollection<Document> users = db.getCollection("users");
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        for (String[] npc : new String[][] {{"2", "Invader", "invader"}, {"3", "Source Keeper", "source keeper"}}) {
            users.updateMany(new Document("_id", npc[0]), new Document("$set", new Document("_id", npc[0])
                    .append("username", npc[1]).append("usernameLower", npc[2]).append("cpu", 100)
                    .append("cpuAvailable", 10000).append("gcl", 13966610.2).append("active", 0)), upsert);
        }
        Document badge = new Document("type", 12).append("color1", "#999999").append("color2", "#999999")
                .append("color3", "#999999").append("flip", false).append("param", 26);
        users.replaceOne(new Document("username", "Screeps"), new Document("username", "Screeps")
                .append("usernameLower", "screeps").append("gcl", 0).append("cpu", 0).append("active", false)
                .append("cpuAvailable", 0).append("badge", badge), new ReplaceOptions().upsert(true));
        RedisCommands<String, String> cmd = redis.commands();
        String gameTime = cmd.get(RedisKeys.GAMETIME);
        if (gameTime == null || gameTime.isEmpty() || gameTime.equals("0")) {
            cmd.set(RedisKeys.GAMETIME, "1");
        }
    }

    private void createIndexes() {
        DEFAULT_INDEXES.forEach((collection, fields) -> db.getCollection(collection).createIndexes(
                fields.stream().map(f -> new IndexModel(Indexes.ascending(f))).toList()));
    }

    /** @return the string node redis stores for a value: text as is, objects as JSON, numbers as JS prints them */
    private static String redisString(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return JsJson.number(v.doubleValue());
        }
        return JsJson.stringify(v);
    }
}
