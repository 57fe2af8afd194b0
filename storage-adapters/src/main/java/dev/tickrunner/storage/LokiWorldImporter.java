package dev.tickrunner.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a LokiJS world dump ({@code db.json}, e.g. {@code @screeps/storage/db.original.json}) into MongoDB and
 * Redis, replacing what is there. One thread at a time; pause the shard first (the Node CLI pauses the simulation).
 *
 * <p>Mirrors: screepsmod-mongo lib/common/_connect.js importDB and importMinimalDB. The database upgrades of
 * upgradeDB (versions 5–9) are not applied: the Node {@code main} process applies them on its next start, as it does
 * after its own import.
 */
public interface LokiWorldImporter {

    /**
     * Imports a dump: every collection of {@code @screeps/common} dbCollections is dropped and refilled ({@code $loki}
     * removed, {@code meta} too unless {@code keepLokiMeta}, a 24-hex {@code _id} stored as ObjectId); the
     * {@code env} collection replaces the Redis database (FLUSHDB, then SET / HSET / SADD per key, and
     * {@code databaseVersion}); then the users Invader, Source Keeper and Screeps and {@code gameTime} are ensured;
     * then the screepsmod-mongo indexes are created. Not idempotent while the shard runs; idempotent on a paused shard.
     *
     * <p>Deviates from Node: importDB runs FLUSHALL, which would clear every Redis database; this clears only the
     * configured one.
     *
     * <p>The dump is streamed (collection by collection, document by document, inserted in batches), so a dump
     * that is malformed after its first collections leaves those imported; import it again once fixed.
     *
     * @param dump         the LokiJS JSON; read to its end, not closed
     * @param keepLokiMeta keep the LokiJS {@code meta} field (false = as screepsmod-mongo). {@code $loki} is always
     *                     removed: MongoDB refuses updates of documents with {@code $}-prefixed field names
     * @return what was imported
     * @throws NotALokiDumpException if {@code dump} is JSON but not an object with a {@code collections} array
     *                                (nothing is written then)
     * @throws IOException            if {@code dump} cannot be read or is not JSON (a Jackson
     *                                {@link com.fasterxml.jackson.core.JsonProcessingException})
     */
    ImportSummary importWorld(InputStream dump, boolean keepLokiMeta) throws IOException;

    /** The dump is not a LokiJS database: no {@code collections} array at its top level. */
    final class NotALokiDumpException extends IOException {
        private static final long serialVersionUID = 1L;

        /** With the message {@code not a LokiJS dump: no 'collections' array}. */
        public NotALokiDumpException() {
            super("not a LokiJS dump: no 'collections' array");
        }
    }

    /**
     * What an import wrote.
     *
     * @param documentCounts  collection name → documents inserted (collections in the dump only)
     * @param skippedCollections collection names in the dump that are not screepsmod-mongo collections, → rows
     * @param redisKeys       Redis keys written from the {@code env} collection
     * @param gameTime        the game time after the import, ticks
     */
    record ImportSummary(Map<String, Long> documentCounts, Map<String, Long> skippedCollections, long redisKeys,
                         long gameTime) {
        /** @throws NullPointerException if a map is null */
        public ImportSummary {
            documentCounts = Map.copyOf(Objects.requireNonNull(documentCounts, "documentCounts"));
            skippedCollections = Map.copyOf(Objects.requireNonNull(skippedCollections, "skippedCollections"));
        }
    }
}
