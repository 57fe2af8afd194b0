package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.sandbox.json.MemoryJsonService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Memory a tick saves (issue #9: serialised in Java by {@code json.PlainJsonWriter} when it is plain data, by the
 * built-in {@code JSON.stringify} otherwise) is the text the built-in makes of the same Memory, which the player's code
 * computes at the end of its loop and logs. Each case also checks which of the two serialised it, from the engine's
 * {@link MemoryJsonService} counts: plain data in Java (400 levels deep too), anything with a {@code toJSON},
 * getter, hole, cycle, proxy, function, symbol, BigInt, class instance or wrapper object, or nested more than 10,000
 * deep, by the built-in.
 */
class MemorySerialiserTest {
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

    /**
     * Player code: on tick k, sets {@code Memory.v} to the k-th expression, then logs the built-in's text of Memory (or
     * its error). One module for all of them: a sandbox keeps the code it was made with.
     */
    private static String code(List<String> expressions) {
        StringBuilder code = new StringBuilder("const cases = [\n");
        for (String expression : expressions) {
            code.append("  () => (").append(expression).append("),\n");
        }
        return code.append("];\n")
                .append("module.exports.loop = function () {\n")
                .append("  Memory.v = cases[Game.time - 1]();\n")
                .append("  let text;\n")
                .append("  try { text = JSON.stringify(Memory); } catch (e) { text = 'error: ' + e.message; }\n")
                .append("  console.log(text);\n")
                .append("};\n").toString();
    }

    private enum Path { JAVA, BUILT_IN }

    /** Runs each expression's tick on one sandbox and checks the saved Memory and the path that made it. */
    private static void assertSavedAsTheBuiltInMakesIt(Path expected, List<String> expressions) {
        MemoryJsonService service = factory.memoryJson();
        List<String> failures = new ArrayList<>();
        String code = code(expressions);
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            long time = 1;
            for (String expression : expressions) {
                long written = service.written();
                long left = service.leftToBuiltIn();
                TickOutcome outcome = sandbox.runTick(PlayerSandboxTest.tick(code, time++, "", 500));
                if (outcome instanceof TickOutcome.Failed failed) {
                    // The built-in's error at the end of the tick (a cycle, a BigInt, nesting too deep for its
                    // recursion) fails the tick, as on Node.
                    if (expected == Path.JAVA || !(failed.message().startsWith("TypeError: ")
                            || failed.message().startsWith("RangeError: "))) {
                        failures.add(expression + ": the tick failed: " + failed.message());
                    }
                } else if (PlayerSandboxTest.completed(outcome) instanceof TickResult result
                        && !result.consoleLog().getFirst().message().equals(result.memory())) {
                    String logged = result.consoleLog().getFirst().message();
                    failures.add(expression + ": saved " + result.memory() + ", the built-in makes " + logged);
                }
                long javaDelta = service.written() - written;
                long builtInDelta = service.leftToBuiltIn() - left;
                if (expected == Path.JAVA ? javaDelta != 1 || builtInDelta != 0 : javaDelta != 0 || builtInDelta != 1) {
                    failures.add(expression + ": serialised in Java " + javaDelta + "x, left to the built-in "
                            + builtInDelta + "x; expected " + expected);
                }
                if (sandbox.needsReset()) {
                    failures.add(expression + ": the sandbox needs a reset");
                    break;
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void plainDataIsSerialisedInJavaAsTheBuiltInSerialisesIt() {
        assertSavedAsTheBuiltInMakesIt(Path.JAVA, List.of(
                "'a\"b\\\\c\\n\\t\\b\\f\\r\\u0001\\u001f\\u007f/ é ☃ 😀 \\ud800 x \\udfff \\udc00\\ud800 end\\ud83d'",
                "[0, -0, 1.5, -2.25, 1e21, 1e-7, 123456789012, 2 ** 53, 2 ** 53 + 2, -(2 ** 31), NaN, Infinity,"
                        + " -Infinity, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, -1e-300]",
                "{b: 1, 2: 2, 1: 3, a: undefined, c: null, d: true, e: false, 4294967295: 4, 4294967294: 5}",
                "[undefined, null, [], {}, [[[]]], [undefined]]",
                "{'a\\u0062': 1, 'q\"k': 2, '': 3, '\\\\': 4, '\\n': 5, '\\ud800': 6}",
                "Array.from({length: 50}, (_, i) => ({id: 'r' + i, room: 'W' + i + 'N1', x: i, seen: i * 1.5,"
                        + " hist: [i, i + 1, i % 3], note: 'x'.repeat(i)}))",
                "Object.assign(Object.create(null), {x: 1, y: {z: [2]}})",
                "(() => { const o = {a: 1, b: 2, c: 3}; delete o.b; o.d = 4; return o; })()",
                "(() => { const a = [1, 2]; a.extra = 5; return a; })()",
                "Object.defineProperty({a: 1}, 'hidden', {value: 2, enumerable: false})",
                "Object.freeze({a: Object.seal([1, 2]), b: Object.preventExtensions({c: 'd'})})",
                "[[1.5, 2.5], [1, 'a', 1.5, null, true], ['x', 'y'], [{}, {a: {}}]]",
                "'long ' + 'abcdefghij'.repeat(10000)",
                "['caf\\u00e9 \\u00ff \\u0080 \\u0001 \\u001f \"q\" \\\\ \\n', 'xxxxhello\"world'.slice(3),"
                        + " 'a,b\\tc'.split(',')[1], {'cl\\u00e9': 'v\\u00e8'}]",
                "[{k: 1, 'w\\u2603': 'x\\u00e9'}, {k: 'late'}, -1, -10, 2147483647, -2147483647 - 1, 10, 999999999]",
                "(() => { let o = 1; for (let i = 0; i < 100; i++) { o = i % 2 ? [o] : {k: o}; } return o; })()",
                "(() => { let o = 1; for (let i = 0; i < 400; i++) { o = i % 2 ? [o] : {k: o}; } return o; })()",
                "Object.setPrototypeOf([1, [2]], null)",
                "(() => { const shared = {s: 1}; return {a: shared, b: shared, c: [shared, shared]}; })()",
                "(() => { const a = []; for (let i = 0; i < 1000; i++) a.push(i % 7 ? i : -i / 4); return a; })()",
                "(() => { const o = {}; for (let i = 0; i < 300; i++) o['k' + i] = i; return o; })()",
                "(() => { const a = [1, 2, 3]; a.length = 2; a.pop(); return {a: a, s: 'x'.slice(0, 0)}; })()"));
    }

    @Test
    void memoryAScriptCouldSeeTheSerialisationOfIsLeftToTheBuiltIn() {
        assertSavedAsTheBuiltInMakesIt(Path.BUILT_IN, List.of(
                "{toJSON() { return 'custom'; }}",
                "{a: [1, {toJSON: () => 42}]}",
                "Object.defineProperty({}, 'toJSON', {value: () => 'hidden toJSON', enumerable: false})",
                "(() => { const a = [1, 2]; a.toJSON = () => 'array toJSON'; return a; })()",
                "[[1], [2], (() => { const a = [3]; a.toJSON = () => 'after plain arrays'; return a; })()]",
                "new Date(0)",
                "{get g() { return 1; }}",
                "[1, , 3]",
                "(() => { const a = [1, 2]; a.length = 4; return a; })()",
                "new Map([[1, 2]])",
                "{f: function () {}, g: 1}",
                "[function () {}]",
                "{s: Symbol('x'), t: 1}",
                "new (class Point { constructor() { this.x = 1; } })()",
                "new Proxy({a: 1}, {})",
                "[new Number(5), new String('s'), new Boolean(false)]",
                "new Uint8Array([1, 2])",
                "(() => { let o = 1; for (let i = 0; i < 10001; i++) { o = [o]; } return o; })()",
                "(() => { const o = {}; o.self = {o: o}; return o; })()",
                "{b: 10n}",
                "(() => { const p = Object.create({inherited: 1}); p.own = 2; return p; })()"));
    }

    @Test
    void aToJsonOnObjectPrototypeSendsEveryMemoryToTheBuiltIn() {
        assertSavedAsTheBuiltInMakesIt(Path.BUILT_IN, List.of(
                // Not enumerable, and the object itself for all but the marked ones: the engine's own objects
                // (intents) serialise as before.
                "(() => { Object.defineProperty(Object.prototype, 'toJSON', {configurable: true, writable: true,"
                        + " value: function () { return this.mark === 1 ? 'P' : this; }}); return {a: 1, b: {mark: 1}}; })()",
                "[{a: 1}, {mark: 1}]"));
    }

    @Test
    void theRecordedMemorysRecordsAreSerialisedInJavaAsTheBuiltInSerialisesThem() throws Exception {
        // The first 400 of the 3,200 records of memory.tick1.json's 499 KB Memory (the whole text takes more than the
        // 5 s backstop to parse on the test JVM's interpreter-only runtime); the bot's loop changes 50 a tick.
        var recorded = (com.fasterxml.jackson.databind.node.ObjectNode) PlayerSandboxTest.MAPPER.readTree(
                TestWorld.read("/conformance/memory.tick1.json").path("input").path("userMemory").path("data").asText());
        var records = (com.fasterxml.jackson.databind.node.ArrayNode) recorded.get("records");
        while (records.size() > 400) {
            records.remove(records.size() - 1);
        }
        String memory = PlayerSandboxTest.MAPPER.writeValueAsString(recorded);
        assertTrue(memory.length() > 50_000, "the recording's records");
        String code = """
                module.exports.loop = function () {
                  const m = Memory;
                  for (let i = 0; i < 50; i++) { const r = m.records[(Game.time * 50 + i) % m.records.length];
                    r.seen = Game.time; r.hist.push(Game.time % 97); if (r.hist.length > 8) r.hist.shift(); }
                  m.stats.ticks = (m.stats.ticks || 0) + 1;
                  console.log(JSON.stringify(Memory));
                };
                """;
        MemoryJsonService service = factory.memoryJson();
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            String text = memory;
            for (int t = 1; t <= 3; t++) {
                long written = service.written();
                TickResult result = PlayerSandboxTest.completed(
                        sandbox.runTick(PlayerSandboxTest.tick(code, t, text, 5_000)));
                assertEquals(result.consoleLog().getFirst().message(), result.memory(), "tick " + t);
                assertEquals(written + 1, service.written(), "tick " + t + " serialised in Java");
                assertTrue(!result.memory().equals(text), "tick " + t + " changed Memory");
                text = result.memory();
            }
        }
    }
}
