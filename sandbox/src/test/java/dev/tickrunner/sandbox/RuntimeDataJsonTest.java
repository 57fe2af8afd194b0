package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime data as it crosses into the context: Memory beside the JSON, the code on the first tick only, the room
 * list when it changed.
 */
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
        RuntimeDataJson input = RuntimeDataJson.of(payload, true, null);
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
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(RuntimeDataJson.of(payload(""), false, null).json());
        assertEquals(true, parsed.get("userCode").isNull());
        assertEquals(List.of("user", "userCode", "userMemory", "time"), names(parsed));
    }

    @Test
    void memoryThatIsNotAStringStaysInTheJson() throws Exception {
        RuntimeDataJson input = RuntimeDataJson.of(payload(null), true, null);
        assertNull(input.memory());
        assertEquals(true, MAPPER.readTree(input.json()).get("userMemory").get("data").isNull());
    }

    @Test
    void accessibleRoomsAreSentOnlyWhenTheSandboxHasOtherOnes() throws Exception {
        ObjectNode payload = payload("");
        payload.put("accessibleRooms", "[\"W1N1\",\"W1N2\"]");
        RuntimeDataJson first = RuntimeDataJson.of(payload, true, null);
        assertEquals("[\"W1N1\",\"W1N2\"]", MAPPER.readTree(first.json()).get("accessibleRooms").asText());
        assertEquals(false, first.accessibleRoomsKept());
        assertEquals("[\"W1N1\",\"W1N2\"]", first.accessibleRooms());

        RuntimeDataJson same = RuntimeDataJson.of(payload, false, first.accessibleRooms());
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(same.json());
        assertEquals(true, parsed.get("accessibleRooms").isNull());
        assertEquals(List.of("user", "userCode", "userMemory", "time", "accessibleRooms"), names(parsed));
        assertEquals(true, same.accessibleRoomsKept());
        assertEquals(first.accessibleRooms(), same.accessibleRooms());

        payload.put("accessibleRooms", "[\"W1N1\"]");
        RuntimeDataJson changed = RuntimeDataJson.of(payload, false, same.accessibleRooms());
        assertEquals("[\"W1N1\"]", MAPPER.readTree(changed.json()).get("accessibleRooms").asText());
        assertEquals(false, changed.accessibleRoomsKept());

        payload.putNull("accessibleRooms");
        RuntimeDataJson none = RuntimeDataJson.of(payload, false, changed.accessibleRooms());
        assertEquals(true, MAPPER.readTree(none.json()).get("accessibleRooms").isNull());
        assertEquals(false, none.accessibleRoomsKept(), "a real null is sent as it is");
        assertNull(none.accessibleRooms());
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
