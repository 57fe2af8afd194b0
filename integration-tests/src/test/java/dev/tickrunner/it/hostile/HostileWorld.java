package dev.tickrunner.it.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RoomTerrain;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.sandbox.WorldSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recorded bare-room world of the sandbox's conformance fixtures, and player ticks on it. */
final class HostileWorld {
    /** The fixtures, shared with the sandbox module's tests (read from the source tree, not copied). */
    static final Path FIXTURES = Path.of("..", "sandbox", "src", "test", "resources", "conformance");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode baseInput;
    private final WorldSettings world;

    HostileWorld() {
        try {
            baseInput = (ObjectNode) MAPPER.readTree(FIXTURES.resolve("empty.tick1.json").toFile()).get("input");
            List<RoomTerrain> rooms = new ArrayList<>();
            for (JsonNode room : MAPPER.readTree(FIXTURES.resolve("terrain.json").toFile())) {
                rooms.add(new RoomTerrain(room.get("room").asText(), room.get("terrain").asText()));
            }
            world = new WorldSettings(rooms, 12, "shard0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path recording() {
        return FIXTURES.resolve("empty.tick1.json");
    }

    WorldSettings settings() {
        return world;
    }

    /** @return a tick of {@code userId} running {@code mainCode}, with the CPU limit in ms */
    RuntimeData tick(String userId, String mainCode, long time, String memory, double cpuLimitMs, long codeTimestamp) {
        return tick(userId, mainCode, java.util.Map.of(), time, memory, cpuLimitMs, codeTimestamp);
    }

    /** @return a tick of {@code userId} running {@code mainCode} beside its other {@code modules}, by name */
    RuntimeData tick(String userId, String mainCode, java.util.Map<String, String> modules, long time, String memory,
                     double cpuLimitMs, long codeTimestamp) {
        ObjectNode payload = baseInput.deepCopy();
        ObjectNode userCode = payload.putObject("userCode");
        userCode.put("main", mainCode);
        modules.forEach(userCode::put);
        payload.put("time", time);
        payload.put("userCodeTimestamp", codeTimestamp);
        ((ObjectNode) payload.get("user")).put("_id", userId);
        ((ObjectNode) payload.get("userMemory")).put("data", memory);
        return new RuntimeData(userId, time, codeTimestamp, cpuLimitMs, 10000, payload);
    }

    static boolean exists() {
        return Files.isRegularFile(recording());
    }
}
