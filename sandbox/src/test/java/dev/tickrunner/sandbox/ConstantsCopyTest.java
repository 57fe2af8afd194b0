package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.model.TickResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine copies the game constants onto the player's global every tick ({@code game.js}: {@code _.extend(globals,
 * jsonParse(jsonStringify(C)))}); tickrunner makes that copy from a compiled object literal instead. The player must
 * not be able to tell: the same values in the same key order on every tick, and a fresh copy each tick, so a constant
 * the player changed is back on the next tick.
 */
class ConstantsCopyTest {
    static SandboxFactory factory;
    static String constantsJson;
    static List<String> constantNames = new ArrayList<>();

    @BeforeAll
    static void startEngine() throws IOException {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
        PlayerSandboxTest.baseInput = (com.fasterxml.jackson.databind.node.ObjectNode)
                TestWorld.read("/conformance/empty.tick1.json").get("input");
        // What Node puts on the global: JSON.parse(JSON.stringify(constants)), computed in a plain context.
        try (Context plain = Context.create("js")) {
            Value json = plain.eval("js", "(function (src) { const module = {exports: {}}; "
                    + "new Function('module', 'exports', src)(module, module.exports); "
                    + "return JSON.stringify(module.exports); })")
                    .execute(ScreepsPackages.bundled().read("@screeps/common/lib/constants.js"));
            constantsJson = json.asString();
        }
        new ObjectMapper().readTree(constantsJson).fieldNames().forEachRemaining(constantNames::add);
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @Test
    void theBundledGameJsIsPatchedToTheFastCopy() {
        String gameJs = factory.trustedSource("@screeps/engine/src/game/game.js").getCharacters().toString();
        org.junit.jupiter.api.Assertions.assertTrue(gameJs.contains(
                "_.extend(globals, driver.constantsCopy(C, jsonParse, jsonStringify));"), "game.js not patched");
    }

    @Test
    void everyTickSeesTheEngineConstantsFreshInTheirOrder() throws IOException {
        String names = new ObjectMapper().writeValueAsString(constantNames);
        String code = "module.exports.loop = function () { const o = {}; for (const k of " + names + ") o[k] = global[k]; "
                + "console.log(JSON.stringify(o)); BODYPART_COST.move = 999; REACTIONS.H.O = 'X'; global.OK = 7; };";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            for (int time = 1; time <= 3; time++) {
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(PlayerSandboxTest.tick(code, time, "",
                        500)));
                String seen = result.consoleLog().getFirst().message();
                assertEquals(constantsJson, seen, "tick " + time + ": the constants differ from Node's copy");
            }
        }
        JsonNode parsed = new ObjectMapper().readTree(constantsJson);
        assertEquals(50, parsed.get("BODYPART_COST").get("move").asInt(), "sanity: the expected copy is the original");
    }
}
