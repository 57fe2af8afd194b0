package dev.tickrunner.sandbox.pathfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickrunner.model.RoomTerrain;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.sandbox.TestWorld;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's path helpers built on {@code PathFinder.search} ({@code Room.findPath}, {@code RoomPosition.findPathTo},
 * {@code RoomPosition.findClosestByPath}, {@code Creep.moveTo}) work as player code in a real sandbox tick on the
 * recorded world (room W1N1 of the {@code harvester} recording, with its spawn, sources, controller, mineral and
 * creeps). The assertions are properties that follow from the engine's rules (steps adjacent and consistent with
 * their {@code dx}/{@code dy}/{@code direction}, never on a wall, ending on the target, a path into another room
 * stopping on the exit tile, the closest-by-path target having the cheaper path, {@code moveTo} recording a
 * {@code move} intent in the direction of the first step), checked against the recorded terrain.
 */
class EnginePathsInSandboxTest {
    private static final String PLAYER_CODE = """
            module.exports.loop = function () {
                const room = Game.rooms.W1N1;
                const log = (name, value) => console.log(JSON.stringify(Object.assign({name: name}, value)));
                const spawn = Game.spawns.Spawn1;
                const controller = room.controller;
                const mineral = room.find(FIND_MINERALS)[0];
                const sources = room.find(FIND_SOURCES);

                log('findPath', {from: spawn.pos, to: controller.pos, path: room.findPath(spawn.pos, controller.pos)});
                log('findPathSerialized', {from: spawn.pos, to: controller.pos,
                    path: room.findPath(spawn.pos, controller.pos),
                    serialized: room.findPath(spawn.pos, controller.pos, {serialize: true})});

                const h2 = Game.creeps.h2;
                log('findPathTo', {from: h2.pos, to: mineral.pos, path: h2.pos.findPathTo(mineral),
                    viaXY: h2.pos.findPathTo(mineral.pos.x, mineral.pos.y),
                    viaRoom: room.findPath(h2.pos, mineral.pos)});

                const north = new RoomPosition(25, 25, 'W1N2');
                log('findPathToOtherRoom', {from: spawn.pos, to: north, path: spawn.pos.findPathTo(north)});

                // Next to the wall block east of the first source: the source is nearer by range, (39,27) by path.
                const from = new RoomPosition(34, 27, 'W1N1');
                const behindWall = sources.find(s => s.pos.x === 30 && s.pos.y === 27).pos;
                const open = new RoomPosition(39, 27, 'W1N1');
                log('findClosestByPath', {from: from, targets: [behindWall, open],
                    closestAB: from.findClosestByPath([behindWall, open]),
                    closestBA: from.findClosestByPath([open, behindWall]),
                    closestByRange: from.findClosestByRange([behindWall, open]),
                    paths: [room.findPath(from, behindWall, {range: 1}), room.findPath(from, open, {range: 1})]});

                for (const [creepName, target] of [['h3', controller.pos], ['u2', mineral.pos]]) {
                    const creep = Game.creeps[creepName];
                    const path = creep.pos.findPathTo(target);
                    const rc = creep.moveTo(target);
                    log('moveTo', {creep: creepName, id: creep.id, from: creep.pos, to: target, path: path, rc: rc, OK: OK,
                        move: creep.memory._move});
                }
                const u1 = Game.creeps.u1;
                log('moveToOwnTile', {creep: 'u1', id: u1.id, rc: u1.moveTo(u1.pos), OK: OK});
            };
            """;

    private static final Map<String, JsonNode> CHECKS = new HashMap<>();
    private static final Map<String, JsonNode> MOVES = new HashMap<>();
    private static JsonNode intents;
    private static String terrainW1N1;
    private static SandboxTicks ticks;

    @BeforeAll
    static void runPlayerCode() {
        terrainW1N1 = TestWorld.recorded().terrain().stream().filter(r -> r.room().equals("W1N1"))
                .map(RoomTerrain::terrain).findFirst().orElseThrow();
        ticks = new SandboxTicks("/conformance/harvester.tick1.json");
        TickResult result = ticks.run(PLAYER_CODE);
        for (JsonNode line : SandboxTicks.jsonLines(result)) {
            if (line.get("name").asText().equals("moveTo")) {
                MOVES.put(line.get("creep").asText(), line);
            } else {
                CHECKS.put(line.get("name").asText(), line);
            }
        }
        intents = result.intents();
    }

    @AfterAll
    static void close() {
        ticks.close();
    }

    @Test
    void roomFindPathWalksAdjacentNonWallStepsFromTheOriginOntoTheTarget() {
        JsonNode check = CHECKS.get("findPath");
        assertWalkableStepPath(check.get("from"), check.get("path"), check.get("to"));
        JsonNode last = check.get("path").get(check.get("path").size() - 1);
        assertEquals(check.get("to").get("x").asInt(), last.get("x").asInt());
        assertEquals(check.get("to").get("y").asInt(), last.get("y").asInt());
    }

    @Test
    void roomFindPathSerializedIsTheSamePathAsASerializedString() {
        JsonNode check = CHECKS.get("findPathSerialized");
        JsonNode path = check.get("path");
        StringBuilder expected = new StringBuilder();
        JsonNode first = path.get(0);
        expected.append(String.format("%02d%02d", first.get("x").asInt(), first.get("y").asInt()));
        path.forEach(step -> expected.append(step.get("direction").asInt()));
        assertEquals(expected.toString(), check.get("serialized").asText());
    }

    @Test
    void roomPositionFindPathToIsRoomFindPathFromThatPosition() {
        JsonNode check = CHECKS.get("findPathTo");
        assertWalkableStepPath(check.get("from"), check.get("path"), check.get("to"));
        assertEquals(check.get("viaRoom"), check.get("path"));
        assertEquals(check.get("viaRoom"), check.get("viaXY"));
        JsonNode last = check.get("path").get(check.get("path").size() - 1);
        assertEquals(check.get("to").get("x").asInt(), last.get("x").asInt());
        assertEquals(check.get("to").get("y").asInt(), last.get("y").asInt());
    }

    @Test
    void findPathToAnotherRoomStopsOnTheExitTileOfTheOriginRoom() {
        JsonNode check = CHECKS.get("findPathToOtherRoom");
        JsonNode path = check.get("path");
        assertFalse(path.isEmpty(), "no path out of W1N1");
        assertWalkableStepPath(check.get("from"), path, null);
        JsonNode last = path.get(path.size() - 1);
        int x = last.get("x").asInt();
        int y = last.get("y").asInt();
        assertTrue(x == 0 || x == 49 || y == 0 || y == 49, "last step " + last + " is not an exit tile");
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode step = path.get(i);
            assertFalse(isExit(step.get("x").asInt(), step.get("y").asInt()), "the path continues past exit " + step);
        }
    }

    @Test
    void findClosestByPathPicksTheTargetWithTheCheaperPathNotTheNearerByRange() {
        JsonNode check = CHECKS.get("findClosestByPath");
        JsonNode from = check.get("from");
        JsonNode[] targets = {check.get("targets").get(0), check.get("targets").get(1)};
        long[] costs = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode path = check.get("paths").get(i);
            assertWalkableStepPath(from, path, null);
            JsonNode end = path.isEmpty() ? from : path.get(path.size() - 1);
            assertTrue(range(end, targets[i]) <= 1, "findPath with range 1 ends next to the target");
            costs[i] = pathCost(path);
        }
        assertNotEquals(costs[0], costs[1], "the two targets must be told apart by path cost");
        JsonNode cheaper = costs[0] < costs[1] ? targets[0] : targets[1];
        JsonNode nearer = range(from, targets[0]) < range(from, targets[1]) ? targets[0] : targets[1];
        assertNotEquals(cheaper, nearer, "test setup: the nearer-by-range target should have the dearer path");
        assertEquals(nearer, check.get("closestByRange"));
        assertEquals(cheaper, check.get("closestAB"));
        assertEquals(cheaper, check.get("closestBA"));
    }

    @Test
    void moveToReturnsOkAndRecordsAMoveIntentAlongTheFirstPathStep() {
        assertEquals(2, MOVES.size());
        for (JsonNode move : MOVES.values()) {
            assertEquals(move.get("OK").asInt(), move.get("rc").asInt(), move::toString);
            JsonNode path = move.get("path");
            assertWalkableStepPath(move.get("from"), path, move.get("to"));
            JsonNode first = path.get(0);
            int direction = first.get("direction").asInt();
            JsonNode intent = intents.path("W1N1").path(move.get("id").asText()).path("move");
            assertEquals(direction, intent.path("direction").asInt(), () -> "intents " + intents);
            JsonNode dest = move.get("move").get("dest");
            assertEquals(move.get("to").get("x"), dest.get("x"));
            assertEquals(move.get("to").get("y"), dest.get("y"));
            assertEquals(move.get("to").get("roomName"), dest.get("room"));
            String serialized = move.get("move").get("path").asText();
            assertEquals(String.format("%02d%02d", first.get("x").asInt(), first.get("y").asInt()),
                    serialized.substring(0, 4), "the cached path starts at the first step");
            assertEquals(path.size(), serialized.length() - 4, "the cached path has one direction per step");
        }
    }

    @Test
    void moveToTheControllerCachesThePathTheNodeRunnerRecordedForTheSameCreepAndTarget() throws Exception {
        JsonNode recorded = SandboxTicks.MAPPER.readTree(TestWorld.read("/conformance/harvester.tick1.json")
                .get("output").get("memory").asText()).get("creeps").get("h3").get("_move");
        JsonNode move = MOVES.get("h3").get("move");
        assertEquals(recorded.get("dest"), move.get("dest"), "the recording's h3 also moved to the controller");
        assertEquals(recorded.get("path"), move.get("path"));
        assertEquals(recorded.get("dest").get("x"), MOVES.get("h3").get("to").get("x"));
    }

    @Test
    void moveToTheCreepsOwnTileReturnsOkWithoutAMoveIntent() {
        JsonNode check = CHECKS.get("moveToOwnTile");
        assertEquals(check.get("OK").asInt(), check.get("rc").asInt());
        assertTrue(intents.path("W1N1").path(check.get("id").asText()).path("move").isMissingNode(),
                () -> "intents " + intents);
    }

    /**
     * Each step is in W1N1, one king move from the previous position, with {@code dx}, {@code dy} and
     * {@code direction} matching that move, and not on a wall, except that the last step may be {@code target}
     * itself (the engine appends the target to a path that ends next to it).
     */
    private void assertWalkableStepPath(JsonNode from, JsonNode path, JsonNode target) {
        assertNotNull(path);
        assertFalse(path.isEmpty(), "empty path from " + from);
        int x = from.get("x").asInt();
        int y = from.get("y").asInt();
        for (int i = 0; i < path.size(); i++) {
            JsonNode step = path.get(i);
            int sx = step.get("x").asInt();
            int sy = step.get("y").asInt();
            int dx = sx - x;
            int dy = sy - y;
            assertTrue(Math.max(Math.abs(dx), Math.abs(dy)) == 1, "step " + i + " " + step + " is not adjacent");
            assertEquals(dx, step.get("dx").asInt(), "dx of step " + i);
            assertEquals(dy, step.get("dy").asInt(), "dy of step " + i);
            assertEquals(direction(dx, dy), step.get("direction").asInt(), "direction of step " + i);
            boolean isTarget = i == path.size() - 1 && target != null
                    && sx == target.get("x").asInt() && sy == target.get("y").asInt();
            assertTrue(isTarget || !isWall(sx, sy), "step " + i + " " + step + " is on a wall");
            x = sx;
            y = sy;
        }
        if (target != null) {
            assertTrue(path.size() >= range(from, target), "a path cannot be shorter than the range");
        }
    }

    /** Screeps directions: TOP = 1, then clockwise to TOP_LEFT = 8. */
    private static int direction(int dx, int dy) {
        int[][] byDxDy = {{8, 7, 6}, {1, 0, 5}, {2, 3, 4}};
        return byDxDy[dx + 1][dy + 1];
    }

    private static boolean isWall(int x, int y) {
        return (terrainW1N1.charAt(y * 50 + x) - '0' & 1) != 0;
    }

    private static boolean isExit(int x, int y) {
        return x == 0 || x == 49 || y == 0 || y == 49;
    }

    /** The cost findClosestByPath searches with: plain 2, swamp 10 (no roads in this room). */
    private static long pathCost(JsonNode path) {
        long cost = 0;
        for (JsonNode step : path) {
            cost += terrainW1N1.charAt(step.get("y").asInt() * 50 + step.get("x").asInt()) == '2' ? 10 : 2;
        }
        return cost;
    }

    private static int range(JsonNode a, JsonNode b) {
        return Math.max(Math.abs(a.get("x").asInt() - b.get("x").asInt()),
                Math.abs(a.get("y").asInt() - b.get("y").asInt()));
    }
}
