package dev.tickrunner.it.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.it.RecordedWorld;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.sandbox.WorldSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded bare-room world of the sandbox's conformance fixtures, and player ticks on it. */
final class HostileWorld {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode baseInput;
    private final WorldSettings world = RecordedWorld.settings();

    HostileWorld() {
        try {
            baseInput = (ObjectNode) MAPPER.readTree(recording().toFile()).get("input");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path recording() {
        return RecordedWorld.FIXTURES.resolve("empty.tick1.json");
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
