package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JavaScript semantics the Node code relies on without saying so: truthiness, {@code ""+value} of a JSON value, and
 * the key order of plain objects (integer-like keys first, ascending, then insertion order).
 */
public final class JsValues {
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    private JsValues() {
    }

    /** @return whether JavaScript treats the value as true ({@code null}/missing, false, 0, NaN and "" are false) */
    public static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return true;
    }

    /** @return {@code +v} for numbers, 0 for anything falsy ({@code v || 0}), NaN for other values */
    public static double numberOrZero(JsonNode v) {
        if (!truthy(v)) {
            return 0;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return 1;
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** @return {@code ""+v}: "undefined" for a missing value, "null" for null, else the text of the value */
    public static String keyString(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "undefined";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isNumber()) {
            return jsNumber(v.doubleValue()).toString();
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    /** @return the number as JSON would print it from JavaScript: a long node when integral, else a double node */
    public static JsonNode numberNode(double value) {
        Number n = jsNumber(value);
        return n instanceof Long l ? JsonNodeFactory.instance.numberNode(l) : JsonNodeFactory.instance.numberNode(value);
    }

    /**
     * Builds a plain JavaScript object from entries in insertion order, as V8 would enumerate it: keys that are array
     * indices (canonical decimal, below 2^32 − 1) first in ascending order, then the others in insertion order.
     *
     * @return a new object node
     */
    public static ObjectNode jsObject(Map<String, ? extends JsonNode> entries) {
        List<Map.Entry<String, ? extends JsonNode>> indices = new ArrayList<>();
        for (Map.Entry<String, ? extends JsonNode> e : entries.entrySet()) {
            if (isArrayIndex(e.getKey())) {
                indices.add(e);
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        indices.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
        indices.forEach(e -> out.set(e.getKey(), e.getValue()));
        entries.forEach((k, v) -> {
            if (!isArrayIndex(k)) {
                out.set(k, v);
            }
        });
        return out;
    }

    /** @return whether V8 orders this key as an array index */
    static boolean isArrayIndex(String key) {
        int n = key.length();
        if (n == 0 || n > 10 || (n > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }

    private static Number jsNumber(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15) {
            return (long) d;
        }
        return d;
    }
}
