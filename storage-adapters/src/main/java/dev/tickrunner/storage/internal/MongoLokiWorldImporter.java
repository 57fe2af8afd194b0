package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

/** {@link LokiWorldImporter} into MongoDB and Redis in the screepsmod-mongo layout, streaming the dump. */
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
    /** Documents per {@code insertMany}. */
    static final int BATCH_SIZE = 1000;

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
     * Streams the dump with a Jackson {@link JsonParser}: collection by collection, document by document, the
     * documents inserted {@value #BATCH_SIZE} at a time, so that a large {@code db.json} is never held whole. A
     * collection whose {@code data} comes before its {@code name} is read whole first.
     * Deviates from Node: a dump that turns out malformed after its first collections leaves those imported.
     *
     * <p>Mirrors: screepsmod-mongo lib/common/_connect.js importDB, then importMinimalDB.
     */
    @Override
    public ImportSummary importWorld(InputStream dump, boolean keepLokiMeta) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        long redisKeys = 0;
        boolean sawCollections = false;
        try (JsonParser parser = JSON.getFactory().createParser(dump)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notADump();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("collections")) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw notADump();
                }
                sawCollections = true;
                while (next(parser) != JsonToken.END_ARRAY) {
                    redisKeys += importCollectionEntry(parser, keepLokiMeta, counts, skipped);
                }
            }
            if (!sawCollections) {
                throw notADump();
            }
        }
        importMinimalDb();
        createIndexes();
        return new ImportSummary(counts, skipped, redisKeys, ShardEnvironmentReads.gameTime(redis));
    }

    /** @return the next token; the end of the input inside an array is an error (Jackson reports it, this too) */
    private static JsonToken next(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new JsonParseException(parser, "Unexpected end-of-input in an array");
        }
        return token;
    }

    private static IOException notADump() {
        return new LokiWorldImporter.NotALokiDumpException();
    }

    /**
     * One element of {@code collections}, the parser on its first token; imports it and leaves the parser on its
     * last token.
     *
     * @return the Redis keys written (the {@code env} collection), else 0
     */
    private long importCollectionEntry(JsonParser parser, boolean keepLokiMeta, Map<String, Long> counts,
                                       Map<String, Long> skipped) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            // Not a collection object: no name and no rows, as the tree import read it.
            parser.skipChildren();
            return rowsOf("", keepLokiMeta).finish(counts, skipped);
        }
        String name = null;
        JsonNode bufferedRows = null;
        Rows rows = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("name") && name == null) {
                name = JSON.<JsonNode>readTree(parser).asText();
            } else if (field.equals("data") && rows == null && bufferedRows == null) {
                if (name == null || value != JsonToken.START_ARRAY) {
                    bufferedRows = JSON.<JsonNode>readTree(parser);
                } else {
                    rows = rowsOf(name, keepLokiMeta);
                    while (next(parser) != JsonToken.END_ARRAY) {
                        rows.addFrom(parser);
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        if (name == null) {
            name = "";
        }
        if (rows == null) {
            rows = rowsOf(name, keepLokiMeta);
            if (bufferedRows != null) {
                for (JsonNode row : bufferedRows) {
                    rows.addRow(row);
                }
            }
        }
        return rows.finish(counts, skipped);
    }

    /** Where the rows of one collection go, in the order they come. */
    private interface Rows {
        /** One row, already read. */
        void addRow(JsonNode row) throws IOException;

        /** One row, the parser on its first token; leaves the parser on its last token. */
        default void addFrom(JsonParser parser) throws IOException {
            addRow(JSON.<JsonNode>readTree(parser));
        }

        /** @return the Redis keys written, else 0; records the collection's count in {@code counts} or {@code skipped} */
        long finish(Map<String, Long> counts, Map<String, Long> skipped);
    }

    /** The rows' destination: {@code env} → Redis (flushed first), a dbCollection → MongoDB (dropped first), else skipped. */
    private Rows rowsOf(String name, boolean keepLokiMeta) {
        if (name.equals("env")) {
            return new EnvRows(redis.commands());
        }
        if (!DB_COLLECTIONS.contains(name)) {
            return new SkippedRows(name);
        }
        return new CollectionRows(name, db.getCollection(name), keepLokiMeta);
    }

    /** A collection that importDB does not accept: only counted. */
    private static final class SkippedRows implements Rows {
        private final String name;
        private long count;

        SkippedRows(String name) {
            this.name = name;
        }

        @Override
        public void addRow(JsonNode row) {
            count++;
        }

        @Override
        public void addFrom(JsonParser parser) throws IOException {
            parser.skipChildren();
            count++;
        }

        @Override
        public long finish(Map<String, Long> counts, Map<String, Long> skipped) {
            skipped.put(name, count);
            return 0;
        }
    }

    /** A dbCollection: dropped, then its documents inserted {@value #BATCH_SIZE} at a time. */
    private static final class CollectionRows implements Rows {
        private final String name;
        private final MongoCollection<Document> collection;
        private final boolean keepLokiMeta;
        private final List<Document> batch = new ArrayList<>();
        private long count;

        CollectionRows(String name, MongoCollection<Document> collection, boolean keepLokiMeta) {
            this.name = name;
            this.collection = collection;
            this.keepLokiMeta = keepLokiMeta;
            collection.drop();
        }

        @Override
        public void addRow(JsonNode row) {
            ObjectNode copy = (ObjectNode) row;
            if (!keepLokiMeta) {
                copy.remove("meta");
            }
            copy.remove("$loki");
            Document doc = BsonJson.toDocument(copy);
            if (doc.containsKey("_id")) {
                doc.put("_id", MongoIds.keyToId(doc.get("_id")));
            }
            batch.add(doc);
            count++;
            if (batch.size() >= BATCH_SIZE) {
                flush();
            }
        }

        @Override
        public long finish(Map<String, Long> counts, Map<String, Long> skipped) {
            flush();
            counts.put(name, count);
            return 0;
        }

        private void flush() {
            if (!batch.isEmpty()) {
                collection.insertMany(new ArrayList<>(batch));
                batch.clear();
            }
        }
    }

    /** The env rows: Redis flushed, then each row's keys written (see {@link #importEnvRow}). */
    private static final class EnvRows implements Rows {
        private final RedisCommands<String, String> cmd;
        private long keys;

        EnvRows(RedisCommands<String, String> cmd) {
            this.cmd = cmd;
            cmd.flushdb();
        }

        @Override
        public void addRow(JsonNode row) {
            keys += importEnvRow(cmd, row);
        }

        @Override
        public long finish(Map<String, Long> counts, Map<String, Long> skipped) {
            return keys;
        }
    }

    /**
     * One env row: hash types → HSET, {@code activeRooms} → SADD, the rest → SET (objects as JSON).
     *
     * @return the keys of the row's {@code data}
     */
    private static long importEnvRow(RedisCommands<String, String> cmd, JsonNode row) {
        long keys = 0;
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
