package dev.tickrunner.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.model.RoomTerrain;
import dev.tickrunner.sandbox.WorldSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The world the Node recordings were made on ({@code shared/conformance}: terrain.json's 143 rooms, world size 12,
 * shard0), read from the sandbox module's fixtures in the source tree, not copied.
 */
public final class RecordedWorld {
    /** The sandbox module's conformance fixtures (recordings and terrain.json). */
    public static final Path FIXTURES = Path.of("..", "sandbox", "src", "test", "resources", "conformance");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordedWorld() {
    }

    /**
     * @return the recorded world's terrain, size and shard name
     * @throws UncheckedIOException if terrain.json cannot be read
     */
    public static WorldSettings settings() {
        try {
            List<RoomTerrain> rooms = new ArrayList<>();
            for (JsonNode room : MAPPER.readTree(FIXTURES.resolve("terrain.json").toFile())) {
                rooms.add(new RoomTerrain(room.get("room").asText(), room.get("terrain").asText()));
            }
            return new WorldSettings(rooms, 12, "shard0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
