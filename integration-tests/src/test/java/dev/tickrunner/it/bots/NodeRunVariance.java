package dev.tickrunner.it.bots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.sandbox.replay.RecordingComparison;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Compares a replayed tick with a Node recording where two Node runs of the same tick agree, and only there: whatever
 * differs between the two Node recordings (random creep names, CPU figures a bot prints, work a CPU-budgeted scheduler
 * did or skipped) is not counted. JSON trees are walked together; where the two Node runs differ inside objects with
 * the same keys or arrays of the same length the walk goes on below, elsewhere the whole subtree is left out.
 * {@code memory} (a JSON string) is compared as the JSON it holds.
 */
final class NodeRunVariance {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeRunVariance() {
    }

    /**
     * @param node     the first Node run's {@code output}
     * @param nodeAgain the second Node run's {@code output} of the same tick
     * @param actual   the replay's output, same shape
     * @return one line per difference where the Node runs agree ({@code "memory.creeps: expected … but was …"})
     */
    static List<String> differences(JsonNode node, JsonNode nodeAgain, JsonNode actual) {
        List<String> out = new ArrayList<>();
        walk("", parsed(node), parsed(nodeAgain), parsed(actual), out);
        return out;
    }

    /** @return the top-level keys whose value differs between the two Node runs, for the report */
    static List<String> unstableKeys(JsonNode node, JsonNode nodeAgain) {
        List<String> keys = new ArrayList<>();
        JsonNode a = parsed(node);
        JsonNode b = parsed(nodeAgain);
        a.fieldNames().forEachRemaining(k -> {
            if (!RecordingComparison.sameJson(a.get(k), b.get(k))) {
                keys.add(k);
            }
        });
        return keys;
    }

    private static void walk(String path, JsonNode a, JsonNode b, JsonNode x, List<String> out) {
        if (RecordingComparison.sameJson(a, b)) {
            if (!RecordingComparison.sameJson(a, x)) {
                out.add(path + ": expected " + RecordingComparison.abbreviate(a) + " but was "
                        + RecordingComparison.abbreviate(x));
            }
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject() && sameKeys(a, b)) {
            if (x == null || !x.isObject() || !sameKeys(a, x)) {
                out.add(path + ": expected keys " + keys(a) + " but was " + RecordingComparison.abbreviate(x));
                return;
            }
            for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                walk(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), x.get(name), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            if (x == null || !x.isArray() || x.size() != a.size()) {
                out.add(path + ": expected an array of " + a.size() + " but was " + RecordingComparison.abbreviate(x));
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                walk(path + "[" + i + "]", a.get(i), b.get(i), x.get(i), out);
            }
        }
        // Otherwise the Node runs differ in shape here: not counted.
    }

    private static boolean sameKeys(JsonNode a, JsonNode b) {
        return keys(a).equals(keys(b));
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The output with {@code memory} parsed from its JSON text (left as text when it is not JSON). */
    private static JsonNode parsed(JsonNode output) {
        JsonNode copy = output.deepCopy();
        if (copy.isObject() && copy.path("memory").isTextual()) {
            try {
                ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set("memory",
                        MAPPER.readTree(copy.get("memory").asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // a Memory that is not JSON compares as its text
            }
        }
        return copy;
    }
}
