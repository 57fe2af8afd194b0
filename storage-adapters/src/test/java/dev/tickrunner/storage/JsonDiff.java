package dev.tickrunner.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Lists the paths where two JSON trees differ; numbers compare by value (int 500 equals long 500 and 500.0). */
final class JsonDiff {

    private JsonDiff() {
    }

    static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        diff("", expected, actual, out);
        return out;
    }

    private static void diff(String path, JsonNode e, JsonNode a, List<String> out) {
        if (e == null || a == null || e.isMissingNode() || a.isMissingNode()) {
            if (!(isAbsent(e) && isAbsent(a))) {
                out.add(path + ": expected " + e + ", was " + a);
            }
            return;
        }
        if (e.isNumber() && a.isNumber()) {
            if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
                out.add(path + ": expected " + e + ", was " + a);
            }
            return;
        }
        if (e.isObject() && a.isObject()) {
            Set<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(path + "/" + k, e.get(k), a.get(k), out);
            }
            return;
        }
        if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " elements, was " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) {
                diff(path + "/" + i, e.get(i), a.get(i), out);
            }
            return;
        }
        if (!e.equals(a)) {
            out.add(path + ": expected " + e + ", was " + a);
        }
    }

    private static boolean isAbsent(JsonNode n) {
        return n == null || n.isMissingNode();
    }

    static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }
}
