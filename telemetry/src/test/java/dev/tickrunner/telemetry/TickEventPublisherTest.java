package dev.tickrunner.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickEventPublisherTest {
    private final List<RuntimeException> failures = new ArrayList<>();
    private final TickEventPublisher publisher = new TickEventPublisher(failures::add);

    @Test
    void noEventIsBuiltWhenNobodyListens() {
        AtomicInteger built = new AtomicInteger();
        publisher.publish(() -> {
            built.incrementAndGet();
            return new TickEvent.Start("u1");
        });
        assertEquals(0, built.get());
        assertFalse(publisher.hasListeners());
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() throws Exception {
        List<TickEvent> seen = new ArrayList<>();
        publisher.add(event -> {
            throw new IllegalStateException("listener bug");
        });
        AutoCloseable registration = publisher.add(seen::add);
        publisher.publish(() -> new TickEvent.RunUser("u1"));
        assertEquals(List.of(new TickEvent.RunUser("u1")), seen);
        assertEquals(1, failures.size());
        registration.close();
        publisher.publish(() -> new TickEvent.RunUser("u2"));
        assertEquals(1, seen.size());
        assertTrue(publisher.hasListeners());
    }
}
