package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime data as it crosses into the context: Memory beside the JSON, the code on the first tick only. */
class RuntimeDataJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode payload(Object memoryData) {
        ObjectNode p = MAPPER.createObjectNode();
        p.putObject("user").put("_id", "u1");
        p.putObject("userCode").put("main", "module.exports.loop = function () {};");
        ObjectNode userMemory = p.putObject("userMemory");
        if (memoryData instanceof String text) {
            userMemory.put("data", text);
        } else {
            userMemory.putNull("data");
        }
        userMemory.put("userId", "u1");
        p.put("time", 7);
        return p;
    }

    @Test
    void memoryLeavesTheJsonAndKeepsItsPlace() throws Exception {
        ObjectNode payload = payload("{\"a\":\"\\\"x\\\"\"}");
        RuntimeDataJson input = RuntimeDataJson.of(payload, true);
        assertEquals("{\"a\":\"\\\"x\\\"\"}", input.memory());
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(input.json());
        assertEquals(List.of("user", "userCode", "userMemory", "time"), names(parsed));
        assertEquals(List.of("data", "userId"), names((ObjectNode) parsed.get("userMemory")));
        assertEquals(true, parsed.get("userMemory").get("data").isNull());
        assertEquals(payload.get("userCode"), parsed.get("userCode"));
        assertEquals("{\"a\":\"\\\"x\\\"\"}", payload.get("userMemory").get("data").asText(), "payload not modified");
    }

    @Test
    void codeIsSentUntilTheSandboxHasIt() throws Exception {
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(RuntimeDataJson.of(payload(""), false).json());
        assertEquals(true, parsed.get("userCode").isNull());
        assertEquals(List.of("user", "userCode", "userMemory", "time"), names(parsed));
    }

    @Test
    void memoryThatIsNotAStringStaysInTheJson() throws Exception {
        RuntimeDataJson input = RuntimeDataJson.of(payload(null), true);
        assertNull(input.memory());
        assertEquals(true, MAPPER.readTree(input.json()).get("userMemory").get("data").isNull());
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
