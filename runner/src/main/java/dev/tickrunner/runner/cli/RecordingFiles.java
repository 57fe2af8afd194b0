package dev.tickrunner.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.model.RoomTerrain;
import dev.tickrunner.sandbox.WorldSettings;
import dev.tickrunner.sandbox.replay.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads conformance recordings and the terrain file beside them ({@code shared/conformance} format). */
final class RecordingFiles {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordingFiles() {
    }

    static Recording recording(Path file) throws IOException {
        return Recording.of(MAPPER.readTree(file.toFile()));
    }

    /**
     * @param terrainFile the {@code terrain.json} to use, or null for the one beside {@code recordingFile}
     * @throws IOException if the terrain file cannot be read
     */
    static WorldSettings world(Recording recording, Path recordingFile, Path terrainFile) throws IOException {
        Path terrain = terrainFile != null ? terrainFile
                : recordingFile.toAbsolutePath().getParent().resolve("terrain.json");
        if (!Files.isRegularFile(terrain)) {
            throw new IOException("No terrain file " + terrain + " (give --terrain FILE)");
        }
        return new WorldSettings(terrain(terrain), recording.worldSizeRooms(), recording.shardName());
    }

    static List<RoomTerrain> terrain(Path file) throws IOException {
        List<RoomTerrain> rooms = new ArrayList<>();
        for (JsonNode room : MAPPER.readTree(file.toFile())) {
            rooms.add(new RoomTerrain(room.get("room").asText(), room.get("terrain").asText()));
        }
        return rooms;
    }
}
