package dev.tickrunner.sandbox.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.TestWorld;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the probe scripts of issue #11 ({@code conformance/node-probes/src/<probe>/main.js}), recorded from the real
 * Node runner with {@code shared/reference-runner} ({@code harness/bench.js dir:<probe> 3}; a second Node recording was
 * identical): each asks player-visible questions about the JavaScript environment and prints the answers, so every
 * tick's output must be identical to Node's, key for key.
 *
 * <ul>
 *   <li>{@code es-builtins}: Node 20's ECMAScript level, no newer built-ins and no extra globals;</li>
 *   <li>{@code v8-error-api}: {@code Error.captureStackTrace} and {@code Error.stackTraceLimit};</li>
 *   <li>{@code promise-timing}: promise callbacks run after the tick's output was collected;</li>
 *   <li>{@code inter-shard-memory}: no {@code InterShardMemory} unless the operator turns it on;</li>
 *   <li>{@code heap-statistics}: V8's fields and limit in {@code Game.cpu.getHeapStatistics()};</li>
 *   <li>{@code number-radix}: V8's digits for {@code Number.prototype.toString(radix)};</li>
 *   <li>{@code terrain-out-of-range}: terrain lookups and positions outside a room's 50×50 (already identical: it
 *       pins what the live shard's simplebots rely on near room edges).</li>
 * </ul>
 * And what issue #11 found identical and must stay so (each was identical when added):
 * <ul>
 *   <li>{@code require-rules}: {@code ./} paths, dotted and {@code $SLASH$} module names, a cycle, missing and throwing
 *       modules (twice: nothing cached), lodash, {@code require.cache};</li>
 *   <li>{@code map-pathfinder}: {@code Game.map}, {@code Room.Terrain}, {@code PathFinder.search},
 *       {@code CostMatrix}, {@code findPathTo}, path serialisation, {@code RoomPosition};</li>
 *   <li>{@code market-segments-memory}: {@code Game.market} without a market, memory segments and their errors,
 *       emoji, NUL, empty, numeric and lone-surrogate Memory keys and values, numbers in Memory;</li>
 *   <li>{@code intl-date-regexp}: {@code Date}, {@code Intl} (number, date, collator, plural rules, time zone),
 *       {@code localeCompare}, typed arrays, no {@code structuredClone} (a Node global the isolate lacks), RegExp
 *       named groups, look-behind, {@code \p{}} and the {@code s} flag.</li>
 * </ul>
 */
class RecordedProbeConformanceTest {
    private static final String PROBES = "/conformance/node-probes/";
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
    @ValueSource(strings = {"es-builtins.tick1", "es-builtins.tick3", "v8-error-api.tick1", "v8-error-api.tick3",
            "promise-timing.tick1", "promise-timing.tick3", "inter-shard-memory.tick1", "inter-shard-memory.tick3",
            "heap-statistics.tick1", "heap-statistics.tick3", "number-radix.tick1", "number-radix.tick3",
            "terrain-out-of-range.tick1", "terrain-out-of-range.tick3", "require-rules.tick1", "require-rules.tick3",
            "map-pathfinder.tick1", "map-pathfinder.tick3", "market-segments-memory.tick1",
            "market-segments-memory.tick3", "intl-date-regexp.tick1", "intl-date-regexp.tick3"})
    void probeOutputIsIdenticalToNode(String fixture) {
        ObjectNode actual = RecordedErrorConformanceTest.replay(factory, PROBES, fixture);
        ObjectNode expected = RecordedErrorConformanceTest.expected(PROBES, fixture);
        assertEquals(expected.path("console").path("log").toString().replace("},{", "},\n{"),
                actual.path("console").path("log").toString().replace("},{", "},\n{"), fixture + ": console lines");
        assertEquals(List.of(), RecordedErrorConformanceTest.differences(expected, actual, false), fixture);
    }
}
