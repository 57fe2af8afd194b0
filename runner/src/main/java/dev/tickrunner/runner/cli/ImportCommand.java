package dev.tickrunner.runner.cli;

import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.storage.LokiWorldImporter;
import dev.tickrunner.storage.ShardStorage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner import [FILE]}: loads a LokiJS dump (a private server's {@code db.json}; the bundled
 * {@code db.original.json} of {@code @screeps/storage@5.1.3} by default) into MongoDB and Redis, with the env keys a
 * server needs ({@link WorldImport}). Mirrors: screepsmod-mongo importDB.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a LokiJS world dump (db.json) into MongoDB + Redis.")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "a LokiJS dump; default: the bundled db.original.json")
    Path file;

    @Option(names = "--keep-loki-meta", description = "keep LokiJS meta/$loki fields in documents")
    boolean keepLokiMeta;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        var config = connection.resolve(System.getenv());
        try (ShardStorage storage = ShardStorage.open(config.storage())) {
            LokiWorldImporter.ImportSummary summary = file == null ? WorldImport.importBundled(storage, keepLokiMeta)
                    : WorldImport.importFile(storage, file, keepLokiMeta);
            System.out.println("Imported " + (file == null ? WorldImport.BUNDLED_WORLD : file) + ": " + summary);
        }
        return 0;
    }
}
