package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the retained heap is measured: every N ticks, and whenever the bound could pass the limit. */
class RetainedHeapGuardTest {
    private static final long MB = 1 << 20;

    @Test
    void aSteadyPlayerIsMeasuredEveryIntervalTicks() {
        RetainedHeapGuard guard = new RetainedHeapGuard(256 * MB, 10);
        guard.measured(10 * MB);
        guard.tickEnded(0);
        for (long tick = 1; tick < 10; tick++) {
            assertFalse(guard.due(tick, MB), "tick " + tick);
            guard.tickEnded(MB);
        }
        assertTrue(guard.due(10, MB));
    }

    @Test
    void allocationSinceTheLastMeasurementCountsTowardTheBound() {
        RetainedHeapGuard guard = new RetainedHeapGuard(256 * MB, 1000);
        guard.created(200 * MB);
        assertFalse(guard.due(1, 50 * MB));
        guard.tickEnded(50 * MB);
        assertTrue(guard.due(2, 7 * MB), "200 + 50 + 7 MB could pass 256 MB");
        guard.measured(20 * MB);
        guard.tickEnded(7 * MB);
        assertFalse(guard.due(3, 7 * MB), "a measurement resets the account");
    }

    @Test
    void aMeasurementBetweenTicksKeepsTheAccount() {
        RetainedHeapGuard guard = new RetainedHeapGuard(100, 1000);
        guard.tickEnded(60);
        guard.measuredBetweenTicks(30);
        assertEquals(30, guard.estimateBytes());
        assertTrue(guard.due(2, 20), "30 + 60 + 20 > 100");
        assertFalse(guard.exceeded());
        guard.measured(101);
        assertTrue(guard.exceeded());
    }

    @Test
    void rejectsANonsensicalConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new RetainedHeapGuard(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new RetainedHeapGuard(1, 0));
    }
}
