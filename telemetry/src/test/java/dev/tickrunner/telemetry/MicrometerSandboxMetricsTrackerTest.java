package dev.tickrunner.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.sandbox.ResetReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sandbox pool's timers and reset counters, fed directly (no pool, no runner). */
class MicrometerSandboxMetricsTrackerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void recordsPoolEventsAndCloseRemovesItsMeters() {
        MicrometerSandboxMetricsTracker tracker = new MicrometerSandboxMetricsTracker(registry);
        for (ResetReason reason : ResetReason.values()) {
            assertNotNull(registry.find(MeterNames.SANDBOX_RESETS).tag(MeterNames.TAG_REASON, MeterNames.tagValue(reason))
                    .counter(), reason.name());
        }
        tracker.recordAcquireNanos(TimeUnit.MILLISECONDS.toNanos(3));
        tracker.recordContextCreateMillis(40);
        tracker.recordReset(ResetReason.WATCHDOG);
        tracker.recordReset(ResetReason.IDLE);
        tracker.recordReset(ResetReason.IDLE);
        assertEquals(1, registry.get(MeterNames.SANDBOX_ACQUIRE).timer().count());
        assertEquals(3, registry.get(MeterNames.SANDBOX_ACQUIRE).timer().totalTime(TimeUnit.MILLISECONDS));
        assertEquals(40, registry.get(MeterNames.SANDBOX_CREATION).timer().totalTime(TimeUnit.MILLISECONDS));
        assertEquals(1, registry.get(MeterNames.SANDBOX_RESETS).tag(MeterNames.TAG_REASON, "watchdog").counter().count());
        assertEquals(2, registry.get(MeterNames.SANDBOX_RESETS).tag(MeterNames.TAG_REASON, "idle").counter().count());
        tracker.close();
        assertTrue(registry.getMeters().isEmpty(), "close() removes every meter: " + registry.getMeters());
    }
}
