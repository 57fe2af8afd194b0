package dev.tickrunner.sandbox.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.TestWorld;
import dev.tickrunner.model.TickOutcome;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays ticks recorded from the real Node runner for failing and edge-case player code
 * ({@code conformance/node-errors}, recorded with shared/reference-runner; texts in NODE-ERROR-TEXTS.md).
 *
 * <p>Three families: outputs identical key for key; error ticks whose output is identical except that only the
 * first line of {@code error} is compared (the stack frames name the runtime's own code, {@code <isolated-vm>:15381}
 * in Node, and V8's inferred function names such as {@code module.exports.loop}); and ticks that fail without a
 * result ({@code {error}} only, Memory not saved). Not covered, known to differ: SyntaxError texts (GraalJS's
 * parser messages are not V8's) and V8's newer TypeError wording ("Cannot read properties of undefined").
 */
class RecordedErrorConformanceTest {
    private static final String ERRORS = "/conformance/node-errors/";
    static SandboxFactory factory;

    @BeforeAll
    static void startEngine() {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"console-and-visual.tick1", "console-and-visual.tick3", "no-loop.tick1", "no-loop.tick3",
            "throw-string.tick1", "throw-string.tick3", "raw-memory-limits.tick1", "raw-memory-limits.tick3"})
    void outputIsIdenticalToNode(String fixture) {
        ObjectNode actual = replay(fixture);
        assertEquals(List.of(), differences(expected(fixture), actual, false), fixture);
    }

    /** 350 ms at module level plus 350 ms in the loop stay under a 505 ms budget each: the tick is done. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu-budget-per-eval.tick1", "cpu-budget-per-eval.tick3"})
    void cpuBudgetIsPerModuleLoadAndPerLoopCallAsInNode(String fixture) {
        ObjectNode actual = replay(fixture);
        ObjectNode expected = expected(fixture);
        actual.remove("console");
        expected.remove("console"); // the console lines print measured CPU figures
        assertEquals(List.of(), differences(expected, actual, false), fixture);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"throw-in-loop.tick1", "throw-in-loop.tick3", "throw-in-module.tick1",
            "missing-module.tick1", "deep-recursion.tick1", "cpu-timeout.tick1", "cpu-timeout.tick3",
            "cpu-timeout-once.tick3", "cpu-timeout-in-require.tick1"})
    void errorTickKeepsNodeOutputAndErrorFirstLine(String fixture) {
        ObjectNode actual = replay(fixture);
        assertEquals(List.of(), differences(expected(fixture), actual, true), fixture);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"halt.tick1", "halt.tick3", "halt-caught.tick1", "segment-too-big.tick1"})
    void failedTickReportsOnlyTheNodeError(String fixture) {
        Recording first = first(fixture);
        List<TickReplayer.ReplayedTick> ticks = new TickReplayer(factory).replay(first, tickIndex(fixture));
        TickOutcome.Failed failed = assertInstanceOf(TickOutcome.Failed.class, ticks.getLast().outcome());
        assertEquals(expected(fixture).get("error").asText(), failed.message());
    }

    private static ObjectNode replay(String fixture) {
        return replay(factory, ERRORS, fixture);
    }

    private static Recording first(String fixture) {
        return first(ERRORS, fixture);
    }

    private static ObjectNode expected(String fixture) {
        return expected(ERRORS, fixture);
    }

    /**
     * Replays a recorded tick: the {@code <scenario>.tick1.json} of the fixture's folder, up to the fixture's tick.
     *
     * @param folder  the recordings' resource folder, e.g. {@code /conformance/node-errors/}
     * @param fixture {@code <scenario>.tick<k>}
     * @return the last replayed tick's output, in the recordings' shape
     */
    static ObjectNode replay(SandboxFactory factory, String folder, String fixture) {
        List<TickReplayer.ReplayedTick> ticks = new TickReplayer(factory).replay(first(folder, fixture),
                tickIndex(fixture));
        return new RecordedOutput(RecordedTickConformanceTest.MAPPER).of(ticks.getLast().outcome());
    }

    static Recording first(String folder, String fixture) {
        String scenario = fixture.substring(0, fixture.lastIndexOf(".tick"));
        return Recording.of(TestWorld.read(folder + scenario + ".tick1.json"));
    }

    static int tickIndex(String fixture) {
        return Integer.parseInt(fixture.substring(fixture.lastIndexOf(".tick") + 5));
    }

    /** @return the recorded {@code output} of the fixture */
    static ObjectNode expected(String folder, String fixture) {
        return (ObjectNode) TestWorld.read(folder + fixture + ".json").get("output");
    }

    static List<String> differences(ObjectNode expected, ObjectNode actual, boolean errorFirstLineOnly) {
        List<String> differences = new ArrayList<>();
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode want = expected.get(name);
            JsonNode got = actual.get(name);
            if (errorFirstLineOnly && name.equals("error") && got != null) {
                want = RecordedTickConformanceTest.MAPPER.getNodeFactory().textNode(firstLine(want.asText()));
                got = RecordedTickConformanceTest.MAPPER.getNodeFactory().textNode(firstLine(got.asText()));
            }
            if (!RecordingComparison.sameJson(want, got)) {
                differences.add(name + ": expected " + RecordingComparison.abbreviate(want) + " but was "
                        + RecordingComparison.abbreviate(got));
            }
        }
        actual.fieldNames().forEachRemaining(name -> {
            if (!expected.has(name)) {
                differences.add(name + ": not in the recording");
            }
        });
        return differences;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
