package dev.tickrunner.sandbox.pathfinder;

import dev.tickrunner.pathfinder.GoldenQuery;
import dev.tickrunner.pathfinder.TerrainNotLoadedException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JS path: the driver's own lib/path-finder.js (with lodash) calling {@link PathFinderBinding} through
 * native-pathfinder.js, in a context built like the sandbox's ({@code SandboxPolicy.CONSTRAINED}).
 */
class PathFinderBindingTest {
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();
    private static Engine engine;
    private static Context context;
    private static Value nativeModule;
    private static Value harness;

    @BeforeAll
    static void setUp() throws IOException {
        engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStreamSink.INSTANCE).err(ERR).build();
        context = Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStreamSink.INSTANCE).err(ERR).build();
        Value modules = context.eval("js", "({})");
        modules.putMember("lodash", commonJs("screeps-packages/lodash/index.js"));
        modules.putMember("path-finder", commonJs("screeps-packages/@screeps/driver/lib/path-finder.js"));
        Value require = context.eval("js", """
                (function (modules) {
                    const cache = {};
                    return function require(name) {
                        if (!cache[name]) {
                            const module = {exports: {}};
                            cache[name] = module;
                            modules[name](module.exports, require, module, globalThis);
                        }
                        return cache[name].exports;
                    };
                })""").execute(modules);
        nativeModule = context.eval(PathFinderBinding.adapterSource())
                .execute(new PathFinderBinding(BindingGoldenFiles.WORLD));
        harness = context.eval(Source.create("js", resourceText("dev/tickrunner/sandbox/pathfinder/golden-harness.js")))
                .execute(require, nativeModule);
    }

    @AfterAll
    static void tearDown() {
        context.close();
        engine.close();
    }

    private static Value commonJs(String resource) throws IOException {
        return context.eval(Source.newBuilder("js", "(function (exports, require, module, global) {"
                + resourceText(resource) + "\n})", resource).build());
    }

    private static String resourceText(String resource) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                PathFinderBindingTest.class.getClassLoader().getResourceAsStream(resource), resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** 60 queries: every 10th, so every kind of query (flee, callbacks, blocked, trap, maxRooms...) appears. */
    static Stream<Named<Integer>> sample() {
        return IntStream.range(0, 60).map(i -> i * 10).boxed()
                .map(i -> Named.of("#" + i + " " + String.join(",", BindingGoldenFiles.QUERIES.get(i).tags()), i));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sample")
    void driverWrapperGivesNativeAnswer(int id) {
        assertEquals("", harness.getMember("run").execute(BindingGoldenFiles.RAW_QUERIES.get(id), 0).asString());
    }

    @Test
    void specialResultsAndMatrixViewsWithOffsetMatchNative() {
        List<String> failures = new ArrayList<>();
        for (GoldenQuery q : BindingGoldenFiles.QUERIES) {
            boolean special = q.tags().contains("origin-room-blocked") || q.tags().contains("matrix-trap")
                    || q.tags().contains("room-blocked") || q.tags().contains("maxRooms");
            if (special) {
                String diff = harness.getMember("run").execute(BindingGoldenFiles.RAW_QUERIES.get(q.id()), 3)
                        .asString();
                if (!diff.isEmpty()) {
                    failures.add(q.id() + ": " + diff);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void nativeModuleHasVersion11AndAcceptsDriverInit() {
        Value check = context.eval("js", """
                (function (native) {
                    const terrain = '0'.repeat(2500);
                    return native.version + ':' + typeof native.loadTerrain + ':' + native.loadTerrain([{room: {xx: 1, yy: 1}, bits: new Uint8Array(625)}]);
                })""");
        assertEquals("11:function:undefined", check.execute(nativeModule).asString());
    }

    @Test
    void nativeReturnsUndefinedMinusOneOrResultObject() {
        Value check = context.eval("js", """
                (function (native) {
                    const goal = [{range: 1, pos: {xx: 6325, yy: 6325}}];
                    const inRange = native.search({xx: 6325, yy: 6326}, goal, undefined, 1, 5, 16, 2000, 0xffffffff, false, 1.2);
                    const blocked = native.search({xx: 6320, yy: 6320}, goal, () => false, 1, 5, 16, 2000, 0xffffffff, false, 1.2);
                    const found = native.search({xx: 6320, yy: 6320}, goal, undefined, 1, 5, 16, 2000, 0xffffffff, false, 1.2);
                    return String(inRange) + '|' + blocked + '|' + Array.isArray(found.path) + ',' + Array.isArray(found.path[0])
                        + ',' + typeof found.ops + ',' + typeof found.cost + ',' + typeof found.incomplete;
                })""");
        assertEquals("undefined|-1|true,true,number,number,boolean", check.execute(nativeModule).asString());
    }

    @Test
    void callbackErrorReachesTheCallerAndTheNextSearchWorks() {
        Value check = context.eval("js", """
                (function (h) {
                    const from = new h.RoomPosition(10, 10, 'W5N5');
                    const to = new h.RoomPosition(20, 40, 'W5N4');
                    let message = 'no error';
                    try {
                        h.search(from, to, {roomCallback: () => { throw new Error('boom'); }});
                    } catch (e) {
                        message = e.message;
                    }
                    const after = h.search(from, to, {});
                    return message + '|' + after.incomplete + '|' + after.path.length;
                })""");
        assertEquals("boom|false|", check.execute(harness).asString().replaceAll("\\d+$", ""));
    }

    @Test
    void roomWithoutTerrainThrowsCouldNotLoadTerrainData() {
        Value check = context.eval("js", """
                (function (h) {
                    try {
                        h.search(new h.RoomPosition(10, 10, 'E20S20'), new h.RoomPosition(30, 30, 'E20S20'), {});
                        return 'no error';
                    } catch (e) {
                        return e.constructor.name + ': ' + e.message;
                    }
                })""");
        assertEquals("Error: " + TerrainNotLoadedException.MESSAGE, check.execute(harness).asString());
    }

    @Test
    void nestedSearchInsideRoomCallbackGivesTheSameAnswers() {
        Value check = context.eval("js", """
                (function (h) {
                    const from = new h.RoomPosition(10, 10, 'W5N5');
                    const to = new h.RoomPosition(20, 40, 'W4N4');
                    const plain = JSON.stringify(h.search(from, to, {}));
                    const inner = [];
                    const outer = JSON.stringify(h.search(from, to, {roomCallback: (roomName) => {
                        inner.push(JSON.stringify(h.search(from, to, {roomCallback: () => {
                            h.search(to, from, {}); // third level: an unpooled state
                        }})));
                    }}));
                    return (plain === outer) + ':' + inner.every(s => s === plain) + ':' + inner.length;
                })""");
        String answer = check.execute(harness).asString();
        assertEquals("true:true", answer.substring(0, answer.lastIndexOf(':')), answer);
    }

    @Test
    void oddNumbersNeverThrowJavaExceptions() {
        Value check = context.eval("js", """
                (function (native) {
                    const odd = [NaN, -1, 1e20, -Infinity, Infinity, 2.5, '7', null, undefined, {}, 4294967296 + 3];
                    let answers = 0;
                    for (const v of odd) {
                        const goal = [{range: v, pos: {xx: 6325, yy: 6330}}];
                        const r = native.search({xx: 6320, yy: 6320}, goal, undefined, v, v, v, v, v, v, v);
                        if (r === undefined || r === -1 || Array.isArray(r.path)) {
                            answers++;
                        }
                    }
                    return answers;
                })""");
        assertEquals(11, check.execute(nativeModule).asInt());
    }

    /** Discards output without being a lambda (the polyglot builder wants an OutputStream). */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
