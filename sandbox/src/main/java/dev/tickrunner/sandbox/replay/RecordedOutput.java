package dev.tickrunner.sandbox.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.model.TickOutcome;

/**
 * Writes a tick outcome in the {@code output} shape of a conformance recording (the driver runtime.js output with
 * Memory as a string and the timing fields left out), so that a replay can be compared key for key.
 */
public final class RecordedOutput {
    private final ObjectMapper mapper;

    /** @param mapper the Jackson mapper used to build nodes */
    public RecordedOutput(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return the recording-shaped output of {@code outcome}; a failure becomes {@code {type:'error', error}} */
    public ObjectNode of(TickOutcome outcome) {
        ObjectNode out = mapper.createObjectNode();
        if (outcome instanceof TickOutcome.Failed failed) {
            out.put("type", "error");
            out.put("error", failed.message());
            return out;
        }
        TickOutcome.Completed completed = (TickOutcome.Completed) outcome;
        TickResult r = completed.result();
        out.put("type", completed.threw() ? "error" : "done");
        if (r.error() != null) {
            out.put("error", r.error());
        }
        out.set("intentsList", r.intentsList());
        out.put("intentsCpu", r.intentsCpu());
        out.set("intents", r.intents());
        if (r.memory() != null) {
            out.put("memory", r.memory());
        }
        ObjectNode console = out.putObject("console");
        ArrayNode log = console.putArray("log");
        for (ConsoleMessage m : r.consoleLog()) {
            log.addObject().put("message", m.message()).put("escape", m.escape());
        }
        ArrayNode results = console.putArray("results");
        r.consoleResults().forEach(results::add);
        if (!r.visual().isEmpty()) {
            ObjectNode visual = out.putObject("visual");
            r.visual().forEach(visual::put);
        }
        if (r.memorySegments() != null) {
            ObjectNode segments = out.putObject("memorySegments");
            r.memorySegments().forEach((id, text) -> segments.put(String.valueOf(id), text));
        }
        if (r.activeSegments() != null) {
            ArrayNode ids = out.putArray("activeSegments");
            r.activeSegments().forEach(ids::add);
        }
        if (r.activeForeignSegment() != null) {
            out.set("activeForeignSegment", r.activeForeignSegment());
        }
        if (r.defaultPublicSegment() != null) {
            out.set("defaultPublicSegment", r.defaultPublicSegment());
        }
        if (r.publicSegments() != null) {
            out.put("publicSegments", r.publicSegments());
        }
        return out;
    }
}
