package dev.tickrunner.runner.cli;

import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.storage.LokiWorldImporter;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.sandbox.ScreepsPackages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tickrunner import [FILE]}: loads a LokiJS dump (a private server's {@code db.json}; the bundled
 * {@code db.original.json} of {@code @screeps/storage@5.1.3} by default) into MongoDB and Redis, with the env keys a
 * server needs. Mirrors: screepsmod-mongo importDB. A FILE that is missing, not JSON or not a LokiJS dump is a
 * user's mistake (one line, exit 2).
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
        String source = file == null ? WorldImport.BUNDLED_WORLD : file.toString();
        // The dump is opened first, so that a missing FILE is reported as such even when storage is away.
        try (InputStream dump = file == null ? ScreepsPackages.bundled().open(WorldImport.BUNDLED_WORLD) : Files.newInputStream(file);
             ShardStorage storage = ShardStorage.open(config.storage())) {
            LokiWorldImporter.ImportSummary summary = RecordingFiles.readJson(Path.of(source),
                    f -> storage.worldImporter().importWorld(dump, keepLokiMeta));
            System.out.println("Imported " + source + ": " + summary);
        } catch (LokiWorldImporter.NotALokiDumpException e) {
            throw new IllegalArgumentException(source + " is " + e.getMessage(), e);
        }
        return 0;
    }
}
