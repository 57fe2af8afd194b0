package dev.tickrunner.sandbox.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import java.util.Objects;

/**
 * One tick recorded from the real Node runner, in the format of {@code shared/conformance/README.md}:
 * {@code <scenario>.tick<k>.json} with {@code input} (the runtime data handed to {@code _start}) and {@code output}
 * (what the runtime returned, Memory as a string, timing fields removed).
 *
 * @param scenario   the recording's scenario name, e.g. {@code harvester}
 * @param tickIndex  which tick of a fresh sandbox this is (1 or 3)
 * @param userId     the player's user id
 * @param shardName  {@code Game.shard.name} at recording time
 * @param worldSizeRooms the world size, rooms per side
 * @param input      the recorded runtime data of tick 1 (the first tick of the fresh sandbox)
 * @param output     the recorded output, or null when the file has none
 */
public record Recording(String scenario, int tickIndex, String userId, String shardName, int worldSizeRooms,
                        ObjectNode input, ObjectNode output) {

    /**
     * Reads a recording file's tree.
     *
     * @throws IllegalArgumentException if {@code input} or {@code userId} is missing
     */
    public static Recording of(JsonNode file) {
        if (!(file.get("input") instanceof ObjectNode input) || !file.hasNonNull("userId")) {
            throw new IllegalArgumentException("Not a tick recording (needs userId and input)");
        }
        return new Recording(file.path("scenario").asText("recording"), file.path("tickIndex").asInt(1),
                file.get("userId").asText(), file.path("shardName").asText("shard0"),
                file.path("worldSize").asInt(12), input,
                file.get("output") instanceof ObjectNode output ? output : null);
    }

    /**
     * The runtime data of the {@code k}-th replayed tick (k = 1 is the recorded input): game time + k − 1, and the
     * Memory string of the previous tick fed back.
     *
     * @param tickNumber 1-based tick of the replay
     * @param memory     the Memory string saved by the previous tick, or null for the recorded one
     */
    public RuntimeData runtimeData(int tickNumber, String memory) {
        ObjectNode payload = input.deepCopy();
        long time = input.path("time").asLong() + tickNumber - 1;
        payload.put("time", time);
        if (memory != null) {
            ((ObjectNode) payload.withObject("userMemory")).put("data", memory);
        }
        double cpu = input.path("cpu").isNumber() ? input.get("cpu").asDouble() : Double.POSITIVE_INFINITY;
        double bucket = input.path("cpuBucket").isNumber() ? input.get("cpuBucket").asDouble() : Double.POSITIVE_INFINITY;
        return new RuntimeData(Objects.requireNonNull(userId), time, input.path("userCodeTimestamp").asLong(), cpu,
                bucket, payload);
    }
}
