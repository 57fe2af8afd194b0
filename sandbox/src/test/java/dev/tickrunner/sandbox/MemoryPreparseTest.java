package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.TickResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Memory parsed before the player's clock (issue #9): after a tick that read {@code Memory}, the runtime parses the
 * next tick's Memory text before the clock starts, and game.js's {@code Memory} getter (patched to
 * {@code runtime-driver.js parseMemory}) hands that parse out. The player must not be able to tell but by the CPU:
 * a fresh object every tick, the null prototype, {@code RawMemory.set} before the first read, a replaced
 * {@code JSON.parse} and malformed text all behave as the getter's own {@code JSON.parse(RawMemory.get() || "{}")}.
 */
class MemoryPreparseTest {
    private static final String USER = "17c332744f825c7";
    static SandboxFactory factory;

    @BeforeAll
    static void startEngine() {
        factory = PlayerSandboxTest.factoryForTicks();
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @Test
    void theBundledGameJsMemoryGetterIsPatchedToParseMemory() {
        String gameJs = factory.trustedSource("@screeps/engine/src/game/game.js").getCharacters().toString();
        assertTrue(gameJs.contains("driver.parseMemory(runCodeCache[userId].memory)"), "game.js Memory getter not patched");
        assertTrue(!gameJs.contains("JSON.parse(runCodeCache[userId].memory.get()"), "the getter's own parse is left");
    }

    @Test
    void everyTickGetsAFreshMemoryWithANullPrototype() {
        // A reference kept from the last tick is a detached copy: writing to it changes neither this tick's Memory
        // nor what is saved, as on Node where each tick parses anew.
        String code = "module.exports.loop = function () {"
                + " if (global.kept) { global.kept.n = 999; }"
                + " console.log((global.kept === Memory) + ' ' + Memory.n + ' ' + (Object.getPrototypeOf(Memory) === null));"
                + " Memory.n = (Memory.n || 0) + 1; global.kept = Memory; };";
        List<String> logs = run(code, 4, "{\"n\":0}", null);
        assertEquals(List.of("false 0 true", "false 1 true", "false 2 true", "false 3 true"), logs);
    }

    @Test
    void rawMemorySetBeforeTheFirstReadIsWhatMemoryParses() {
        String code = "module.exports.loop = function () {"
                + " if (Game.time === 3) { RawMemory.set('{\"from\":\"set\"}'); }"
                + " console.log(JSON.stringify(Memory)); Memory.t = Game.time; };";
        assertEquals(List.of("{\"a\":1}", "{\"a\":1,\"t\":1}", "{\"from\":\"set\"}"), run(code, 3, "{\"a\":1}", null));
    }

    @Test
    void aJsonParseThePlayerReplacedIsCalledByTheGetter() {
        // Tick 1 reads Memory (so tick 2's is parsed ahead) and replaces JSON.parse; the getter must call the
        // player's function on tick 2, as game.js's JSON.parse(...) would.
        String code = "module.exports.loop = function () {"
                + " if (Game.time === 1) { console.log('n=' + Memory.n); const parse = JSON.parse;"
                + "   JSON.parse = function (text) { const v = parse(text); v.viaPlayer = true; return v; }; return; }"
                + " console.log('n=' + Memory.n + ' viaPlayer=' + Memory.viaPlayer); };";
        assertEquals(List.of("n=7", "n=7 viaPlayer=true"), run(code, 2, "{\"n\":7}", null));
    }

    @Test
    void malformedMemoryTextStillGivesTheGettersNull() {
        String code = "module.exports.loop = function () { console.log('null=' + (Memory === null)); };";
        assertEquals(List.of("null=false", "null=true"), run(code, 2, "{}", "{\"broken\": "));
    }

    @Test
    void aPromiseCallbackQueuedByTheLoopStillReadsThisTicksMemory() {
        // Promise callbacks run when the run call returns, after the output was collected: Memory is still there.
        String code = "module.exports.loop = function () { console.log('seen=' + global.seen); Memory.n = Game.time;"
                + " Promise.resolve().then(() => { global.seen = Memory.n; }); };";
        assertEquals(List.of("seen=undefined", "seen=1", "seen=2"), run(code, 3, "{}", null));
    }

    /**
     * Runs {@code ticks} ticks on one sandbox, feeding each tick the Memory the last one saved (tick 2's Memory is
     * {@code secondMemory} when that is not null); returns the first console line of each tick.
     */
    private static List<String> run(String code, int ticks, String memory, String secondMemory) {
        java.util.ArrayList<String> firstLines = new java.util.ArrayList<>();
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            String current = memory;
            for (int t = 1; t <= ticks; t++) {
                if (t == 2 && secondMemory != null) {
                    current = secondMemory;
                }
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(PlayerSandboxTest.tick(code, t, current, 500)));
                assertTrue(result.error() == null, () -> "tick error: " + result.error());
                firstLines.add(result.consoleLog().getFirst().message());
                current = result.memory();
            }
        }
        return firstLines;
    }
}
