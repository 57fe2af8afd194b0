package dev.tickrunner.sandbox.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.TickOutcome;
import dev.tickrunner.sandbox.TestWorld;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the Node runner's recordings ({@code shared/conformance}) on a fresh sandbox and compares the outputs key
 * for key: raw and stored intents, Memory, console, visuals, segments.
 */
class RecordedTickConformanceTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static SandboxFactory factory;

    @BeforeAll
    static void startEngine() throws IOException {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty.tick1", "empty.tick3", "memory.tick1", "memory.tick3", "harvester.tick1",
            "harvester.tick3"})
    void replayMatchesNodeRecording(String fixture) throws IOException {
        // Tick k is reproduced as the recordings were made: tick 1's input, then k - 1 more ticks with time + 1 and
        // the last Memory fed back.
        Recording recording = Recording.of(read("/conformance/" + fixture + ".json"));
        Recording first = Recording.of(read("/conformance/" + recording.scenario() + ".tick1.json"));
        List<TickReplayer.ReplayedTick> ticks = new TickReplayer(factory).replay(first, recording.tickIndex());
        TickOutcome last = ticks.getLast().outcome();
        assertInstanceOf(TickOutcome.Completed.class, last, () -> "tick failed: " + last);
        ObjectNode actual = new RecordedOutput(MAPPER).of(last);
        ObjectNode expected = recording.output();
        List<String> differences = new ArrayList<>();
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!sameJson(expected.get(name), actual.get(name))) {
                differences.add(name + ": expected " + abbreviate(expected.get(name)) + " but was " + abbreviate(actual.get(name)));
            }
        }
        actual.fieldNames().forEachRemaining(name -> {
            if (!expected.has(name)) {
                differences.add(name + ": not in the recording, was " + abbreviate(actual.get(name)));
            }
        });
        assertEquals(List.of(), differences, "output of " + fixture + " differs from the Node recording");
    }

    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals((x, y) -> x.isNumber() && y.isNumber()
                ? Double.compare(x.asDouble(), y.asDouble()) : x.equals(y) ? 0 : 1, b);
    }

    static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    static JsonNode read(String resource) {
        return TestWorld.read(resource);
    }
}
