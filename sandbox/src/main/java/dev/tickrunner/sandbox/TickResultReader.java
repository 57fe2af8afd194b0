package dev.tickrunner.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.SegmentRules;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the in-sandbox runtime's {@code finish()} returned (the driver runtime.js output object as JSON, plus
 * the Memory string kept apart so that a 2 MB Memory is not escaped twice) into a {@link TickResult}, after checking
 * its shape: the runtime runs in the player's realm, where a player can redefine what it relies on ({@code toJSON}
 * on a prototype, {@code Array.prototype.push}, lodash), so nothing malformed or oversized may reach storage.
 *
 * <p>Rules: the output is a JSON object of at most {@link #MAX_OUTPUT_CHARS}; {@code type} is "done" or "error";
 * {@code intentsList} and {@code intents} are objects of objects; console {@code log} and {@code results} are arrays;
 * segments are ids 0–99 → strings ≤ 100 KB, at most 10 ({@link SegmentRules}); Memory ≤ 2 MB (Node's text when over).
 * Deviates from Node: Node checks only the Memory length and saves the rest as it comes.
 * Stateless and thread-safe.
 */
final class TickResultReader {
    /** 32 M chars: 2 MB Memory is kept apart; intents, console and 10 × 100 KB segments fit many times over. */
    static final int MAX_OUTPUT_CHARS = 32 * 1024 * 1024;
    private static final int MAX_MEMORY_CHARS = 2 * 1024 * 1024;

    private final ObjectMapper mapper;

    TickResultReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param stoppedAtCpuLimit whether the CPU limit interrupted {@code loop} this tick
     * @return the completed tick: its result, whether the runtime reported {@code type: "error"}, and
     *         {@code stoppedAtCpuLimit}
     * @throws TickResultRejectedException if the output breaks a rule above
     */
    TickOutcome.Completed read(String userId, String outputJson, String memory, boolean stoppedAtCpuLimit)
            throws TickResultRejectedException {
        if (outputJson == null || outputJson.length() > MAX_OUTPUT_CHARS) {
            throw new TickResultRejectedException("output over " + MAX_OUTPUT_CHARS + " chars");
        }
        if (memory == null) {
            throw new TickResultRejectedException("Memory is not a string");
        }
        if (memory.length() > MAX_MEMORY_CHARS) {
            throw new TickResultRejectedException(PlayerMessages.MEMORY_LIMIT_REACHED);
        }
        ObjectNode out;
        try {
            out = mapper.readTree(outputJson) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            out = null;
        }
        if (out == null) {
            throw new TickResultRejectedException("output is not a JSON object");
        }
        check(out);
        boolean threw = !"done".equals(out.path("type").asText()) || stoppedAtCpuLimit;
        String error = out.hasNonNull("error") ? out.get("error").asText() : null;
        JsonNode console = out.path("console");
        List<ConsoleMessage> log = new ArrayList<>();
        for (JsonNode line : console.path("log")) {
            log.add(new ConsoleMessage(line.path("message").asText(""), line.path("escape").asBoolean(true)));
        }
        List<String> results = new ArrayList<>();
        for (JsonNode line : console.path("results")) {
            results.add(line.asText());
        }
        Map<String, String> visual = new LinkedHashMap<>();
        out.path("visual").properties().forEach(e -> visual.put(e.getKey(), e.getValue().asText()));
        Map<Integer, String> segments = null;
        if (out.has("memorySegments")) {
            segments = new LinkedHashMap<>();
            for (var e : out.get("memorySegments").properties()) {
                segments.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            }
        }
        List<Integer> activeSegments = null;
        if (out.hasNonNull("activeSegments")) {
            activeSegments = new ArrayList<>();
            for (JsonNode id : out.get("activeSegments")) {
                activeSegments.add(id.asInt());
            }
        }
        return new TickOutcome.Completed(new TickResult(userId, error,
                objectOrEmpty(out.get("intentsList")), objectOrEmpty(out.get("intents")),
                out.path("intentsCpu").asDouble(0), memory, log, results, visual, segments, activeSegments,
                out.get("activeForeignSegment"), out.get("defaultPublicSegment"),
                out.hasNonNull("publicSegments") ? out.get("publicSegments").asText() : null,
                out.hasNonNull("interShardSegment") ? out.get("interShardSegment").asText() : null,
                out.path("usedTime").asLong(0), out.path("usedCleanTime").asDouble(0),
                out.path("usedDirtyTime").asLong(0)), threw, stoppedAtCpuLimit);
    }

    /** @return {@code completed} with one more console line at the end (a message of the runner to the player) */
    TickOutcome.Completed withConsoleLine(TickOutcome.Completed completed, String line) {
        TickResult result = completed.result();
        List<ConsoleMessage> log = new ArrayList<>(result.consoleLog());
        log.add(new ConsoleMessage(line, true));
        return new TickOutcome.Completed(new TickResult(result.userId(), result.error(), result.intentsList(), result.intents(),
                result.intentsCpu(), result.memory(), log, result.consoleResults(), result.visual(),
                result.memorySegments(), result.activeSegments(), result.activeForeignSegment(),
                result.defaultPublicSegment(), result.publicSegments(), result.interShardSegment(),
                result.usedTimeMs(), result.usedCleanTimeMs(), result.usedDirtyTimeMs()),
                completed.threw(), completed.stoppedAtCpuLimit());
    }

    private static void check(ObjectNode out) throws TickResultRejectedException {
        String type = out.path("type").asText("");
        if (!type.equals("done") && !type.equals("error")) {
            throw new TickResultRejectedException("type is not done or error");
        }
        if (out.has("error") && !out.get("error").isTextual()) {
            throw new TickResultRejectedException("error is not a string");
        }
        for (String field : new String[] {"intentsList", "intents"}) {
            JsonNode intents = out.get(field);
            if (intents == null || !intents.isObject()) {
                throw new TickResultRejectedException(field + " is not an object");
            }
            for (JsonNode group : intents) {
                if (!group.isObject() && !group.isArray()) {
                    throw new TickResultRejectedException(field + " holds a value that is not an object");
                }
            }
        }
        JsonNode console = out.get("console");
        if (console == null || !console.path("log").isArray() || !console.path("results").isArray()) {
            throw new TickResultRejectedException("console is not {log: [], results: []}");
        }
        if (out.has("visual") && !out.get("visual").isObject()) {
            throw new TickResultRejectedException("visual is not an object");
        }
        JsonNode segments = out.get("memorySegments");
        if (segments != null) {
            if (!segments.isObject() || segments.size() > SegmentRules.MAX_PER_TICK) {
                throw new TickResultRejectedException("memorySegments is not at most 10 segments");
            }
            for (var e : segments.properties()) {
                if (!SegmentRules.isValidIdText(e.getKey()) || !e.getValue().isTextual()
                        || !SegmentRules.fitsLength(e.getValue().asText())) {
                    throw new TickResultRejectedException("segment " + e.getKey() + " is not a string of at most 100 KB");
                }
            }
        }
        for (String numeric : new String[] {"usedTime", "usedCleanTime", "usedDirtyTime", "intentsCpu"}) {
            if (out.has(numeric) && !out.get(numeric).isNumber()) {
                throw new TickResultRejectedException(numeric + " is not a number");
            }
        }
    }

    private ObjectNode objectOrEmpty(JsonNode node) {
        return node instanceof ObjectNode object ? object : mapper.createObjectNode();
    }
}
