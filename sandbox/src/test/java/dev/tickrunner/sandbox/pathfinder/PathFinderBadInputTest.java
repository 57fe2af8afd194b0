package dev.tickrunner.sandbox.pathfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickrunner.model.TickResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code PathFinder.search}, as player code in a real sandbox tick, gives what the Node runner gives:
 * the errors the engine ({@code RoomPosition}), the driver's {@code lib/path-finder.js} ({@code Invalid room
 * position}, {@code Invalid room name}) and the native ({@code Could not load terrain data}) throw, the option
 * normalisation of the driver wrapper ({@code maxRooms} clamped to 64, {@code maxOps} at least 1), the engine's
 * early {@code {path: [], ops: 0}} for an empty goal, and the native's reading of whatever a {@code roomCallback}
 * returns (main.cc / pf.cc: {@code false} blocks the room; otherwise the driver passes {@code ret._bits}, and the
 * native uses it as the room's matrix iff it is an ArrayBufferView of exactly 2500 bytes, else terrain only). None of
 * these reach the player as a Java exception.
 *
 * <p>Where Node's native has no defined behaviour the sandbox chooses a safe one, named in the test:
 * a falsy non-undefined {@code roomCallback} ({@code null}, {@code false}, {@code 0}) is passed by the driver to the
 * native, which then calls a non-function through the V8 API; V8 throws a TypeError there, and so do we (the message
 * text is GraalJS's, not V8's).
 *
 * <p>Expected values come from those rules: each "same as" case is compared with the search the rule says it
 * equals, run in the same tick.
 */
class PathFinderBadInputTest {
    private static final String PLAYER_CODE = """
            const out = [];
            function check(name, fn) {
                const entry = {name: name};
                try {
                    entry.result = fn();
                } catch (e) {
                    entry.error = String(e);
                    entry.type = e && e.constructor && e.constructor.name;
                }
                out.push(entry);
            }
            const origin = new RoomPosition(25, 25, 'W1N1');
            const goal = new RoomPosition(30, 40, 'W1N1');
            const far = new RoomPosition(25, 25, 'W3N3');
            function search(from, to, options) {
                return PathFinder.search(from, to, options);
            }
            function withCallback(answer) {
                const calls = [];
                const result = PathFinder.search(origin, goal, {roomCallback: name => { calls.push(name); return answer(); }});
                return {result: result, calls: calls};
            }
            function bytes3(n, offset) {
                const buffer = new ArrayBuffer(n + (offset || 0));
                new Uint8Array(buffer).fill(3);
                return buffer;
            }
            function allThrees() {
                const matrix = new PathFinder.CostMatrix();
                for (let x = 0; x < 50; x++) for (let y = 0; y < 50; y++) matrix.set(x, y, 3);
                return matrix;
            }
            function loadedRooms(options) {
                const loaded = [];
                const result = PathFinder.search(origin, new RoomPosition(25, 25, 'W10N10'), Object.assign({
                    maxOps: 1000000,
                    roomCallback: name => {
                        if (name === 'W10N10') return false;
                        loaded.push(name);
                    }
                }, options));
                return {result: result, loaded: loaded};
            }
            module.exports.loop = function () {
                check('RoomPosition x=60', () => new RoomPosition(60, 10, 'W1N1'));
                check('RoomPosition W999N999', () => new RoomPosition(10, 10, 'W999N999'));
                check('RoomPosition xyz', () => new RoomPosition(10, 10, 'xyz'));
                check('origin x=60', () => search({x: 60, y: 1, roomName: 'W1N1'}, goal));
                check('origin y=-1', () => search({x: 5, y: -1, roomName: 'W1N1'}, goal));
                check('goal x=50', () => search(origin, {x: 50, y: 10, roomName: 'W1N1'}));
                check('goal pos y=50 in range goal', () => search(origin, {pos: {x: 10, y: 50, roomName: 'W1N1'}, range: 1}));
                check('origin W999N999', () => search({x: 10, y: 10, roomName: 'W999N999'}, goal));
                check('origin xyz', () => search({x: 10, y: 10, roomName: 'xyz'}, goal));
                check('origin w1n1', () => search({x: 10, y: 10, roomName: 'w1n1'}, goal));
                check('goal W128N0', () => search(origin, {x: 10, y: 10, roomName: 'W128N0'}));
                check('goal array with xyz', () => search(origin, [goal, {pos: {x: 1, y: 1, roomName: 'xyz'}, range: 2}]));
                check('origin E50S50', () => search(new RoomPosition(10, 10, 'E50S50'), new RoomPosition(20, 20, 'E50S50')));
                check('origin W127N127', () => search({x: 10, y: 10, roomName: 'W127N127'}, goal));
                check('RoomPosition W127N127 roomName', () => new RoomPosition(10, 10, 'W127N127').roomName);
                check('origin RoomPosition W127N127', () => search(new RoomPosition(10, 10, 'W127N127'), goal));
                check('origin E50S50 already at goal', () => search(new RoomPosition(10, 10, 'E50S50'), {pos: new RoomPosition(11, 11, 'E50S50'), range: 1}));
                check('goal []', () => search(origin, []));
                check('goal null', () => search(origin, null));
                check('goal undefined', () => search(origin, undefined));
                check('goal [] flee', () => search(origin, [], {flee: true}));
                check('goal without pos', () => search(origin, {range: 3}));
                check('range -3', () => search(origin, {pos: goal, range: -3}));
                check('range NaN', () => search(origin, {pos: goal, range: NaN}));
                check('range 0', () => search(origin, {pos: goal, range: 0}));
                check('range 2.9', () => search(origin, {pos: goal, range: 2.9}));
                check('range 2', () => search(origin, {pos: goal, range: 2}));

                check('maxOps -5', () => search(origin, far, {maxOps: -5}));
                check('maxOps 1', () => search(origin, far, {maxOps: 1}));
                check('maxOps 0', () => search(origin, far, {maxOps: 0}));
                check('maxOps abc', () => search(origin, far, {maxOps: 'abc'}));
                check('maxOps default', () => search(origin, far, {}));
                check('maxOps 2^32+5', () => search(origin, far, {maxOps: 4294967296 + 5}));
                check('maxOps 5', () => search(origin, far, {maxOps: 5}));
                check('maxRooms 100', () => loadedRooms({maxRooms: 100}));
                check('maxRooms 64', () => loadedRooms({maxRooms: 64}));
                check('maxRooms 65', () => loadedRooms({maxRooms: 65}));
                check('maxRooms default', () => loadedRooms({}));

                check('callback undefined', () => withCallback(() => undefined));
                check('callback number', () => withCallback(() => 5));
                check('callback zero', () => withCallback(() => 0));
                check('callback true', () => withCallback(() => true));
                check('callback string', () => withCallback(() => 'abc'));
                check('callback plain object', () => withCallback(() => ({})));
                check('callback _bits null', () => withCallback(() => ({_bits: null})));
                check('callback _bits 2499 bytes', () => withCallback(() => ({_bits: new Uint8Array(bytes3(2499))})));
                check('callback _bits 2501 bytes', () => withCallback(() => ({_bits: new Uint8Array(bytes3(2501))})));
                check('callback _bits Float64Array 2496 bytes', () => withCallback(() => ({_bits: new Float64Array(bytes3(2496))})));
                check('callback _bits plain array', () => withCallback(() => ({_bits: Array.from(new Uint8Array(bytes3(2500)))})));
                check('callback _bits ArrayBuffer', () => withCallback(() => ({_bits: bytes3(2500)})));
                check('callback _bits string', () => withCallback(() => ({_bits: '3'.repeat(2500)})));
                check('callback real matrix of 3', () => withCallback(() => allThrees()));
                check('callback _bits Uint8Array 2500', () => withCallback(() => ({_bits: new Uint8Array(bytes3(2500))})));
                check('callback _bits Int8Array 2500', () => withCallback(() => ({_bits: new Int8Array(bytes3(2500))})));
                check('callback _bits Uint16Array 1250', () => withCallback(() => ({_bits: new Uint16Array(bytes3(2500))})));
                check('callback _bits DataView 2500', () => withCallback(() => ({_bits: new DataView(bytes3(2500))})));
                check('callback _bits view at offset 4', () => withCallback(() => ({_bits: new Uint8Array(bytes3(2500, 4), 4, 2500)})));
                check('callback _bits getter throws', () => withCallback(() => ({get _bits() { throw new RangeError('bits'); }})));
                check('callback false', () => withCallback(() => false));

                check('roomCallback string', () => search(origin, goal, {roomCallback: 'abc'}));
                check('no roomCallback', () => search(origin, goal, {}));
                check('roomCallback null', () => search(origin, goal, {roomCallback: null}));
                check('roomCallback false', () => search(origin, goal, {roomCallback: false}));
                check('roomCallback 0', () => search(origin, goal, {roomCallback: 0}));
                check('after bad callbacks', () => search(origin, goal, {}));
                for (const entry of out) {
                    console.log(JSON.stringify(entry));
                }
            };
            """;

    private static final Map<String, JsonNode> CASES = new HashMap<>();
    private static SandboxTicks ticks;

    @BeforeAll
    static void runPlayerCode() {
        ticks = new SandboxTicks("/conformance/empty.tick1.json");
        TickResult result = ticks.run(PLAYER_CODE);
        for (JsonNode line : SandboxTicks.jsonLines(result)) {
            CASES.put(line.get("name").asText(), line);
        }
    }

    @AfterAll
    static void close() {
        ticks.close();
    }

    private static JsonNode result(String name) {
        JsonNode entry = CASES.get(name);
        assertNotNull(entry, "no entry " + name);
        assertNull(entry.get("error"), () -> name + " threw " + entry.get("error"));
        return entry.get("result");
    }

    private static void assertError(String expected, String name) {
        JsonNode entry = CASES.get(name);
        assertNotNull(entry, "no entry " + name);
        assertEquals(expected, entry.path("error").asText(null), () -> name + " gave " + entry);
    }

    @ParameterizedTest(name = "new RoomPosition with {0} throws the engine's constructor error")
    @ValueSource(strings = {"RoomPosition x=60", "RoomPosition W999N999", "RoomPosition xyz"})
    void roomPositionConstructorRejectsBadCoordinatesAndRoomNames(String name) {
        assertError("Error: Invalid arguments in RoomPosition constructor", name);
    }

    @ParameterizedTest(name = "{0}: the driver throws Invalid room position")
    @ValueSource(strings = {"origin x=60", "origin y=-1", "goal x=50", "goal pos y=50 in range goal"})
    void positionOutsideTheRoomIsAnInvalidRoomPosition(String name) {
        assertError("Error: Invalid room position", name);
    }

    @ParameterizedTest(name = "{0}: the driver throws Invalid room name")
    @ValueSource(strings = {"origin W999N999", "origin xyz", "origin w1n1", "goal W128N0", "goal array with xyz"})
    void malformedOrOutOfWorldRoomNameIsAnInvalidRoomName(String name) {
        assertError("Error: Invalid room name", name);
    }

    @ParameterizedTest(name = "{0}: the native throws Could not load terrain data")
    @ValueSource(strings = {"origin E50S50", "origin W127N127"})
    void wellFormedRoomWithoutTerrainCannotBeSearched(String name) {
        assertError("Error: Could not load terrain data", name);
    }

    /**
     * The engine packs W127N127 as room id 0, which its {@code roomName} getter reads back as {@code 'sim'} (rooms.js
     * {@code roomNames[0] = 'sim'}), so the driver sees the room name {@code sim}: the same happens in Node.
     */
    @Test
    void roomPositionInW127N127ReadsBackAsSimAndIsAnInvalidRoomNameForTheDriver() {
        assertEquals("sim", result("RoomPosition W127N127 roomName").asText());
        assertError("Error: Invalid room name", "origin RoomPosition W127N127");
    }

    @Test
    void originAlreadyInRangeNeedsNoTerrainAndGivesTheEmptyCompleteResult() {
        assertEquals("{\"path\":[],\"ops\":0,\"cost\":0,\"incomplete\":false}",
                result("origin E50S50 already at goal").toString());
    }

    @ParameterizedTest(name = "goal {0}: the engine returns path [] and ops 0 without calling the driver")
    @ValueSource(strings = {"goal []", "goal null", "goal undefined", "goal [] flee"})
    void emptyOrMissingGoalGivesPathAndOpsOnly(String name) {
        assertEquals("{\"path\":[],\"ops\":0}", result(name).toString());
    }

    /**
     * The driver reads {@code goal.pos.x} of a goal without {@code pos}. Node (V8) words the TypeError "Cannot read
     * properties of undefined (reading 'x')"; GraalJS says "Cannot read property 'x' of undefined".
     */
    @Test
    void goalWithoutPosIsATypeErrorFromTheDriverReadingUndefinedX() {
        JsonNode entry = CASES.get("goal without pos");
        assertEquals("TypeError", entry.path("type").asText(), entry::toString);
        String error = entry.path("error").asText();
        assertTrue(error.contains("'x'") && error.contains("undefined"), entry::toString);
    }

    @Test
    void goalRangeIsTruncatedAndNegativeOrNaNRangeMeansZero() {
        assertEquals(result("range 0"), result("range -3"));
        assertEquals(result("range 0"), result("range NaN"));
        assertEquals(result("range 2"), result("range 2.9"));
        assertNotEquals(result("range 0"), result("range 2"), "test setup: the range changes the path");
    }

    @Test
    void negativeMaxOpsIsRaisedToOne() {
        JsonNode minusFive = result("maxOps -5");
        assertEquals(result("maxOps 1"), minusFive);
        assertEquals(1, minusFive.get("ops").asInt());
        assertTrue(minusFive.get("incomplete").asBoolean());
        assertNotEquals(result("maxOps default"), minusFive);
    }

    @Test
    void zeroOrNonNumericMaxOpsMeansTheDefault2000AndHugeValuesWrapLikeInt32() {
        assertEquals(result("maxOps default"), result("maxOps 0"));
        assertEquals(result("maxOps default"), result("maxOps abc"));
        assertEquals(result("maxOps 5"), result("maxOps 2^32+5"));
        assertEquals(5, result("maxOps 5").get("ops").asInt());
    }

    @Test
    void maxRoomsAbove64IsClampedTo64() {
        JsonNode hundred = result("maxRooms 100");
        assertEquals(64, hundred.get("loaded").size(), "rooms loaded (the callback's non-false answers)");
        assertEquals(result("maxRooms 64"), hundred);
        assertEquals(result("maxRooms 65"), hundred);
        assertEquals(16, result("maxRooms default").get("loaded").size());
    }

    @ParameterizedTest(name = "roomCallback returning {0} means terrain only")
    @ValueSource(strings = {"number", "zero", "true", "string", "plain object", "_bits null", "_bits 2499 bytes",
            "_bits 2501 bytes", "_bits Float64Array 2496 bytes", "_bits plain array", "_bits ArrayBuffer",
            "_bits string"})
    void callbackValueThatIsNotA2500ByteViewMeansTerrainOnly(String what) {
        JsonNode terrainOnly = result("callback undefined");
        assertEquals(terrainOnly, result("callback " + what));
        assertNotEquals(result("callback real matrix of 3"), terrainOnly, "test setup: the matrix changes the path");
    }

    @ParameterizedTest(name = "roomCallback returning {0} is used as the room's cost matrix")
    @ValueSource(strings = {"_bits Uint8Array 2500", "_bits Int8Array 2500", "_bits Uint16Array 1250",
            "_bits DataView 2500", "_bits view at offset 4"})
    void anyArrayBufferViewOf2500BytesInBitsIsUsedAsTheMatrix(String what) {
        assertEquals(result("callback real matrix of 3"), result("callback " + what));
    }

    @Test
    void callbackReturningFalseForTheOriginRoomGivesTheBlockedResult() {
        JsonNode blocked = result("callback false");
        assertEquals("{\"path\":[],\"ops\":0,\"cost\":0,\"incomplete\":true}", blocked.get("result").toString());
        assertEquals(List.of("W1N1"), List.of(blocked.get("calls").get(0).asText()));
        assertEquals(1, blocked.get("calls").size());
    }

    @Test
    void errorThrownReadingBitsReachesThePlayerUnchanged() {
        assertError("RangeError: bits", "callback _bits getter throws");
    }

    @Test
    void roomCallbackThatIsATruthyNonFunctionIsIgnored() {
        assertEquals(result("no roomCallback"), result("roomCallback string"));
    }

    /**
     * The driver hands a falsy non-undefined {@code roomCallback} straight to the native, which calls it through the V8
     * API; V8 throws a TypeError for the non-callable. The sandbox throws a TypeError too (GraalJS wording), the
     * player can catch it, and the next search in the same tick works.
     */
    @ParameterizedTest(name = "roomCallback {0} is a catchable TypeError, as when Node's native calls a non-function")
    @ValueSource(strings = {"null", "false", "0"})
    void falsyNonUndefinedRoomCallbackIsACatchableTypeError(String value) {
        JsonNode entry = CASES.get("roomCallback " + value);
        assertEquals("TypeError", entry.path("type").asText(), entry::toString);
        assertEquals(result("no roomCallback"), result("after bad callbacks"));
    }

    @Test
    void noBadInputReachesThePlayerAsAJavaException() {
        for (JsonNode entry : CASES.values()) {
            String error = entry.path("error").asText("");
            assertTrue(!error.contains("java.") && !error.contains("Exception") && !error.contains("PathFinder failed"),
                    entry::toString);
        }
    }
}
