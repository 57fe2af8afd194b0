package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.TickResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * memory-parser.js (issue #9): the {@code Memory} a player reads, parsed by tickrunner's parser in the getter or ahead
 * of the player's clock, is indistinguishable from the built-in {@code JSON.parse} of the same text, for the recorded
 * 500 KB Memory, for edge cases (escapes, {@code __proto__} and index keys, duplicate keys, numbers, deep nesting,
 * objects too large for a factory) and for malformed text; and a script's changes to the prototypes or to
 * {@code String.prototype} methods neither run during the parse nor change what it returns.
 *
 * <p>The player's code compares, on the player's side of the sandbox, {@code Memory} against its own
 * {@code JSON.parse(RawMemory.get() || "{}")} with the getter's null prototype: types, {@code Object.is} for numbers,
 * own keys in order, each property's descriptor, prototypes, extensibility.
 */
class MemoryParserTest {
    private static final String USER = "17c332744f825c7";
    static SandboxFactory factory;

    /** Player code: on ticks 3k+1 it leaves Memory alone, on 3k+2 it reads it in the getter, on 3k+3 preparsed. */
    private static final String COMPARE = """
            function same(a, b, path) {
              if (typeof a !== typeof b) return path + ': ' + typeof a + ' vs ' + typeof b;
              if (typeof a !== 'object' || a === null || b === null) {
                return Object.is(a, b) ? null : path + ': ' + String(a) + ' vs ' + String(b);
              }
              if (Array.isArray(a) !== Array.isArray(b)) return path + ': array vs not';
              if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return path + ': prototype';
              if (Object.isExtensible(a) !== Object.isExtensible(b)) return path + ': extensible';
              const ka = Reflect.ownKeys(a), kb = Reflect.ownKeys(b);
              if (ka.length !== kb.length) return path + ': ' + ka.length + ' keys vs ' + kb.length;
              for (let i = 0; i < ka.length; i++) {
                if (ka[i] !== kb[i]) return path + ': key ' + i + ' ' + String(ka[i]) + ' vs ' + String(kb[i]);
                const da = Object.getOwnPropertyDescriptor(a, ka[i]), db = Object.getOwnPropertyDescriptor(b, kb[i]);
                for (const f of ['writable', 'enumerable', 'configurable', 'get', 'set']) {
                  if (da[f] !== db[f]) return path + '.' + String(ka[i]) + ': ' + f;
                }
                if ('value' in da) {
                  const d = same(da.value, db.value, path + '.' + String(ka[i]));
                  if (d) return d;
                }
              }
              return null;
            }
            module.exports.loop = function () {
              if (Game.time % 3 === 1) { console.log('skipped'); return; }
              let expected;
              try {
                expected = JSON.parse(RawMemory.get() || '{}');
                expected.__proto__ = null;
              } catch (e) {
                expected = null;
              }
              const difference = same(Memory, expected, 'Memory');
              console.log(difference === null ? 'same' : 'differs at ' + difference);
            };
            """;

    @BeforeAll
    static void startEngine() {
        factory = PlayerSandboxTest.factoryForTicks();
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @Test
    void theRecordedMemoryOf500KbParsesAsTheBuiltInParsesIt() {
        String memory = TestWorld.read("/conformance/memory.tick1.json").path("input").path("userMemory")
                .path("data").asText();
        assertTrue(memory.length() > 400_000, "the recording's Memory text");
        assertEveryTextParsesAsTheBuiltIn(List.of(memory), 20_000);
    }

    @Test
    void edgeCasesParseAsTheBuiltInParsesThem() {
        StringBuilder manyKeys = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        manyKeys.append(",\"constructor\":1,\"__proto__\":{\"x\":1},\"toString\":2}");
        StringBuilder longArray = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            longArray.append(i == 0 ? "" : ",").append(i % 3 == 0 ? "\"s" + i + "\"" : Integer.toString(i * 7));
        }
        longArray.append("]");
        assertEveryTextParsesAsTheBuiltIn(List.of(
                "{\"__proto__\":{\"x\":1},\"a\":[1,2,{\"__proto__\":null}]}",
                "{\"a\":1,\"a\":2,\"b\":3,\"a\":4}",
                "{\"10\":1,\"2\":2,\"b\":3,\"0\":4,\"4294967295\":5,\"-1\":6,\"01\":7}",
                "{\"constructor\":1,\"toString\":{\"valueOf\":[]},\"hasOwnProperty\":null}",
                "[0,-0,1e5,1E-5,-1.5e+3,123456789,1234567890,-123456789,12345678901234567890,0.1,-0.0,1e400,-1e400,"
                        + "4294967295,2147483648,-2147483649,9007199254740993,5e-324]",
                "[\"a\\\"b\",\"\\\\\",\"\\/\",\"\\b\\f\\n\\r\\t\",\"\\u0041\\u00e9\\ud83d\\ude00\\ud800x\\uDFFF\","
                        + "\"plain é ☃ 😀\",\"\",\"\\\\\\\"\"]",
                "{\"a\\u0062\":1,\"c\\\"d\":2,\"e\":3,\"\":4,\"\\\\\":5}",
                " \n\t{ \"a\" : [ 1 , 2 ] , \"b\" : { } , \"c\" : [ ] , \"d\" : [ { } , [ ] ] }\r\n",
                "{\"a\":[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4},{\"y\":5,\"x\":6},{\"x\":7}],\"b\":{\"x\":{\"x\":{\"x\":{}}}}}",
                manyKeys.toString(), longArray.toString(),
                "true", "null", "\"text\"", "42", "[]", "{}",
                "{\"records\":[{\"id\":\"r0\",\"hist\":[1,2,3]},{\"id\":\"r1\",\"hist\":[1.5,\"a\",null,true,false]}]}"));
    }

    @Test
    void nestingDeeperThanTheParserTakesIsTheBuiltInsParseAndSavedAsItCame() {
        // 1,200 arrays deep: over the parser's 1,000, so the getter's result is the built-in's; compared by walking down
        // iteratively (the recursive comparison above runs out of stack this deep on the interpreter-only runtime).
        // The end-of-tick serialiser (json/PlainJsonWriter, no recursion) saves it as it came.
        String code = """
                function depth(v) { let d = 0; while (Array.isArray(v)) { v = v[0]; d++; } return d + ':' + v; }
                module.exports.loop = function () {
                  if (Game.time % 3 === 1) { console.log('skipped'); return; }
                  console.log(depth(Memory) + ' ' + depth(JSON.parse(RawMemory.get())));
                };
                """;
        String json = "[".repeat(1200) + "1" + "]".repeat(1200);
        List<String> lines = new ArrayList<>();
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            for (int t = 1; t <= 3; t++) {
                TickResult result = PlayerSandboxTest.completed(
                        sandbox.runTick(PlayerSandboxTest.tick(code, t, json + " ".repeat(4096), 2_000)));
                assertTrue(result.error() == null, () -> "tick error: " + result.error());
                lines.add(result.consoleLog().getFirst().message());
                if (t > 1) {
                    assertEquals(json, result.memory(), "tick " + t + "'s saved Memory");
                }
            }
        }
        assertEquals(List.of("skipped", "1200:1 1200:1", "1200:1 1200:1"), lines);
    }

    @Test
    void mapsWhoseKeysChangeFromTickToTickParseAsTheBuiltInParsesThem() {
        // A Memory.creeps-like map whose key sequence changes every few ticks (creeps spawn and die): the parser's key
        // trie meets sequences it has, sequences that branch off them and shorter ones, and its hot-key shortcut
        // misses; every parse must still be the built-in's.
        List<String> texts = new ArrayList<>();
        String[][] creepSets = {{"a1", "b2", "c3"}, {"a1", "b2", "c3"}, {"a1", "b2", "c3", "d4"}, {"b2", "c3", "d4"},
                {"a1", "b2", "c3"}, {"b2", "c3", "d4"}, {"b2", "c3", "d4"}, {"c3", "d4", "e5", "f6"}, {}, {"a1"}};
        for (String[] creeps : creepSets) {
            StringBuilder text = new StringBuilder("{\"creeps\":{");
            for (int i = 0; i < creeps.length; i++) {
                text.append(i == 0 ? "" : ",").append('"').append(creeps[i]).append("\":{\"role\":\"harvester\","
                        + "\"working\":").append(i % 2 == 0).append(",\"target\":").append(i).append('}');
            }
            texts.add(text.append("},\"tick\":").append(texts.size()).append('}').toString());
        }
        assertEveryTextParsesAsTheBuiltIn(texts);
    }

    @Test
    void malformedTextFailsInBothAsTheBuiltInFails() {
        assertEveryTextParsesAsTheBuiltIn(List.of("{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", "-", ".5", "+1",
                "\"\\x\"", "\"tab\there\"", "{\"a\":tru}", "[1] x", "\uFEFF{}", "{\"a\":1", "[1,2", "\"open",
                "\"\\u12\"", "{\"a\\", "1e", "1e+", "--1", "[-]", "{\"a\":01}", "nul", "[1 2]", "{,}", "\"\\"));
    }

    @Test
    void aScriptsChangesToPrototypesAndStringMethodsDoNotRunDuringTheParse() {
        // Tick 1 installs a setter on Object.prototype and one for index 2 on Array.prototype (removed after the read)
        // and reads Memory in the getter; tick 2 reads the Memory parsed
        // ahead of its clock with that setter in place, then replaces String.prototype.charCodeAt; tick 3 reads the
        // Memory parsed with both. The traps count only while armed: from the end of one tick to the Memory read of
        // the next, and around the getter's read in tick 1.
        String code = """
                module.exports.loop = function () {
                  if (Game.time === 1) {
                    global.hits = 0;
                    Object.defineProperty(Object.prototype, 'seen', {configurable: true,
                      get() { return 'proto'; }, set(v) { if (global.armed) global.hits++; }});
                    // An array index on Array.prototype: each write of a new element 2 would call it. Outside the
                    // getter's read below it does what the write would have done, so that the engine runs as usual.
                    Object.defineProperty(Array.prototype, '2', {configurable: true, get() { return undefined; },
                      set(v) {
                        if (global.armed) { global.hits++; }
                        Object.defineProperty(this, '2', {value: v, writable: true, enumerable: true, configurable: true});
                      }});
                    global.armed = true;
                  }
                  const m = Memory;
                  global.armed = false;
                  delete Array.prototype[2];
                  const own = Object.getOwnPropertyDescriptor(m.records[0], 'seen');
                  console.log('hits=' + global.hits + ' seen=' + (own && own.value) + ' note=' + m.records[1].note
                      + ' hist=' + m.records[0].hist.join('/') + ' big=' + Object.keys(m.big).length
                      + ' long=' + m.long.length);
                  if (Game.time === 2) {
                    const charCodeAt = String.prototype.charCodeAt;
                    String.prototype.charCodeAt = function (i) {
                      if (global.armed) { global.hits++; }
                      return charCodeAt.call(this, i);
                    };
                  }
                  global.armed = true;
                };
                """;
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            big.append(i == 0 ? "" : ",").append("\"seen").append(i == 7 ? "" : Integer.toString(i)).append("\":").append(i);
        }
        big.append("}");
        String memory = "{\"records\":[{\"id\":\"r0\",\"seen\":5,\"hist\":[1,2,3]},{\"id\":\"r1\",\"seen\":6,"
                + "\"hist\":[],\"note\":\"a\\\"b\"}],\"big\":" + big
                + ",\"long\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]}" + " ".repeat(4096);
        List<String> lines = new ArrayList<>();
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            for (int t = 1; t <= 3; t++) {
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(PlayerSandboxTest.tick(code, t, memory, 500)));
                assertTrue(result.error() == null, () -> "tick error: " + result.error());
                lines.add(result.consoleLog().getFirst().message());
            }
        }
        String expected = "hits=0 seen=5 note=a\"b hist=1/2/3 big=40 long=20";
        assertEquals(List.of(expected, expected, expected), lines);
    }

    /** Runs each text through the getter's parse and the parse ahead of the clock; every tick must log "same". */
    private static void assertEveryTextParsesAsTheBuiltIn(List<String> texts) {
        // A CPU limit well above what a tick takes on the test JVM's interpreter-only runtime, on a loaded machine too.
        assertEveryTextParsesAsTheBuiltIn(texts, 2_000);
    }

    private static void assertEveryTextParsesAsTheBuiltIn(List<String> texts, double cpuLimitMs) {
        // memory-parser.js leaves text under 4,096 characters to the built-in: JSON's trailing whitespace makes each
        // text long enough for the parser under test, which must then skip it as JSON.parse does.
        texts = texts.stream().map(t -> t.length() >= 4096 ? t : t + " \n\t\r".repeat(1024)).toList();
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            long time = 1;
            for (String text : texts) {
                for (int step = 0; step < 3; step++, time++) {
                    TickResult result = PlayerSandboxTest.completed(
                            sandbox.runTick(PlayerSandboxTest.tick(COMPARE, time, text, cpuLimitMs)));
                    String where = (step == 1 ? "getter" : "ahead of the clock") + ", text "
                            + (text.length() > 80 ? text.substring(0, 80).strip() + "…" : text);
                    assertTrue(result.error() == null, () -> where + ": tick error: " + result.error());
                    String line = result.consoleLog().getFirst().message();
                    String expected = step == 0 ? "skipped" : "same";
                    assertEquals(expected, line, where);
                }
            }
        }
    }
}
