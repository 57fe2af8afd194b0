package dev.tickrunner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.model.RoomTerrain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The recorded world of {@code shared/conformance} (terrain.json, 143 rooms) for sandbox tests. */
public final class TestWorld {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestWorld() {
    }

    /** @return the shard the recordings were made on: its terrain, world size 12, shard0 */
    public static WorldSettings recorded() {
        return new WorldSettings(terrain(), 12, "shard0");
    }

    /** @return a test resource as a JSON tree */
    public static JsonNode read(String resource) {
        try (InputStream in = TestWorld.class.getResourceAsStream(resource)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RoomTerrain> terrain() {
        List<RoomTerrain> rooms = new ArrayList<>();
        for (JsonNode room : read("/conformance/terrain.json")) {
            rooms.add(new RoomTerrain(room.get("room").asText(), room.get("terrain").asText()));
        }
        return rooms;
    }
}
