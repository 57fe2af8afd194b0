package dev.tickrunner.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the trusted JavaScript of a player context comes from: the pinned Screeps npm packages that the build
 * fetched ({@code @screeps/engine@4.3.2}, {@code @screeps/common@2.16.1}, the plain-JS runtime files of
 * {@code @screeps/driver@5.3.0}, {@code lodash@3.10.1}, {@code @screeps/pathfinding}), packaged on the class path
 * under {@value #CLASSPATH_PREFIX}, and tickrunner's own runtime files ({@code tickrunner:<name>}).
 *
 * <p>An operator may point {@code @screeps/engine} at the package their own server uses ({@code --engine-dir}); every
 * other package still comes from the build. Paths are npm-style, e.g. {@code @screeps/engine/src/game/rooms.js}.
 * Thread-safe and immutable.
 */
public final class ScreepsPackages {
    /** Class path folder holding the packaged npm files. */
    public static final String CLASSPATH_PREFIX = "screeps-packages/";
    /** Prefix of tickrunner's own runtime files, resolved in {@code dev/tickrunner/sandbox/js/}. */
    public static final String OWN_PREFIX = "tickrunner:";
    private static final String ENGINE_PACKAGE = "@screeps/engine/";
    private static final String OWN_RESOURCE_DIR = "/dev/tickrunner/sandbox/js/";

    private final Path engineDir;

    private ScreepsPackages(Path engineDir) {
        this.engineDir = engineDir;
    }

    /** The packages bundled by the build, all of them from the class path. */
    public static ScreepsPackages bundled() {
        return new ScreepsPackages(null);
    }

    /**
     * The bundled packages with {@code @screeps/engine} read from an operator's directory.
     *
     * @param engineDir the {@code @screeps/engine} package directory (it holds {@code package.json} and {@code src/})
     * @throws IllegalArgumentException if {@code engineDir/src/game/game.js} does not exist
     */
    public static ScreepsPackages withEngineDir(Path engineDir) {
        Objects.requireNonNull(engineDir, "engineDir");
        if (!Files.isRegularFile(engineDir.resolve("src/game/game.js"))) {
            throw new IllegalArgumentException("engineDir must be an @screeps/engine package (src/game/game.js), was "
                    + engineDir.toAbsolutePath());
        }
        return new ScreepsPackages(engineDir);
    }

    /**
     * @param engineDir an operator's {@code @screeps/engine} directory, or null
     * @return {@link #withEngineDir(Path)} for a directory, {@link #bundled()} for null
     * @throws IllegalArgumentException as {@link #withEngineDir(Path)}
     */
    public static ScreepsPackages forEngineDir(Path engineDir) {
        return engineDir == null ? bundled() : withEngineDir(engineDir);
    }

    /** @return the operator's engine directory, when one was given */
    public Optional<Path> engineDir() {
        return Optional.ofNullable(engineDir);
    }

    /** @return whether {@code path} names a file of these packages */
    public boolean exists(String path) {
        Path file = engineFile(path);
        if (file != null) {
            return Files.isRegularFile(file);
        }
        return getClass().getResource(resourceName(path)) != null;
    }

    /**
     * Reads a file of these packages as UTF-8.
     *
     * @throws IllegalArgumentException if {@code !exists(path)}
     * @throws UncheckedIOException     if reading fails
     */
    public String read(String path) {
        try {
            Path file = engineFile(path);
            if (file != null) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            try (InputStream in = getClass().getResourceAsStream(resourceName(path))) {
                if (in == null) {
                    throw new IllegalArgumentException("No such Screeps package file: " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Screeps package file " + path, e);
        }
    }

    /**
     * Opens a bundled file as a stream, e.g. {@code @screeps/storage/db.original.json}.
     *
     * @throws IllegalArgumentException if the file is not bundled
     */
    public InputStream open(String path) {
        InputStream in = getClass().getResourceAsStream(resourceName(path));
        if (in == null) {
            throw new IllegalArgumentException("No such bundled Screeps package file: " + path);
        }
        return in;
    }

    private Path engineFile(String path) {
        if (engineDir == null || !path.startsWith(ENGINE_PACKAGE)) {
            return null;
        }
        return engineDir.resolve(path.substring(ENGINE_PACKAGE.length()));
    }

    private static String resourceName(String path) {
        if (path.startsWith(OWN_PREFIX)) {
            return OWN_RESOURCE_DIR + path.substring(OWN_PREFIX.length());
        }
        return "/" + CLASSPATH_PREFIX + path;
    }
}
