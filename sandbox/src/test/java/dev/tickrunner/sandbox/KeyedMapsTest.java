package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickResult;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * game.js's per-tick maps by object id, room name or object type ({@code register._objects}, populateRegister's maps,
 * {@code Game.creeps} and the like) start as GraalJS dictionary objects ({@code SandboxFactory.keyedMapsAsDictionaries})
 * so that their shape no longer follows the sequence of ids. The player must not be able to tell: the same keys in the
 * same order, index-like creep names first in ascending order as for any ordinary object, and the same lookups.
 */
class KeyedMapsTest {
    static SandboxFactory factory;
    static ObjectNode harvester;

    @BeforeAll
    static void startEngine() throws IOException {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
        harvester = (ObjectNode) TestWorld.read("/conformance/harvester.tick1.json").get("input");
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @Test
    void theBundledGameJsCreatesItsKeyedMapsAsDictionaries() {
        String gameJs = factory.trustedSource("@screeps/engine/src/game/game.js").getCharacters().toString();
        // 4 statements, the register's 3 maps, populateRegister's 15 and the Game object's 7.
        assertEquals(29, gameJs.split("driver\\.keyedMap\\(\\)", -1).length - 1, "keyed maps patched in game.js");
        org.junit.jupiter.api.Assertions.assertFalse(gameJs.contains("c[object.type]"), "the unread count by type");
        String another = ScreepsPackages.bundled().read("@screeps/engine/src/game/game.js")
                .replace("register.objectsByRoom = {};", "register.objectsByRoom = { };");
        assertEquals(another, SandboxFactory.keyedMapsAsDictionaries(another),
                "another engine's game.js (one statement written differently) is left as it is");
    }

    @Test
    void gameCreepsKeepsTheOrderAndLookupsOfAnOrdinaryObject() {
        // The recording's five creeps renamed so that two names are array indices: an ordinary object lists those
        // first, ascending, then the others in insertion order (the driver's roomObjects order).
        ObjectNode payload = harvester.deepCopy();
        List<String> names = List.of("h1", "20", "u1", "3", "b");
        for (int i = 0; i < names.size(); i++) {
            String id = "c0000000000000" + (i + 1);
            ((ObjectNode) payload.get("roomObjects").get(id)).put("name", names.get(i));
            ((ObjectNode) payload.get("userObjects").get(id)).put("name", names.get(i));
        }
        String code = "module.exports.loop = function () {"
                + " const forIn = []; for (const name in Game.creeps) forIn.push(name);"
                + " console.log(JSON.stringify([Object.keys(Game.creeps), forIn, Game.creeps['3'].id,"
                + " Game.getObjectById('c00000000000002').name, Object.keys(Game.spawns), Object.keys(Game.rooms),"
                + " Object.keys(Game.structures).length, Game.rooms.W1N1.find(FIND_MY_CREEPS).map(c => c.name),"
                + " Object.getPrototypeOf(Game.creeps) === Object.prototype, 'h1' in Game.creeps,"
                + " Game.creeps.nobody === undefined]));"
                + " };";
        payload.putObject("userCode").put("main", code);
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = PlayerSandboxTest.completed(sandbox.runTick(
                    new RuntimeData("17c332744f825c7", payload.get("time").asLong(), 1, 500, 10000, payload)));
            assertEquals("[[\"3\",\"20\",\"h1\",\"u1\",\"b\"],[\"3\",\"20\",\"h1\",\"u1\",\"b\"],\"c00000000000004\","
                    + "\"20\",[\"Spawn1\"],[\"W1N1\"],2,[\"h1\",\"20\",\"u1\",\"3\",\"b\"],true,true,true]",
                    result.consoleLog().get(0).message());
        }
    }
}
