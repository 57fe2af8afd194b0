package dev.tickrunner.runner;

import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.storage.LokiWorldImporter;
import dev.tickrunner.storage.ShardStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a LokiJS world dump (a private server's {@code db.json}, or the bundled {@link #BUNDLED_WORLD}) into a shard's
 * MongoDB and Redis, with the env keys a server needs; what {@code tickrunner import} and the demos share.
 * Mirrors: screepsmod-mongo importDB.
 */
public final class WorldImport {
    /** The bundled initial world: {@code db.original.json} of {@code @screeps/storage@5.1.3}, on the class path. */
    public static final String BUNDLED_WORLD = "@screeps/storage/db.original.json";

    private WorldImport() {
    }

    /**
     * Imports the bundled initial world ({@link #BUNDLED_WORLD}).
     *
     * @param storage      the shard's open storage; its world is replaced
     * @param keepLokiMeta whether to keep the LokiJS {@code meta} / {@code $loki} fields in documents
     * @return what was written (documents per collection, Redis keys, the game time)
     * @throws IOException if the bundled world cannot be read
     * @throws RuntimeException if MongoDB or Redis fails
     */
    public static LokiWorldImporter.ImportSummary importBundled(ShardStorage storage, boolean keepLokiMeta)
            throws IOException {
        try (InputStream dump = ScreepsPackages.bundled().open(BUNDLED_WORLD)) {
            return storage.worldImporter().importWorld(dump, keepLokiMeta);
        }
    }

    /**
     * Imports a LokiJS dump file.
     *
     * @param storage      the shard's open storage; its world is replaced
     * @param file         the dump ({@code db.json})
     * @param keepLokiMeta whether to keep the LokiJS {@code meta} / {@code $loki} fields in documents
     * @return what was written (documents per collection, Redis keys, the game time)
     * @throws IOException if {@code file} cannot be read or is not a LokiJS dump
     * @throws RuntimeException if MongoDB or Redis fails
     */
    public static LokiWorldImporter.ImportSummary importFile(ShardStorage storage, Path file, boolean keepLokiMeta)
            throws IOException {
        try (InputStream dump = Files.newInputStream(file)) {
            return storage.worldImporter().importWorld(dump, keepLokiMeta);
        }
    }
}
