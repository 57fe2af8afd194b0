package dev.tickrunner.sandbox.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares a replayed tick's output with the Node recording's, key for key ({@code shared/conformance/README.md}:
 * type, error, raw and stored intents, intent CPU, Memory, console, visuals, segments). Numbers compare by value
 * ({@code 1} equals {@code 1.0}); everything else exactly, object key order aside.
 */
public final class RecordingComparison {
    private static final int SHOWN_CHARS = 300;

    private RecordingComparison() {
    }

    /**
     * @param expected the recording's {@code output}
     * @param actual   the replay's output in the same shape ({@link RecordedOutput#of})
     * @return one line per differing key ({@code "memory: expected … but was …"}), empty when they agree
     */
    public static List<String> differences(ObjectNode expected, ObjectNode actual) {
        List<String> differences = new ArrayList<>();
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!sameJson(expected.get(name), actual.get(name))) {
                differences.add(name + ": expected " + abbreviate(expected.get(name)) + " but was "
                        + abbreviate(actual.get(name)));
            }
        }
        actual.fieldNames().forEachRemaining(name -> {
            if (!expected.has(name)) {
                differences.add(name + ": not in the recording, was " + abbreviate(actual.get(name)));
            }
        });
        return differences;
    }

    /** @return whether two JSON values agree, numbers by value; null only equals null */
    public static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals((x, y) -> x.isNumber() && y.isNumber()
                ? Double.compare(x.asDouble(), y.asDouble()) : x.equals(y) ? 0 : 1, b);
    }

    /** @return the value as JSON text, cut at {@value #SHOWN_CHARS} characters */
    public static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "…" : text;
    }
}
