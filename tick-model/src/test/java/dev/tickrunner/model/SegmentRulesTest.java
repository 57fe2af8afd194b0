package dev.tickrunner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The segment rules and their Node texts (driver lib/runtime/runtime.js). */
class SegmentRulesTest {

    @Test
    void tenSegmentsOfOneHundredKbWithIds0To99Pass() {
        Map<Integer, String> segments = new LinkedHashMap<>();
        for (int id = 90; id < 100; id++) {
            segments.put(id, "x".repeat(100 * 1024));
        }
        assertNull(SegmentRules.violation(segments));
        assertNull(SegmentRules.violation(null));
    }

    @Test
    void eachBrokenRuleGivesTheNodeText() {
        Map<Integer, String> eleven = new LinkedHashMap<>();
        for (int id = 0; id < 11; id++) {
            eleven.put(id, "");
        }
        assertEquals("Cannot save more than 10 memory segments on the same tick", SegmentRules.violation(eleven));
        assertEquals("\"100\" is not a valid memory segment ID", SegmentRules.violation(Map.of(100, "")));
        assertEquals("\"-1\" is not a valid memory segment ID", SegmentRules.violation(Map.of(-1, "")));
        assertEquals("Memory segment #7 has exceeded 100 KB length limit",
                SegmentRules.violation(Map.of(7, "x".repeat(100 * 1024 + 1))));
    }

    @Test
    void idTextIsOneOrTwoDigits() {
        assertTrue(SegmentRules.isValidIdText("0"));
        assertTrue(SegmentRules.isValidIdText("99"));
        assertFalse(SegmentRules.isValidIdText("100"));
        assertFalse(SegmentRules.isValidIdText("-1"));
        assertFalse(SegmentRules.isValidIdText("a"));
    }
}
