package dev.tickrunner.telemetry;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureWatchdogTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final List<WatchdogDecision> decisions = new ArrayList<>();
    private final FailureWatchdog watchdog = new FailureWatchdog(WatchdogConfig.ofDefaults(), clock, decisions::add);

    @Test
    void thirdConsecutiveFailureResetsAndAlerts() {
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "Internal error: boom"));
        watchdog.onEvent(finish("u1", ResultTag.TIMEOUT, "CPU limit reached"));
        assertTrue(decisions.isEmpty());
        assertEquals(2, watchdog.consecutiveFailures("u1"));
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "Internal error: boom"));
        assertEquals(1, decisions.size());
        WatchdogDecision decision = decisions.getFirst();
        assertEquals("u1", decision.userId());
        assertEquals(3, decision.consecutiveFailures());
        assertEquals("Internal error: boom", decision.lastError());
        assertEquals(ResultTag.FAILED, decision.lastResult());
        assertTrue(decision.alert());
        assertEquals(now, decision.decidedAt());
        assertEquals(0, watchdog.consecutiveFailures("u1"), "counting starts again after a reset");
    }

    @Test
    void doneTickClearsTheCount() {
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "e"));
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "e"));
        watchdog.onEvent(finish("u1", ResultTag.DONE, null));
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "e"));
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "e"));
        assertTrue(decisions.isEmpty());
        assertEquals(2, watchdog.consecutiveFailures("u1"));
    }

    @Test
    void aPlayersOwnExceptionIsNoSandboxFailureAndClearsTheCount() {
        watchdog.onEvent(finish("u1", ResultTag.TIMEOUT, "Script execution timed out."));
        watchdog.onEvent(finish("u1", ResultTag.TIMEOUT, "Script execution timed out."));
        watchdog.onEvent(finish("u1", ResultTag.ERROR, "Error: the bot's own bug"));
        assertEquals(0, watchdog.consecutiveFailures("u1"));
        for (int i = 0; i < 10; i++) {
            watchdog.onEvent(finish("u1", ResultTag.ERROR, "Error: the bot's own bug"));
        }
        assertTrue(decisions.isEmpty(), "a script that throws every tick keeps its global, as on Node");
    }

    @Test
    void skippedTicksAndStorageFaultsNeitherCountNorClear() {
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "e"));
        watchdog.onEvent(finish("u1", ResultTag.SKIPPED, "CPU bucket is empty"));
        watchdog.onEvent(finish("u1", ResultTag.SAVE_FAILED, "redis down"));
        watchdog.onEvent(finish("u1", ResultTag.FAILED, "e"));
        assertEquals(2, watchdog.consecutiveFailures("u1"));
        assertTrue(decisions.isEmpty());
    }

    @Test
    void alertsAboutOnePlayerAreThrottledButResetsAreNot() {
        failTimes("u1", 3);
        now = now.plus(Duration.ofMinutes(9));
        failTimes("u1", 3);
        assertEquals(2, decisions.size(), "the second reset happens");
        assertTrue(decisions.get(0).alert());
        assertFalse(decisions.get(1).alert(), "an alert 9 min after the last is throttled");
        now = now.plus(Duration.ofMinutes(1));
        failTimes("u1", 3);
        assertTrue(decisions.get(2).alert(), "10 min after the last alert another may go out");
    }

    @Test
    void throttlingIsPerPlayer() {
        failTimes("u1", 3);
        failTimes("u2", 3);
        assertTrue(decisions.get(0).alert());
        assertTrue(decisions.get(1).alert());
    }

    @Test
    void forgetExpiredAlertsDropsOnlyOldEntries() {
        failTimes("u1", 3);
        now = now.plus(Duration.ofMinutes(11));
        watchdog.forgetExpiredAlerts();
        failTimes("u1", 3);
        assertTrue(decisions.get(1).alert());
    }

    @Test
    void builderRejectsZeroFailureThreshold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchdogConfig.custom().failureThreshold(0).build());
        assertEquals("failureThreshold must be >= 1, was 0", e.getMessage());
    }

    @Test
    void builderRejectsNegativeAlertInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WatchdogConfig.custom().alertInterval(Duration.ofSeconds(-1)).build());
        assertEquals("alertInterval must be >= 0, was PT-1S", e.getMessage());
    }

    @Test
    void otherEventsAreIgnored() {
        watchdog.onEvent(new TickEvent.Start("u1"));
        watchdog.onEvent(new TickEvent.RunUser("u1"));
        assertNull(watchdog.decide(finish("u1", ResultTag.DONE, null)));
        assertEquals(0, watchdog.consecutiveFailures("u1"));
    }

    private void failTimes(String userId, int times) {
        for (int i = 0; i < times; i++) {
            watchdog.onEvent(finish(userId, ResultTag.FAILED, "e"));
        }
    }

    static TickEvent.Finish finish(String userId, ResultTag result, String error) {
        return new TickEvent.Finish(userId, 100, outcome(result, error), true, 5, 1024, 1_000, 2_000, 3_000);
    }

    /** @return an outcome of each tag as the runner produces it */
    static TickOutcome outcome(ResultTag tag, String error) {
        return switch (tag) {
            case DONE -> new TickOutcome.Completed(result(null), false, false);
            case ERROR -> new TickOutcome.Completed(result(error), true, false);
            case TIMEOUT -> new TickOutcome.Failed(TickOutcome.Failed.Kind.TIMEOUT, error, true);
            case FAILED -> new TickOutcome.Failed(TickOutcome.Failed.Kind.INTERNAL, error, true);
            case SKIPPED -> new TickOutcome.Skipped(TickOutcome.Skipped.Reason.CPU_GATE, error);
            case LOAD_FAILED -> new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.LOAD, error);
            case SAVE_FAILED -> new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.SAVE, error);
        };
    }

    private static TickResult result(String error) {
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        return new TickResult("u", error, empty, empty, 0, "{}", List.of(), List.of(), Map.of(), null, null, null,
                null, null, null, 1, 1, 1);
    }
}
