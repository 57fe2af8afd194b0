package dev.tickrunner.sandbox.pathfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.sandbox.TestWorld;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden {@code PathFinder.search} queries answered by player code inside a real {@code PlayerSandbox} tick: the whole
 * chain the Node runner uses (engine {@code PathFinder.search} → driver {@code lib/path-finder.js} → the driver's
 * {@code native} module, here the Java PathFinder) gives the native's path, ops, cost and incomplete flag, and calls
 * the player's {@code roomCallback} for the same rooms in the same order.
 *
 * <p>The player's {@code main} module holds the query table as a JSON literal (origin, goal, options, and the
 * callback's rooms with base64 matrix bytes). It decodes the bytes itself, builds each matrix with
 * {@code PathFinder.CostMatrix.deserialize} (even-numbered rooms of a query) or {@code new PathFinder.CostMatrix()} +
 * {@code set} (odd-numbered ones), builds {@code RoomPosition}s and {@code {pos, range}} goals as the record says,
 * passes {@code roomCallback: name => table[name]} (false for blocked rooms, undefined for unlisted ones) and logs
 * {@code JSON.stringify} of each result with the callback's room sequence. All sampled queries run in one tick.
 */
class PathFinderInSandboxTest {
    private static final List<JsonNode> GOLDEN = new ArrayList<>();
    private static final Map<Integer, JsonNode> LOGGED = new HashMap<>();
    private static SandboxTicks ticks;

    private static final String PLAYER_CODE = """
            const QUERIES = %s;
            const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
            function decodeBase64(text) {
                const clean = text.replace(/=+$/, '');
                const bytes = new Uint8Array(Math.floor(clean.length * 3 / 4));
                let bits = 0, acc = 0, out = 0;
                for (let i = 0; i < clean.length; i++) {
                    acc = (acc << 6) | B64.indexOf(clean[i]);
                    bits += 6;
                    if (bits >= 8) {
                        bits -= 8;
                        bytes[out++] = (acc >> bits) & 0xff;
                    }
                }
                return bytes;
            }
            function matrixOf(base64, viaDeserialize) {
                const bytes = decodeBase64(base64);
                if (viaDeserialize) {
                    return PathFinder.CostMatrix.deserialize(Array.from(new Uint32Array(bytes.buffer)));
                }
                const matrix = new PathFinder.CostMatrix();
                for (let x = 0; x < 50; x++) {
                    for (let y = 0; y < 50; y++) {
                        if (bytes[x * 50 + y] !== 0) {
                            matrix.set(x, y, bytes[x * 50 + y]);
                        }
                    }
                }
                return matrix;
            }
            function position(p) {
                return new RoomPosition(p.x, p.y, p.roomName);
            }
            function goalOf(g) {
                if (Array.isArray(g)) {
                    return g.map(goalOf);
                }
                return g.pos !== undefined ? {pos: position(g.pos), range: g.range} : position(g);
            }
            module.exports.loop = function () {
                for (const q of QUERIES) {
                    const options = {};
                    const calls = [];
                    for (const key of Object.keys(q.options)) {
                        if (key !== 'roomCallback') {
                            options[key] = q.options[key];
                        }
                    }
                    if (q.options.roomCallback) {
                        const table = {};
                        q.options.roomCallback.forEach((room, index) => {
                            table[room.roomName] = room.blocked ? false : matrixOf(room.matrix, index %% 2 === 0);
                        });
                        options.roomCallback = name => {
                            const answer = table[name];
                            calls.push({roomName: name, returned: answer === false ? 'false' : answer === undefined ? 'undefined' : 'matrix'});
                            return answer;
                        };
                    }
                    let result;
                    try {
                        result = PathFinder.search(position(q.origin), goalOf(q.goal), options);
                    } catch (e) {
                        result = {error: String(e)};
                    }
                    console.log(JSON.stringify({id: q.id, result: result, calls: calls}));
                }
            };
            """;

    @BeforeAll
    static void runSampleAsPlayerCode() {
        JsonNode queries = TestWorld.read("/conformance/pathfinder-public.json").get("queries");
        for (int id : sampleIds(queries)) {
            GOLDEN.add(queries.get(id));
        }
        ArrayNode table = SandboxTicks.MAPPER.createArrayNode();
        for (JsonNode q : GOLDEN) {
            ObjectNode entry = table.addObject();
            entry.set("id", q.get("id"));
            entry.set("origin", q.get("origin"));
            entry.set("goal", q.get("goal"));
            entry.set("options", q.get("options"));
        }
        ticks = new SandboxTicks("/conformance/empty.tick1.json");
        TickResult result = ticks.run(PLAYER_CODE.formatted(SandboxTicks.jsLiteral(table)));
        for (JsonNode line : SandboxTicks.jsonLines(result)) {
            LOGGED.put(line.get("id").asInt(), line);
        }
    }

    @AfterAll
    static void close() {
        ticks.close();
    }

    /**
     * Every 15th query (40), plus the first query of each tag the stride misses, so that same-room, multi-room,
     * flee, multi-goal, goals as bare positions and arrays, callbacks with blocked rooms and matrices, a blocked
     * origin room, maxRooms, maxCost, maxOps and heuristicWeight all appear.
     */
    static List<Integer> sampleIds(JsonNode queries) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (int id = 0; id < queries.size(); id += 15) {
            ids.add(id);
        }
        Set<String> covered = new TreeSet<>();
        ids.forEach(id -> queries.get(id).get("tags").forEach(t -> covered.add(t.asText())));
        for (JsonNode q : queries) {
            for (JsonNode tag : q.get("tags")) {
                if (covered.add(tag.asText())) {
                    ids.add(q.get("id").asInt());
                }
            }
        }
        return List.copyOf(ids);
    }

    static Stream<Named<JsonNode>> sample() {
        if (GOLDEN.isEmpty()) {
            JsonNode queries = TestWorld.read("/conformance/pathfinder-public.json").get("queries");
            return sampleIds(queries).stream().map(queries::get).map(PathFinderInSandboxTest::named);
        }
        return GOLDEN.stream().map(PathFinderInSandboxTest::named);
    }

    private static Named<JsonNode> named(JsonNode q) {
        List<String> tags = new ArrayList<>();
        q.get("tags").forEach(t -> tags.add(t.asText()));
        return Named.of("query #" + q.get("id").asInt() + " (" + String.join(", ", tags) + ")", q);
    }

    @Test
    void theSampleCoversEveryKindOfQueryTheGoldenFileHas() {
        Set<String> all = new TreeSet<>();
        TestWorld.read("/conformance/pathfinder-public.json").get("queries")
                .forEach(q -> q.get("tags").forEach(t -> all.add(t.asText())));
        Set<String> sampled = new TreeSet<>();
        GOLDEN.forEach(q -> q.get("tags").forEach(t -> sampled.add(t.asText())));
        assertEquals(all, sampled);
        assertEquals(GOLDEN.size(), LOGGED.size(), "one console line per query");
    }

    @ParameterizedTest(name = "{0} gives the native's path, ops, cost, incomplete and callback rooms")
    @MethodSource("sample")
    void playerCodeGetsTheNativeAnswer(JsonNode golden) {
        JsonNode logged = LOGGED.get(golden.get("id").asInt());
        assertNotNull(logged, "no console line for this query");
        JsonNode result = logged.get("result");
        assertEquals(null, result.get("error"), () -> "PathFinder.search threw " + result.get("error"));
        JsonNode expected = golden.get("result");
        assertEquals(positions(expected.get("path")), positions(result.get("path")), "path");
        assertEquals(expected.get("ops").asLong(), result.get("ops").asLong(), "ops");
        assertEquals(expected.get("cost").asLong(), result.get("cost").asLong(), "cost");
        assertEquals(expected.get("incomplete").asBoolean(), result.get("incomplete").asBoolean(), "incomplete");
        assertEquals(Set.of("path", "ops", "cost", "incomplete"), fieldNames(result), "result keys");
        JsonNode calls = golden.has("roomCallbackCalls") ? golden.get("roomCallbackCalls")
                : SandboxTicks.MAPPER.createArrayNode();
        assertEquals(calls, logged.get("calls"), "roomCallback calls (room and what the table returned), in order");
    }

    private static List<String> positions(JsonNode path) {
        List<String> out = new ArrayList<>();
        path.forEach(p -> out.add(p.get("roomName").asText() + " " + p.get("x").asInt() + "," + p.get("y").asInt()));
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
