package dev.tickrunner.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JavaScript behaviours the storage adapters copy: JSON.stringify, he.encode, key order, calcWorldSize. */
class JsSemanticsTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"3.0,3", "0.1,0.1", "1.5E10,15000000000", "1.0E21,1e+21", "1.0E-7,1e-7", "1.234E-5,0.00001234",
            "-2.5,-2.5", "0.30000000000000004,0.30000000000000004", "1.7976931348623157E308,1.7976931348623157e+308"})
    void numbersPrintLikeJavaScript(double value, String expected) {
        assertEquals(expected, JsJson.number(value));
    }

    @Test
    void stringifyEscapesLikeV8() throws Exception {
        var node = new ObjectMapper().readTree("{\"a\":[1,2.5,\"x\\u0001\\n\\\"é\"],\"b\":null,\"c\":3.0}");
        assertEquals("{\"a\":[1,2.5,\"x\\u0001\\n\\\"é\"],\"b\":null,\"c\":3}", JsJson.stringify(node));
        assertEquals("\"\\ud800\"", JsJson.stringify(TextNode.valueOf("\ud800")));
    }

    @Test
    void heEncodeUsesUpperCaseHexReferences() {
        assertEquals("&#x3C;a href=&#x22;x&#x22;&#x3E;&#x26;&#x27;&#x60;&#xE9;&#x1F600;\n",
                HtmlEncoder.encode("<a href=\"x\">&'`é😀\n"));
        assertEquals("plain text 123", HtmlEncoder.encode("plain text 123"));
    }

    @Test
    void integerLikeKeysComeFirstInAscendingOrder() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> entries = new LinkedHashMap<>();
        for (String k : List.of("b", "10", "a", "2", "01", "4294967295", "3")) {
            entries.put(k, JsonNodeFactory.instance.nullNode());
        }
        List<String> keys = new java.util.ArrayList<>();
        JsValues.jsObject(entries).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("2", "3", "10", "b", "a", "01", "4294967295"), keys);
    }

    @Test
    void truthinessFollowsJavaScript() {
        var n = JsonNodeFactory.instance;
        assertFalse(JsValues.truthy(n.numberNode(0)));
        assertFalse(JsValues.truthy(n.textNode("")));
        assertFalse(JsValues.truthy(null));
        assertTrue(JsValues.truthy(n.arrayNode()));
        assertTrue(JsValues.truthy(n.numberNode(-1)));
    }

    @Test
    void worldSizeKeepsTheZeroStartOfMaxXAndMaxY() {
        assertEquals(12, MongoShardEnvironment.calcWorldSize(List.of("W10N10", "W0N0", "W5N5")));
        assertEquals(3, MongoShardEnvironment.calcWorldSize(List.of("E0S0", "E2S2", "sim")));
        assertEquals(0, MongoShardEnvironment.calcWorldSize(List.of()));
    }

    @Test
    void only24HexIdsBecomeObjectIds() {
        assertTrue(MongoIds.keyToId("65a1b2c3d4e5f60718293a4b") instanceof org.bson.types.ObjectId);
        assertEquals("17c332744f825c7", MongoIds.keyToId("17c332744f825c7"));
        assertEquals("65A1B2C3D4E5F60718293A4B", MongoIds.keyToId("65A1B2C3D4E5F60718293A4B"));
    }
}
