package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void defaultsAreThoseOfScreepsmodMongoAndTheEngine() {
        StorageConfig c = StorageConfig.ofDefaults();
        assertEquals("mongodb://localhost:27017/screeps", c.effectiveMongoUri());
        assertEquals(6379, c.redisPort());
        assertEquals(0, c.redisDatabase());
        assertEquals(500, c.cpuMaxPerTick());
        assertEquals(10000, c.cpuBucketSize());
        assertEquals(Duration.ofSeconds(5), c.mainLoopResetInterval());
    }

    @Test
    void builderRejectsABadPortWithFieldAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> StorageConfig.custom().redisPort(0).build());
        assertEquals("redisPort must be in 1-65535, was 0", e.getMessage());
    }

    @Test
    void builderRejectsNonPositiveCpuWithItsUnit() {
        var e = assertThrows(IllegalArgumentException.class, () -> StorageConfig.custom().cpuMaxPerTick(-1).build());
        assertEquals("cpuMaxPerTick must be > 0 ms, was -1 ms", e.getMessage());
    }

    @Test
    void builderRejectsAResetIntervalBelowOneSecond() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StorageConfig.custom().mainLoopResetInterval(Duration.ofMillis(999)).build());
        assertEquals("mainLoopResetInterval must be >= 1 s, was PT0.999S", e.getMessage());
    }
}
