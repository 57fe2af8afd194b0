package dev.tickrunner.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tickrunner.storage.StorageResilience;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The storage breakers and retries as Resilience4j meters (no services). */
class StorageMetersTest {
    @Test
    void breakersAndRetriesArePublishedTaggedByInstanceName() {
        StorageResilience resilience = StorageResilience.ofDefaults();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StorageMeters.bind(resilience, registry);
        for (String name : new String[] {StorageResilience.MONGO, StorageResilience.REDIS, StorageResilience.QUEUE}) {
            assertFalse(registry.find("resilience4j.circuitbreaker.state").tag("name", name).gauges().isEmpty(), name);
            assertFalse(registry.find("resilience4j.retry.calls").tag("name", name).functionCounters().isEmpty(), name);
        }
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> StorageMeters.bind(null, new SimpleMeterRegistry()));
        assertThrows(NullPointerException.class, () -> StorageMeters.bind(StorageResilience.ofDefaults(), null));
    }
}
