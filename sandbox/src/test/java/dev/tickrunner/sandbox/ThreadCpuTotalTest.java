package dev.tickrunner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTotalTest {
    @Test
    void aThreadThatEndsKeepsItsCpuInTheTotal() {
        ThreadCpuTotal total = new ThreadCpuTotal();
        assertEquals(0, total.update(Map.of()));
        assertEquals(300, total.update(Map.of(1L, 100L, 2L, 200L)));
        // Thread 1 ended after its last reading; thread 3 is new.
        assertEquals(100 + 250 + 50, total.update(Map.of(2L, 250L, 3L, 50L)));
        // Every thread ended: the total stays.
        assertEquals(400, total.update(Map.of()));
        // A new thread adds to it.
        assertEquals(410, total.update(Map.of(4L, 10L)));
    }

    @Test
    void theTotalNeverGoesDown() {
        ThreadCpuTotal total = new ThreadCpuTotal();
        assertEquals(100, total.update(Map.of(7L, 100L)));
        // A reading below the last one of the same live thread (a clock that stepped back) does not lower it.
        assertEquals(100, total.update(Map.of(7L, 90L)));
        assertEquals(140, total.update(Map.of(7L, 140L)));
    }
}
