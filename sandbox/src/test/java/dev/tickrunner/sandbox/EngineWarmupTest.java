package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.TickResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's engine warm-up: the bundled bots run on scratch sandboxes and leave nothing behind. */
class EngineWarmupTest {

    @Test
    void bundledBotsRunWithoutFailingAndTheScratchUserKeepsNoFailures() {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            EngineWarmup.Report report = new EngineWarmup(factory).run(Duration.ofSeconds(30));
            assertTrue(report.ticks() >= 3, "every bundled bot ran at least once: " + report);
            // A tick may pass the CPU limit on a slow host without the JIT (seen: a 1.1 s first tick on 2 busy cores);
            // anything else is a broken bundled bot or runtime.
            assertEquals(0, report.errors(), "a bundled bot failed other than by a timeout: " + report);
            assertTrue(report.sandboxes() >= 3, report::toString);
            // On the fallback runtime there is no compiler thread to wait for: it ends as soon as it may.
            assertTrue(report.settled(), report::toString);
            // The history keeps the scratch user's failed ticks and script errors: only those timeouts may be there.
            List<FailureRecord> notTimeouts = factory.failureHistory().of(EngineWarmup.WARMUP_USER).stream()
                    .filter(r -> !EngineWarmup.isTimeout(r.kind()) && !r.message().startsWith(PlayerMessages.SCRIPT_TIMED_OUT))
                    .toList();
            assertEquals(List.of(), notTimeouts, "failures other than timeouts recorded");
            assertTrue(report.parser().rounds() >= 1, "the parser warm-up came first: " + report);
        }
    }

    @Test
    void theMemoryBotSavesMoreMemoryThanTheMemoryParserLeavesToTheBuiltInAndReadsItBack() {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            EngineWarmup.Bot bot = EngineWarmup.bots(ScreepsPackages.bundled()).getLast();
            PlayerSandbox sandbox = factory.create(EngineWarmup.WARMUP_USER, bot.codeTimestamp());
            try {
                String memory = null;
                for (int tick = 1; tick <= 3; tick++) {
                    TickResult result = PlayerSandboxTest.completed(sandbox.runTick(bot.tick(tick, memory)));
                    memory = result.memory();
                }
                // memory-parser.js leaves text under 4,096 characters to the built-in JSON.parse: a smaller Memory
                // would warm nothing of it. Ticks 2 and 3 parsed it (ahead of the clock, then in the getter's path).
                assertTrue(memory.length() > 4096, "Memory of " + memory.length() + " characters");
                assertTrue(memory.contains("\\\"") && memory.contains("\\n"), "escaped strings: the unescape path");
                assertTrue(memory.contains("\"seen\":3"), "the third tick read and wrote it: " + memory.substring(0, 200));
            } finally {
                sandbox.close();
            }
        }
    }

    /**
     * The later-state room is only worth its warm-up time if the bundled bot takes its later paths there: the tower
     * repairs the damaged road, the builder builds a construction site, extensions are placed (room intents), the
     * upgrader upgrades, and the idle spawn creates the dead harvester again. The tutorial harvester meets the spawn
     * busy spawning.
     */
    @Test
    void inTheLaterRoomTheBundledBotTakesItsLaterGamePaths() throws Exception {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            List<EngineWarmup.Bot> bots = EngineWarmup.bots(ScreepsPackages.bundled());
            EngineWarmup.Bot bot = bots.stream()
                    .filter(b -> b.recording().scenario().endsWith("-later")
                            && b.recording().input().path("userCode").has("building"))
                    .findFirst().orElseThrow();
            assertTrue(bot.recording().input().path("user").path("gcl").asLong() > 0,
                    "the later room's user has upgraded a controller (GCL progress): " + bot.recording().input());
            PlayerSandbox sandbox = factory.create(EngineWarmup.WARMUP_USER, bot.codeTimestamp());
            try {
                TickResult result = PlayerSandboxTest.completed(sandbox.runTick(bot.tick(1, null)));
                var intents = result.intentsList();
                assertEquals("a00000000000011", intents.path("a00000000000010").path("repair").path("id").asText(),
                        "the tower repairs the road: " + intents);
                assertTrue(intents.path("a00000000000005").has("build"), "b1 builds: " + intents);
                assertTrue(intents.path("a00000000000003").has("upgradeController"), "u1 upgrades: " + intents);
                assertTrue(intents.path("room").path("createConstructionSite").size() > 0,
                        "extension sites placed: " + intents);
                assertEquals("h2", intents.path("333232744fc1cee").path("createCreep").path("name").asText(),
                        "the dead harvester's name is free, the spawn idle: " + intents);
            } finally {
                sandbox.close();
            }
            EngineWarmup.Bot harvester = bots.stream()
                    .filter(b -> b.recording().scenario().endsWith("-later-spawning")).findFirst().orElseThrow();
            PlayerSandbox other = factory.create(EngineWarmup.WARMUP_USER, harvester.codeTimestamp());
            try {
                TickResult result = PlayerSandboxTest.completed(other.runTick(harvester.tick(1, null)));
                assertTrue(result.consoleLog().stream().anyMatch(m -> m.message().matches("Spawning new harvester: "
                        + "Harvester\\d+ -> -4")), "spawnCreep: ERR_BUSY: " + result.consoleLog());
                assertTrue(result.visual().containsKey("W1N1"), "the spawning creep's role shown: " + result.visual());
            } finally {
                other.close();
            }
        }
    }

    @Test
    void theParserWarmUpParsesEveryBundledFileItNamesInEachRound() {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            long chars = SandboxFactory.PARSER_WARMUP_FILES.stream().map(ScreepsPackages.bundled()::read)
                    .mapToLong(String::length).sum();
            // A file that failed to parse (a shebang line, a syntax GraalJS refuses) would end the warm-up at round 0.
            SandboxFactory.ParserWarmup warmup = factory.warmParser(Duration.ofMinutes(1), 2);
            assertEquals(2, warmup.rounds(), warmup::toString);
            assertEquals(chars, warmup.chars());
            assertTrue(chars > 500_000, "about 650 KB of JavaScript: " + chars);
            assertEquals(0, factory.warmParser(Duration.ZERO, 5).rounds(), "a zero budget parses nothing");
        }
    }

    @Test
    void waitingPlayersEndTheWarmUpOnlyOnceEveryBotsNewSandboxAndFirstTickFitTheTickLimit() {
        double ready = EngineWarmup.READY_COLD_MS;
        assertTrue(EngineWarmup.readyForPlayers(new double[] {8, 90, ready}));
        assertFalse(EngineWarmup.readyForPlayers(new double[] {8, ready + 1, 30}), "one bot still cold");
        assertFalse(EngineWarmup.readyForPlayers(new double[] {8, Double.NaN, 30}), "one bot not run on a new sandbox yet");
        assertFalse(EngineWarmup.readyForPlayers(new double[] {6900, 902, 850}), "session 7's cold JVM on a slow host");
    }

    @Test
    void aZeroBudgetRunsNothing() {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            EngineWarmup.Report report = new EngineWarmup(factory).run(Duration.ZERO);
            assertEquals(0, report.ticks());
            assertEquals(0, report.sandboxes());
            assertEquals(0, report.parser().rounds());
        }
    }
}
