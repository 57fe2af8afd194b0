package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Player-visible rules of one sandbox tick, each checked against the Node runner's behaviour. */
class PlayerSandboxTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static SandboxFactory factory;
    static ObjectNode baseInput;

    @BeforeAll
    static void startEngine() {
        factory = factoryForTicks();
    }

    /**
     * For the test classes that build their ticks with {@link #tick}: sets {@link #baseInput} to
     * {@code empty.tick1.json}'s runtime data and returns a factory on the recorded world with the default limits.
     */
    static SandboxFactory factoryForTicks() {
        baseInput = (ObjectNode) TestWorld.read("/conformance/empty.tick1.json").get("input");
        return new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    static RuntimeData tick(String mainCode, long time, String memory, double cpuLimitMs) {
        ObjectNode payload = baseInput.deepCopy();
        payload.putObject("userCode").put("main", mainCode);
        payload.put("time", time);
        ((ObjectNode) payload.get("userMemory")).put("data", memory);
        return new RuntimeData("17c332744f825c7", time, 1, cpuLimitMs, 10000, payload);
    }

    static TickResult completed(TickOutcome outcome) {
        return assertInstanceOf(TickOutcome.Completed.class, outcome, () -> "tick failed: " + outcome).result();
    }

    @Test
    void theRoomListTheHostLeavesOutIsTheLastTicksAndAChangedOneArrives() {
        // accessibleRooms crosses only when it changed (RuntimeDataJson); Game.map reads it on every tick.
        String code = "module.exports.loop = function () { console.log(Game.map.getRoomStatus('W1N1').status + ' '"
                + " + Game.map.getRoomStatus('W2N2').status); };";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            List<String> lines = new java.util.ArrayList<>();
            for (int t = 1; t <= 3; t++) {
                RuntimeData data = tick(code, t, "", 500);
                if (t == 3) {
                    data.payload().put("accessibleRooms", "[\"W1N1\"]");
                }
                lines.add(completed(sandbox.runTick(data)).consoleLog().getFirst().message());
            }
            assertEquals(List.of("normal normal", "normal normal", "normal closed"), lines);
        }
    }

    @Test
    void globalSurvivesBetweenTicksOfAWarmSandbox() {
        String code = "global.n = (global.n || 0) + 1; module.exports.loop = function() { console.log('n=' + global.n + ' t=' + Game.time); }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            completed(sandbox.runTick(tick(code, 1, "", 500)));
            TickResult second = completed(sandbox.runTick(tick(code, 2, "", 500)));
            assertEquals("n=1 t=2", second.consoleLog().getFirst().message());
        }
    }

    @Test
    void loopOverCpuLimitIsInterruptedKeepsMemoryAndNextTickRuns() {
        String code = "module.exports.loop = function() { Memory.t = Game.time; console.log('start'); if (Game.time === 1) { while (true) {} } }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickOutcome.Completed firstTick = assertInstanceOf(TickOutcome.Completed.class,
                    sandbox.runTick(tick(code, 1, "", 50)));
            TickResult first = firstTick.result();
            assertTrue(firstTick.threw() && firstTick.stoppedAtCpuLimit());
            assertTrue(first.error().startsWith("Script execution timed out."), first.error());
            assertEquals("{\"t\":1}", first.memory());
            assertEquals("start", first.consoleLog().getFirst().message());
            assertTrue(first.usedTimeMs() >= 50, "usedTime " + first.usedTimeMs());
            assertFalse(sandbox.needsReset());
            TickOutcome.Completed secondTick = assertInstanceOf(TickOutcome.Completed.class,
                    sandbox.runTick(tick(code, 2, first.memory(), 50)));
            TickResult second = secondTick.result();
            assertFalse(secondTick.threw());
            assertEquals("{\"t\":2}", second.memory());
        }
    }

    @Test
    void errorInLoopReachesConsoleWithModuleNameAndLine() {
        String code = "module.exports.loop = function() {\n  Memory.x = 1;\n  throw new Error('boom ' + Game.time);\n}";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickOutcome.Completed tick = assertInstanceOf(TickOutcome.Completed.class,
                    sandbox.runTick(tick(code, 7, "", 500)));
            TickResult result = tick.result();
            assertTrue(tick.threw() && !tick.stoppedAtCpuLimit());
            assertTrue(result.error().startsWith("Error: boom 7\n"), result.error());
            assertTrue(result.error().contains("(main:3:"), result.error());
            assertEquals("{\"x\":1}", result.memory());
        }
    }

    @Test
    void haltResetsTheGlobalWithNodeText() {
        String code = "module.exports.loop = function() { Memory.h = 1; try { Game.cpu.halt(); } catch (e) { Memory.caught = true; } }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickOutcome outcome = sandbox.runTick(tick(code, 1, "", 500));
            TickOutcome.Failed failure = assertInstanceOf(TickOutcome.Failed.class, outcome);
            assertEquals(TickOutcome.Failed.Kind.HALTED, failure.kind());
            assertEquals("CPU halted", failure.message());
            assertTrue(sandbox.needsReset());
        }
    }

    @Test
    void deepRecursionIsARangeErrorThePlayerCanCatch() {
        String code = "function f(n){ return f(n+1)+1; } module.exports.loop = function(){ try { f(0); } catch(e) { console.log(String(e), e instanceof RangeError); } }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = completed(sandbox.runTick(tick(code, 1, "", 500)));
            assertEquals("RangeError: Maximum call stack size exceeded true", result.consoleLog().getFirst().message());
        }
    }

    @Test
    void rawMemoryOver2MbFailsWithNodeText() {
        String code = "module.exports.loop = function(){ try { RawMemory.set('x'.repeat(2*1024*1024+1)); } catch(e) { console.log(String(e)); } try { RawMemory.set(5); } catch(e) { console.log(String(e)); } }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = completed(sandbox.runTick(tick(code, 1, "", 500)));
            assertEquals("Error: Raw memory length exceeded 2 MB limit", result.consoleLog().get(0).message());
            assertEquals("Error: Raw memory value is not a string", result.consoleLog().get(1).message());
        }
    }

    @Test
    void segmentOver100KbFailsTheTickWithNodeText() {
        String code = "module.exports.loop = function(){ RawMemory.segments[5] = 'x'.repeat(100*1024+1); }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickOutcome.Failed failure = assertInstanceOf(TickOutcome.Failed.class, sandbox.runTick(tick(code, 1, "", 500)));
            assertEquals("Memory segment #5 has exceeded 100 KB length limit", failure.message());
        }
    }

    @Test
    void segmentsAndPublicSegmentsAreReturned() {
        String code = "module.exports.loop = function(){ RawMemory.segments[3] = 'abc'; RawMemory.setActiveSegments([3]); RawMemory.setPublicSegments([3]); RawMemory.setDefaultPublicSegment(3); }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = completed(sandbox.runTick(tick(code, 1, "", 500)));
            assertEquals("abc", result.memorySegments().get(3));
            assertEquals(List.of(3), result.activeSegments());
            assertEquals("3", result.publicSegments());
            assertEquals(3, result.defaultPublicSegment().asInt());
        }
    }

    @Test
    void hostIsNotReachableFromPlayerCode() {
        String code = "module.exports.loop = function(){ console.log(typeof Java, typeof Polyglot, typeof load, typeof print, typeof Graal, typeof require('lodash'), typeof process); try { require('tickrunner:host'); } catch(e) { console.log(String(e)); } }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = completed(sandbox.runTick(tick(code, 1, "", 500)));
            assertEquals("undefined undefined undefined undefined undefined function undefined", result.consoleLog().get(0).message());
            assertEquals("Error: Unknown module 'tickrunner:host'", result.consoleLog().get(1).message());
        }
    }

    /** Issue #9: the code crosses into the context on a sandbox's first tick only; later ticks still have all of it. */
    @Test
    void aModuleRequiredOnlyOnALaterTickIsStillThere() {
        ObjectNode code = MAPPER.createObjectNode()
                .put("main", "module.exports.loop = function() { if (Game.time === 3) console.log(require('late').word); }")
                .put("late", "module.exports.word = 'here ' + Game.time;");
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            for (int time = 1; time <= 3; time++) {
                ObjectNode payload = tick("", time, "", 500).payload();
                payload.set("userCode", code);
                TickResult result = completed(sandbox.runTick(new RuntimeData("17c332744f825c7", time, 1, 500, 10000,
                        payload)));
                if (time == 3) {
                    assertEquals("here 3", result.consoleLog().getFirst().message());
                }
            }
        }
    }

    /** Issue #9: Memory crosses beside the runtime data's JSON; quotes, escapes and non-BMP text arrive unchanged. */
    @Test
    void memoryWithEscapesAndEmojiArrivesUnchanged() {
        String memory = "{\"q\":\"say \\\"hi\\\"\\n\",\"e\":\"\uD83D\uDE00 \\u0000 \u2028\"}";
        String code = "module.exports.loop = function() { console.log(RawMemory.get() === " + toJs(memory)
                + " ? 'same' : 'differs: ' + RawMemory.get()); Memory.t = 1; }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = completed(sandbox.runTick(tick(code, 1, memory, 500)));
            assertEquals("same", result.consoleLog().getFirst().message());
            assertTrue(result.memory().endsWith(",\"t\":1}"), result.memory());
        }
    }

    /**
     * Issue #9: whatever cuts off the runtime's preparation of a tick (game.init; here a setter the player put on
     * {@code Game} that never returns) discards the context: the next tick gets a fresh one.
     */
    @Test
    void aPreparationCutOffDiscardsTheContext() {
        String code = "module.exports.loop = function() { if (Game.time === 1) { const g = Game; "
                + "Object.defineProperty(global, 'Game', {configurable: true, get() { return g; }, set(v) { for (;;) {} }}); } }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            completed(sandbox.runTick(tick(code, 1, "", 500)));
            assertFalse(sandbox.needsReset());
            TickOutcome second = sandbox.runTick(tick(code, 2, "", 500));
            TickOutcome.Failed failed = assertInstanceOf(TickOutcome.Failed.class, second);
            assertTrue(failed.message().startsWith("Script execution timed out"), failed.message());
            assertTrue(sandbox.needsReset(), "a context whose preparation was cut off must not run another tick");
        }
    }

    /**
     * Issue #11: promise callbacks run after the tick's output was collected (as on Node), in the same call, under the
     * collect CPU budget: one that never ends is stopped there, fails the tick and costs the player the sandbox.
     */
    @Test
    void aPromiseCallbackThatNeverEndsIsStoppedAndTheSandboxReset() {
        String code = "module.exports.loop = function() { Memory.t = Game.time; "
                + "Promise.resolve().then(() => { for (;;) {} }); }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickOutcome.Failed failed = assertInstanceOf(TickOutcome.Failed.class,
                    sandbox.runTick(tick(code, 1, "", 50)));
            assertTrue(failed.message().startsWith("Script execution timed out"), failed.message());
            assertTrue(sandbox.needsReset(), "a context stopped in a promise callback must not run another tick");
        }
    }

    private static String toJs(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
