package dev.tickrunner.runner.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.model.RoomTerrain;
import dev.tickrunner.sandbox.WorldSettings;
import dev.tickrunner.sandbox.replay.Recording;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads conformance recordings and the terrain file beside them ({@code shared/conformance} format). A file the user
 * named that is missing or not JSON is an {@link FileNotFoundException} / {@link IllegalArgumentException} with one
 * line of message, which the command line prints as it is.
 */
final class RecordingFiles {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordingFiles() {
    }

    /** Reads a JSON file the user named. */
    @FunctionalInterface
    interface JsonRead<T> {
        T read(Path file) throws IOException;
    }

    /**
     * @return {@code read(file)}
     * @throws IllegalArgumentException if the file is not JSON: {@code <file> is not valid JSON: <what> at line L,
     *                                  column C}
     * @throws IOException              if the file cannot be read
     */
    static <T> T readJson(Path file, JsonRead<T> read) throws IOException {
        try {
            return read.read(file);
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()), e);
        }
    }

    /**
     * @throws FileNotFoundException    if {@code file} cannot be opened
     * @throws IllegalArgumentException if it is not JSON or not a tick recording
     */
    static Recording recording(Path file) throws IOException {
        return Recording.of(readJson(file, f -> MAPPER.readTree(f.toFile())));
    }

    /**
     * @param terrainFile the {@code terrain.json} to use, or null for the one beside {@code recordingFile}
     * @throws FileNotFoundException    if the terrain file does not exist: {@code No terrain file <path> (give
     *                                  --terrain FILE)}
     * @throws IllegalArgumentException if it is not JSON
     * @throws IOException              if the terrain file cannot be read
     */
    static WorldSettings world(Recording recording, Path recordingFile, Path terrainFile) throws IOException {
        Path terrain = terrainFile != null ? terrainFile
                : recordingFile.toAbsolutePath().getParent().resolve("terrain.json");
        if (!Files.isRegularFile(terrain)) {
            throw new FileNotFoundException("No terrain file " + terrain + " (give --terrain FILE)");
        }
        return new WorldSettings(terrain(terrain), recording.worldSizeRooms(), recording.shardName());
    }

    /**
     * @return the rooms of a terrain file: a JSON array of {@code {room, terrain}}
     * @throws IllegalArgumentException if {@code file} is not JSON or not such an array
     */
    static List<RoomTerrain> terrain(Path file) throws IOException {
        JsonNode json = readJson(file, f -> MAPPER.readTree(f.toFile()));
        List<RoomTerrain> rooms = new ArrayList<>();
        for (JsonNode room : json) {
            if (!json.isArray() || !room.path("room").isTextual() || !room.path("terrain").isTextual()) {
                throw new IllegalArgumentException(file + " is not a terrain file (a JSON array of {room, terrain})");
            }
            rooms.add(new RoomTerrain(room.get("room").asText(), room.get("terrain").asText()));
        }
        return rooms;
    }
}
