package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Module names of {@code users.code.modules}: MongoDB keys cannot hold {@code .}, so the server stores
 * {@code $DOT$}, {@code $SLASH$} and {@code $BACKSLASH$}.
 *
 * <p>Mirrors: driver lib/runtime/data.js (the {@code for(var key in modules)} rename loop).
 */
final class ModuleNames {

    private ModuleNames() {
    }

    /**
     * Undoes the escapes. As in data.js, a renamed module moves after the modules whose names needed no change.
     *
     * @param modules the stored {@code modules} document, or null
     * @return module name → source
     */
    static ObjectNode unescape(Object modules) {
        JsonNode stored = modules instanceof Map<?, ?> m ? BsonJson.toJsonValue(m) : null;
        ObjectNode out = stored instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        List<String> keys = new ArrayList<>();
        out.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String newKey = key.replace("$DOT$", ".").replace("$SLASH$", "/").replace("$BACKSLASH$", "\\");
            if (!newKey.equals(key)) {
                JsonNode source = out.remove(key);
                out.set(newKey, source);
            }
        }
        return out;
    }
}
