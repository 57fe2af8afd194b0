package dev.tickrunner.sandbox.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.TestWorld;
import java.io.IOException;
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
        // The ticks before the last must complete within the limit: one that does not keeps its Memory from the next
        // tick, as on Node, and the last tick's output would differ for that reason alone.
        for (TickReplayer.ReplayedTick tick : ticks.subList(0, ticks.size() - 1)) {
            assertTrue(tick.outcome() instanceof TickOutcome.Completed done && !done.stoppedAtCpuLimit(),
                    () -> "tick " + tick.tickNumber() + " of " + fixture + " failed or hit the CPU limit after "
                            + tick.wallMs() + " ms: " + tick.outcome());
        }
        TickOutcome last = ticks.getLast().outcome();
        assertInstanceOf(TickOutcome.Completed.class, last, () -> "tick failed: " + last);
        ObjectNode actual = new RecordedOutput(MAPPER).of(last);
        ObjectNode expected = recording.output();
        List<String> differences = RecordingComparison.differences(expected, actual);
        assertEquals(List.of(), differences, "output of " + fixture + " differs from the Node recording");
    }

    static JsonNode read(String resource) {
        return TestWorld.read(resource);
    }
}
