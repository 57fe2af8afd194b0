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
 * The two engine hot spots tickrunner routes to equivalent code ({@code SandboxFactory.patched}). The engine copies
 * the game constants onto the player's global every tick ({@code game.js}: {@code _.extend(globals,
 * jsonParse(jsonStringify(C)))}); tickrunner makes the same assignments from compiled code instead. The player must
 * not be able to tell: the same values in the same key order on every tick, a fresh copy each tick, so a constant
 * the player changed is back on the next tick, and the same property writes on the global (a setter the player put
 * there is called, a read-only property stays as it is, silently).
 */
class ConstantsCopyTest {
    static SandboxFactory factory;
    static String constantsJson;
    static List<String> constantNames = new ArrayList<>();

    @BeforeAll
    static void startEngine() throws IOException {
        factory = PlayerSandboxTest.factoryForTicks();
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

    /**
     * utils.js builds every game object getter with a direct eval of a template; tickrunner builds the same code from
     * one shared source per name. What the player can see of a getter must be the same: its text and what it returns.
     */
    @Test
    void gameObjectGettersKeepTheirTextAndWork() {
        String utils = ScreepsPackages.bundled().read("@screeps/engine/src/utils.js");
        String template = utils.substring(utils.indexOf("eval(`") + 6, utils.indexOf("`);", utils.indexOf("eval(`")));
        String expected = template.replace("${name}", "hits");
        expected = expected.substring(expected.indexOf("get() {"), expected.indexOf("set: opts.canSet")).trim();
        expected = expected.substring(0, expected.length() - 1).trim(); // the comma after the getter
        String code = "module.exports.loop = function () { const d = Object.getOwnPropertyDescriptor(Structure.prototype, 'hits'); "
                + "console.log(d.get.toString()); console.log(String(d.enumerable) + ' ' + String(d.configurable) + ' ' "
                + "+ typeof d.set + ' ' + Game.spawns.Spawn1.hits + ' ' + Game.spawns.Spawn1.my); };";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            TickResult result = PlayerSandboxTest.completed(sandbox.runTick(PlayerSandboxTest.tick(code, 1, "", 500)));
            assertEquals(expected, result.consoleLog().get(0).message());
            assertEquals("true false undefined 5000 true", result.consoleLog().get(1).message());
        }
        String patchedUtils = factory.trustedSource("@screeps/engine/src/utils.js").getCharacters().toString();
        org.junit.jupiter.api.Assertions.assertFalse(patchedUtils.contains("eval(`"), "utils.js not patched");
    }

    @Test
    void theBundledGameJsIsPatchedToTheFastCopy() {
        String gameJs = factory.trustedSource("@screeps/engine/src/game/game.js").getCharacters().toString();
        org.junit.jupiter.api.Assertions.assertTrue(gameJs.contains(
                "driver.assignConstants(globals, C, _, jsonParse, jsonStringify);"), "game.js not patched");
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

    @Test
    void theCopyWritesTheGlobalAsLodashExtendDoes() {
        // Tick 1 puts a setter on one constant and makes another read-only; game.init's copy on tick 2 calls the
        // setter once (a plain assignment) and leaves the read-only one as it is, without an error (sloppy mode).
        String code = "module.exports.loop = function () {"
                + " if (Game.time === 1) { global.setterCalls = []; Object.defineProperty(global, 'ERR_BUSY', {"
                + "   configurable: true, get() { return -99; }, set(v) { global.setterCalls.push(v); } });"
                + "   Object.defineProperty(global, 'OK', {value: 5, writable: false, configurable: false}); }"
                + " console.log(JSON.stringify(global.setterCalls) + ' ' + ERR_BUSY + ' ' + OK + ' ' + ERR_NOT_OWNER); };";
        try (PlayerSandbox sandbox = factory.create("17c332744f825c7", 1)) {
            List<String> lines = new ArrayList<>();
            for (int time = 1; time <= 2; time++) {
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(PlayerSandboxTest.tick(code, time, "",
                        500)));
                lines.add(result.consoleLog().getFirst().message());
            }
            assertEquals(List.of("[] -99 5 -1", "[-4] -99 5 -1"), lines);
        }
    }
}
