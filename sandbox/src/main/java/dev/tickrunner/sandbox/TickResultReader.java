package dev.tickrunner.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.TickResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the in-sandbox runtime's {@code finish()} returned (the driver runtime.js output object as JSON, plus
 * the Memory string kept apart so that a 2 MB Memory is not escaped twice) into a {@link TickResult}.
 * Stateless and thread-safe.
 */
final class TickResultReader {
    private final ObjectMapper mapper;

    TickResultReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @throws IllegalStateException if {@code outputJson} is not the runtime's output object
     */
    TickResult read(String userId, String outputJson, String memory) {
        ObjectNode out;
        try {
            out = (ObjectNode) mapper.readTree(outputJson);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("The sandbox runtime returned an unreadable result for user " + userId, e);
        }
        TickResult.Outcome type = "done".equals(out.path("type").asText())
                ? TickResult.Outcome.DONE : TickResult.Outcome.ERROR;
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
        return new TickResult(userId, type, error,
                objectOrEmpty(out.get("intentsList")), objectOrEmpty(out.get("intents")),
                out.path("intentsCpu").asDouble(0), memory, log, results, visual, segments, activeSegments,
                out.get("activeForeignSegment"), out.get("defaultPublicSegment"),
                out.hasNonNull("publicSegments") ? out.get("publicSegments").asText() : null,
                out.hasNonNull("interShardSegment") ? out.get("interShardSegment").asText() : null,
                out.path("usedTime").asLong(0), out.path("usedCleanTime").asDouble(0),
                out.path("usedDirtyTime").asLong(0));
    }

    private ObjectNode objectOrEmpty(JsonNode node) {
        return node instanceof ObjectNode object ? object : mapper.createObjectNode();
    }
}
