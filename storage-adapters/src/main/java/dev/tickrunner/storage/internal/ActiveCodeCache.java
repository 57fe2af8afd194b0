package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import java.util.Objects;
import org.bson.Document;

/**
 * Each player's active code ({@code users.code} with {@code activeWorld: true}), kept between ticks: while a player's
 * code is cached, a load reads only the active document's {@code _id} and {@code timestamp}, and reads the whole
 * document (its modules: 1–2 MB for a large public bot), as data.js does, only when either has changed or nothing is
 * cached. Thread-safe; shared by every worker thread.
 *
 * <p>Deviates from Node: driver lib/runtime/data.js reads the whole document on every tick ({@code findOne}), and the
 * runtime uses its modules only when {@code userCodeTimestamp} is new (a global reset). On mongo-java-server a
 * 1.3 MB document took 14.9 ms to read and decode, its two fields 1.6 ms (median of 300 reads each, in-process server).
 * Assumes what Node's runtime assumes when it keeps a warm global: a document's modules change only with its
 * {@code timestamp} (the server's code upload, branch clone and {@code bots.reload} all set it). A document without a
 * numeric {@code timestamp} is not cached: it is read whole every time, in one read, as in Node.
 *
 * <p>The cached {@link ActiveCode#modules()} trees are shared by every tick's runtime data and must not be modified.
 * At most {@value #MAX_CACHED_CHARS} characters of module text are kept; beyond that the least used players' code is
 * dropped and read again when needed.
 */
final class ActiveCodeCache {
    /** Module text kept, characters (about twice as many bytes of heap at worst). */
    static final long MAX_CACHED_CHARS = 64L * 1024 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MongoDatabase db;
    private final Cache<String, Cached> byUser = Caffeine.newBuilder()
            .maximumWeight(MAX_CACHED_CHARS)
            .weigher((String userId, Cached cached) -> cached.chars())
            .build();

    /** @param db the shard's database */
    ActiveCodeCache(MongoDatabase db) {
        this.db = db;
    }

    /**
     * @param userId the player's user id
     * @return the player's active code; {@link ActiveCode#of(Document) ActiveCode.of(null)} when there is none
     * @throws com.mongodb.MongoException when MongoDB cannot be read (nothing cached changes)
     */
    ActiveCode active(String userId) {
        MongoCollection<Document> code = db.getCollection("users.code");
        Document activeFilter = new Document("user", userId).append("activeWorld", true);
        Cached cached = byUser.getIfPresent(userId);
        if (cached != null) {
            Document head = code.find(activeFilter).projection(Projections.include("timestamp")).first();
            if (head != null && Objects.equals(cached.id(), head.get("_id"))
                    && Objects.equals(cached.timestamp(), head.get("timestamp"))) {
                return cached.code();
            }
        }
        Document whole = code.find(activeFilter).first();
        ActiveCode active = ActiveCode.of(whole);
        if (whole != null && whole.get("timestamp") instanceof Number) {
            byUser.put(userId, new Cached(whole.get("_id"), whole.get("timestamp"), active, textLength(active.modules())));
        } else {
            byUser.invalidate(userId);
        }
        return active;
    }

    /**
     * The runtime data's view of a {@code users.code} document.
     *
     * @param modules     module name → source (or {@code {binary: base64}}), names unescaped ({@link ModuleNames});
     *                    {@code {}} without a document
     * @param timestamp   {@code userCodeTimestamp} as data.js sets it: the stored timestamp when truthy, else 0
     * @param timestampMs the stored timestamp when it is a number, else 0, ms
     */
    record ActiveCode(ObjectNode modules, JsonNode timestamp, long timestampMs) {
        /**
         * Mirrors: driver lib/runtime/data.js {@code userCode} and {@code userCodeTimestamp}.
         *
         * @param document the active {@code users.code} document, or null
         */
        static ActiveCode of(Document document) {
            if (document == null) {
                return new ActiveCode(ModuleNames.unescape(null), NODES.numberNode(0), 0);
            }
            JsonNode timestamp = BsonJson.toJsonValue(document.get("timestamp"));
            long timestampMs = document.get("timestamp") instanceof Number n ? n.longValue() : 0;
            return new ActiveCode(ModuleNames.unescape(document.get("modules")),
                    JsValues.truthy(timestamp) ? timestamp : NODES.numberNode(0), timestampMs);
        }
    }

    private record Cached(Object id, Object timestamp, ActiveCode code, int chars) {
    }

    /** Characters of text in a tree (module sources, base64 of binary modules), capped at {@code Integer.MAX_VALUE}. */
    private static int textLength(JsonNode node) {
        long chars = 0;
        if (node.isTextual()) {
            chars = node.textValue().length();
        } else {
            for (JsonNode child : node) {
                chars += textLength(child);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, chars);
    }
}
