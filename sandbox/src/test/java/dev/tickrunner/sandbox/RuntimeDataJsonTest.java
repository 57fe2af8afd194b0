package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void ownObjectsThatAreTheSameNodesInBothMapsAreSentOnce() throws Exception {
        ObjectNode payload = payload("");
        ObjectNode own = payload.putObject("userObjects");
        own.putObject("c1").put("type", "creep").put("user", "u1");
        own.putObject("s1").put("type", "spawn").put("user", "u1");
        ObjectNode room = payload.putObject("roomObjects");
        room.putObject("src").put("type", "source");
        room.set("c1", own.get("c1"));
        room.set("s1", own.get("s1"));
        RuntimeDataJson input = RuntimeDataJson.of(payload, true);
        assertTrue(input.ownObjectsShared());
        ObjectNode parsed = (ObjectNode) MAPPER.readTree(input.json());
        assertEquals(List.of("src"), names((ObjectNode) parsed.get("roomObjects")));
        assertEquals(own, parsed.get("userObjects"));
        assertEquals(3, payload.get("roomObjects").size(), "payload not modified");
    }

    @Test
    void roomObjectsAreSentWholeWhenTheOwnObjectsAreCopiesOrNotAtTheEnd() throws Exception {
        ObjectNode copies = payload("");
        copies.putObject("userObjects").putObject("c1").put("type", "creep");
        ObjectNode room = copies.putObject("roomObjects");
        room.putObject("src").put("type", "source");
        room.set("c1", copies.get("userObjects").get("c1").deepCopy());
        ObjectNode notAtTheEnd = payload("");
        ObjectNode own = notAtTheEnd.putObject("userObjects");
        own.putObject("c1").put("type", "creep");
        ObjectNode room2 = notAtTheEnd.putObject("roomObjects");
        room2.set("c1", own.get("c1"));
        room2.putObject("src").put("type", "source");
        for (ObjectNode payload : List.of(copies, notAtTheEnd)) {
            RuntimeDataJson input = RuntimeDataJson.of(payload, true);
            assertFalse(input.ownObjectsShared());
            assertEquals(payload.get("roomObjects"), MAPPER.readTree(input.json()).get("roomObjects"));
        }
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
