package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The player's modules are parsed before the player's clock (issue #9, cold starts; issue #11 point 1): on a sandbox's
 * first tick every text module is parsed outside the CPU limit, and {@code require} runs that parse. What
 * {@code require} does for the player stays as in Node: a module that does not parse throws its SyntaxError on every
 * {@code require}, a module is run only when required, and its stack frames are named after it.
 */
class PlayerModulesTest {
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

    @Test
    void aLargeModulesParseIsNotChargedToTheModulesCpuBudget() {
        // About 4 MB of functions that are never called. GraalJS parses eagerly: on a JVM whose parser has not run much
        // (as here) the parse takes about a second, running the module a few tens of ms. Each module load gets
        // max(cpu + 5, 30) ms of CPU (runtime-driver.js evalCode): with the parse inside require, as before, this
        // tick was stopped at the CPU limit.
        StringBuilder big = new StringBuilder("module.exports.size = 60000;\nfunction neverCalled(table) {\n");
        for (int i = 0; i < 60_000; i++) {
            big.append("  table.push(function f").append(i).append("(a, b) { return a * ").append(i)
                    .append(" + (b || 0); });\n");
        }
        big.append("}\n");
        String main = "module.exports.loop = function () { console.log('size=' + require('big').size); };";
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            TickResult result = PlayerSandboxTest.completed(sandbox.runTick(tick(main, 1, 400, "big", big.toString())));
            assertEquals(null, result.error(), "the tick was stopped: " + result.error());
            assertEquals("size=60000", result.consoleLog().getFirst().message());
        }
    }

    /** What require throws for {@code module.exports = {;} (a string, as the driver's evalCode throws it). */
    private static final String SYNTAX_ERROR = "SyntaxError: bad:1:54 Expected ident but found ;";

    @Test
    void aModuleThatDoesNotParseThrowsItsSyntaxErrorOnEveryRequire() {
        String main = "module.exports.loop = function () { for (let i = 0; i < 2; i++) {"
                + " try { require('bad'); console.log('loaded'); } catch (e) { console.log(String(e).split('\\n')[0]); } }"
                + " console.log('ok=' + require('ok').v); };";
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            for (int t = 1; t <= 2; t++) {
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(
                        tick(main, t, 500, "bad", "module.exports = {;", "ok", "module.exports.v = 42;")));
                assertEquals(null, result.error());
                assertEquals(List.of(SYNTAX_ERROR, SYNTAX_ERROR, "ok=42"),
                        result.consoleLog().stream().map(dev.tickrunner.model.ConsoleMessage::message).toList(), "tick " + t);
            }
        }
    }

    @Test
    void aModuleRunsOnlyWhenRequiredAndItsFramesAreNamedAfterIt() {
        String main = "module.exports.loop = function () {"
                + " if (Game.time === 2) { try { require('thrower').go(); } catch (e) { console.log(e.stack.split('\\n')[1].trim()); } }"
                + " console.log('t=' + Game.time + ' loaded=' + ('thrower' in require.cache)); };";
        String thrower = "console.log('thrower runs');\nmodule.exports.go = function () {\n  throw new Error('x');\n};";
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            TickResult first = PlayerSandboxTest.completed(sandbox.runTick(tick(main, 1, 500, "thrower", thrower)));
            assertEquals(List.of("t=1 loaded=false"),
                    first.consoleLog().stream().map(dev.tickrunner.model.ConsoleMessage::message).toList());
            TickResult second = PlayerSandboxTest.completed(sandbox.runTick(tick(main, 2, 500, "thrower", thrower)));
            List<String> lines = second.consoleLog().stream().map(dev.tickrunner.model.ConsoleMessage::message).toList();
            assertEquals("thrower runs", lines.get(0));
            assertTrue(lines.get(1).startsWith("at ") && lines.get(1).contains("thrower:3:"), lines.get(1));
            assertEquals("t=2 loaded=true", lines.get(2));
        }
    }

    @Test
    void aModuleNestedTooDeeplyForTheParserFailsOnlyItsRequire() {
        String deep = "module.exports = " + "[".repeat(200_000) + "]".repeat(200_000) + ";";
        String main = "module.exports.loop = function () { try { require('deep'); console.log('loaded'); }"
                + " catch (e) { console.log('caught'); } console.log('t=' + Game.time); };";
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            for (int t = 1; t <= 2; t++) {
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(tick(main, t, 500, "deep", deep)));
                assertEquals(List.of("caught", "t=" + t),
                        result.consoleLog().stream().map(dev.tickrunner.model.ConsoleMessage::message).toList());
            }
        }
    }

    /** A tick of {@code main} plus the modules given as name, code pairs, with the CPU limit {@code cpuMs}. */
    private static RuntimeData tick(String main, long time, double cpuMs, String... modules) {
        RuntimeData base = PlayerSandboxTest.tick(main, time, "", cpuMs);
        ObjectNode code = (ObjectNode) base.payload().get("userCode");
        for (int i = 0; i < modules.length; i += 2) {
            code.put(modules[i], modules[i + 1]);
        }
        return base;
    }
}
