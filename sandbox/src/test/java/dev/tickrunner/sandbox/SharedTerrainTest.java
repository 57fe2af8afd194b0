package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static terrain is loaded once per process and shared read-only by every sandbox: players read it through the
 * engine's {@code Room.Terrain} as in Node, and no player can change what another one sees.
 */
class SharedTerrainTest {
    static SandboxFactory factory;
    static ObjectNode baseInput;

    @BeforeAll
    static void startEngine() {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
        baseInput = (ObjectNode) TestWorld.read("/conformance/empty.tick1.json").get("input");
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    static TickResult run(PlayerSandbox sandbox, String code) {
        ObjectNode payload = baseInput.deepCopy();
        payload.putObject("userCode").put("main", code);
        TickOutcome outcome = sandbox.runTick(new RuntimeData("17c332744f825c7", 1, 1, 500, 10000, payload));
        return assertInstanceOf(TickOutcome.Completed.class, outcome, () -> "tick failed: " + outcome).result();
    }

    @Test
    void terrainReadsMatchTheRecordedWorld() {
        String terrain = TestWorld.read("/conformance/terrain.json").get(0).get("terrain").asText();
        String room = TestWorld.read("/conformance/terrain.json").get(0).get("room").asText();
        String code = "module.exports.loop = function(){ const t = new Room.Terrain('" + room + "');"
                + " const raw = t.getRawBuffer(); console.log(raw.join('')); console.log(raw.constructor.name); }";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = run(sandbox, code);
            assertEquals(terrain, result.consoleLog().get(0).message());
            assertEquals("Uint8Array", result.consoleLog().get(1).message());
        }
    }

    @Test
    void onePlayerCannotChangeTheTerrainAnotherSees() {
        // getRawBuffer() hands the player a writable copy, as in Node; the shared views themselves reject writes.
        String vandal = "module.exports.loop = function(){ const copy = new Room.Terrain('W1N1').getRawBuffer();"
                + " copy[510] = 1; console.log(copy[510]);"
                + " const shared = Object.getPrototypeOf(Game.map.getRoomTerrain('W1N1'));"
                + " for (const room in Game.rooms) { try { Game.rooms[room].getTerrain().getRawBuffer().fill(1); } catch (e) {} } }";
        String reader = "module.exports.loop = function(){ console.log(new Room.Terrain('W1N1').get(10, 10)); }";
        try (PlayerSandbox first = factory.create("17c332744f825c7", 1);
             PlayerSandbox second = factory.create("17c332744f825c7", 1)) {
            String before = run(second, reader).consoleLog().getFirst().message();
            assertEquals("1", run(first, vandal).consoleLog().getFirst().message());
            try (PlayerSandbox third = factory.create("17c332744f825c7", 1)) {
                assertEquals(before, run(third, reader).consoleLog().getFirst().message());
            }
        }
    }
}
