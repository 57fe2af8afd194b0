package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runner's engine warm-up: the bundled bots run on scratch sandboxes and leave nothing behind. */
class EngineWarmupTest {

    @Test
    void bundledBotsRunWithoutFailingAndTheScratchUserKeepsNoFailures() {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            EngineWarmup.Report report = new EngineWarmup(factory).run(Duration.ofSeconds(30));
            assertTrue(report.ticks() >= 3, "every bundled bot ran at least once: " + report);
            assertEquals(0, report.failed(), "a bundled bot failed: " + report);
            assertTrue(report.sandboxes() >= 3, report::toString);
            // On the fallback runtime there is no compiler thread to wait for: it ends as soon as it may.
            assertTrue(report.settled(), report::toString);
            assertTrue(factory.failureHistory().of(EngineWarmup.WARMUP_USER).isEmpty(), "failures recorded");
        }
    }

    @Test
    void aZeroBudgetRunsNothing() {
        try (SandboxFactory factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.ofDefaults())) {
            EngineWarmup.Report report = new EngineWarmup(factory).run(Duration.ZERO);
            assertEquals(0, report.ticks());
            assertEquals(0, report.sandboxes());
        }
    }
}
