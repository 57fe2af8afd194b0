package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.sandbox.ResetReason;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.telemetry.MeterNames;
import dev.tickrunner.telemetry.MicrometerSandboxMetricsTracker;
import dev.tickrunner.telemetry.RunnerTelemetry;
import dev.tickrunner.telemetry.TelemetryConfig;
import dev.tickrunner.telemetry.TickEvent;
import dev.tickrunner.telemetry.WatchdogConfig;
import dev.tickrunner.telemetry.WatchdogDecision;
import dev.tickrunner.telemetry.WorkerStatus;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Meters, watchdog and runtime metrics bound to a coordinator, measured after real (fake-storage) tickets. */
class RunnerTelemetryTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final FakeShard shard = new FakeShard();
    private final List<WatchdogDecision> alerts = new CopyOnWriteArrayList<>();
    private final RunnerTelemetry telemetry = new RunnerTelemetry(new TelemetryConfig(TelemetryConfig.DEFAULT_METRICS_HOST, TelemetryConfig.NO_SERVER,
            WatchdogConfig.ofDefaults(), (InstantSource) () -> now));
    private final SandboxPool<PlayerSandbox> pool = FakeShard.pool(telemetry.sandboxTracker());
    private final RuntimeCoordinator coordinator = new RuntimeCoordinator(shard, shard, pool, shard, TickListener.NONE);
    private final MeterRegistry registry = telemetry.registry();

    RunnerTelemetryTest() {
        telemetry.bind(coordinator.events(), WorkerStatus.of(coordinator::isRunning, coordinator::workerThreads), pool,
                shard, true, alerts::add);
    }

    @AfterEach
    void close() {
        telemetry.close();
    }

    @Test
    void everyMeterIsRegisteredWithItsNameUnitAndTags() {
        shard.with("ok", FakeShard.Load.SKIPPED).with("bad", FakeShard.Load.READY);
        coordinator.runTicket(FakeShard.ticket("ok"));
        coordinator.runTicket(FakeShard.ticket("bad"));

        Timer skipped = registry.get(MeterNames.TICKS).tag(MeterNames.TAG_RESULT, "skipped").timer();
        Timer failed = registry.get(MeterNames.TICKS).tag(MeterNames.TAG_RESULT, "failed").timer();
        assertEquals(1, skipped.count());
        assertEquals(1, failed.count(), "a sandbox that cannot start is the runner's failure");
        for (String result : List.of("done", "error", "timeout", "failed", "skipped", "save_failed")) {
            assertNotNull(registry.find(MeterNames.TICKS).tag(MeterNames.TAG_RESULT, result).timer(), result);
        }
        assertEquals(1, registry.get(MeterNames.TICK_CPU).summary().count(), "only the tick that ran has CPU");
        assertEquals(MeterNames.UNIT_MILLISECONDS, registry.get(MeterNames.TICK_CPU).summary().getId().getBaseUnit());
        assertEquals("bytes", registry.get(MeterNames.TICK_ALLOCATION).summary().getId().getBaseUnit());
        assertEquals(2, registry.get(MeterNames.TICK_STAGE).tag(MeterNames.TAG_STAGE, MeterNames.STAGE_LOAD).timer().count());
        assertEquals(1, registry.get(MeterNames.TICK_STAGE).tag(MeterNames.TAG_STAGE, MeterNames.STAGE_RUN).timer().count());
        assertEquals(2, registry.get(MeterNames.TICK_STAGE).tag(MeterNames.TAG_STAGE, MeterNames.STAGE_SAVE).timer().count());
        assertEquals(2, registry.get(MeterNames.TICKETS).tag(MeterNames.TAG_RESULT, MeterNames.TICKET_DONE).counter().count());
        assertEquals(2, registry.get(MeterNames.STORAGE_CALLS).tags(MeterNames.TAG_OPERATION, MeterNames.OPERATION_SAVE,
                MeterNames.TAG_RESULT, MeterNames.CALL_SUCCESS).timer().count());
        assertEquals(7, registry.get(MeterNames.QUEUE_DEPTH).tag(MeterNames.TAG_QUEUE, MeterNames.QUEUE_PENDING).gauge().value());
        assertEquals(2, registry.get(MeterNames.QUEUE_DEPTH).tag(MeterNames.TAG_QUEUE, MeterNames.QUEUE_PROCESSING).gauge().value());
        assertEquals(1, registry.get(MeterNames.JIT_ACTIVE).gauge().value());
        assertEquals(0, registry.get(MeterNames.SANDBOXES).tag(MeterNames.TAG_STATE, MeterNames.STATE_IDLE).gauge().value());
        assertEquals(0, registry.get(MeterNames.SANDBOXES).tag(MeterNames.TAG_STATE, MeterNames.STATE_IN_USE).gauge().value());
        for (ResetReason reason : ResetReason.values()) {
            assertNotNull(registry.find(MeterNames.SANDBOX_RESETS).tag(MeterNames.TAG_REASON, MeterNames.tagValue(reason))
                    .counter(), reason.name());
        }
        assertNotNull(registry.find(MeterNames.SANDBOX_ACQUIRE).timer());
        assertTrue(registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream())
                .noneMatch(tag -> tag.getKey().equals("user") || tag.getKey().equals("userId")), "no user tag");
    }

    @Test
    void storageFaultsAreCountedAsFailedTicketsAndStorageErrors() {
        shard.with("down", FakeShard.Load.THROWS).with("unsaved", FakeShard.Load.READY);
        coordinator.runTicket(FakeShard.ticket("down"));
        shard.failSaves = true;
        coordinator.runTicket(FakeShard.ticket("unsaved"));
        assertEquals(2, registry.get(MeterNames.TICKETS).tag(MeterNames.TAG_RESULT, MeterNames.TICKET_FAILED).counter().count());
        // Issue #12: a load failure is a load failure, not a save failure.
        assertEquals(1, registry.get(MeterNames.TICKS).tag(MeterNames.TAG_RESULT, "load_failed").timer().count());
        assertEquals(1, registry.get(MeterNames.TICKS).tag(MeterNames.TAG_RESULT, "save_failed").timer().count());
        assertEquals(1, registry.get(MeterNames.STORAGE_CALLS).tags(MeterNames.TAG_OPERATION, MeterNames.OPERATION_LOAD,
                MeterNames.TAG_RESULT, MeterNames.CALL_ERROR).timer().count());
        assertEquals(1, registry.get(MeterNames.STORAGE_CALLS).tags(MeterNames.TAG_OPERATION, MeterNames.OPERATION_SAVE,
                MeterNames.TAG_RESULT, MeterNames.CALL_ERROR).timer().count());
    }

    @Test
    void watchdogAlertsAtTheThirdFailureAndThrottlesTheNextAlert() {
        shard.with("bad", FakeShard.Load.READY);
        for (int i = 0; i < 2; i++) {
            coordinator.runTicket(FakeShard.ticket("bad"));
        }
        assertTrue(alerts.isEmpty());
        assertEquals(2, telemetry.watchdog().consecutiveFailures("bad"));
        coordinator.runTicket(FakeShard.ticket("bad"));
        assertEquals(1, alerts.size());
        assertEquals(3, alerts.getFirst().consecutiveFailures());
        assertEquals(ResultTag.FAILED, alerts.getFirst().lastResult());
        assertEquals(1, registry.get(MeterNames.WATCHDOG_ALERTS).tag(MeterNames.TAG_RESULT, MeterNames.ALERT_RAISED)
                .counter().count());

        now = now.plus(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            coordinator.runTicket(FakeShard.ticket("bad"));
        }
        assertEquals(1, alerts.size(), "second alert within 10 min is throttled");
        assertEquals(1, registry.get(MeterNames.WATCHDOG_ALERTS).tag(MeterNames.TAG_RESULT, MeterNames.ALERT_THROTTLED)
                .counter().count());

        now = now.plus(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            coordinator.runTicket(FakeShard.ticket("bad"));
        }
        assertEquals(2, alerts.size(), "10 min after the first alert the next goes out");
    }

    @Test
    void runtimeMetricsListNoSandboxWhenNoneIsWarm() {
        assertEquals(List.of(), telemetry.runtimeMetrics().snapshot());
    }
}
