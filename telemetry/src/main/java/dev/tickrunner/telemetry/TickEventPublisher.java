package dev.tickrunner.telemetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands each {@link TickEvent} to every registered listener; builds no event when nobody listens. Thread-safe:
 * listeners may be added and removed while worker threads publish.
 *
 * <p>Mirrors: engine src/runner.js {@code driver.config.emit('runnerLoopStage', ...)}; skipping the event when nobody
 * listens follows Resilience4j's {@code publishBulkheadEvent} ({@code eventProcessor.hasConsumers()}).
 */
public final class TickEventPublisher {
    private final List<TickEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<RuntimeException> onListenerFailure;

    /** @param onListenerFailure told when a listener throws (e.g. a log call); the other listeners still run */
    public TickEventPublisher(Consumer<RuntimeException> onListenerFailure) {
        this.onListenerFailure = onListenerFailure;
    }

    /**
     * @param listener receives every event from now on
     * @return closing it removes the listener
     */
    public AutoCloseable add(TickEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** @return whether any listener is registered */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Builds the event only when someone listens, then hands it to every listener in registration order. */
    public void publish(Supplier<? extends TickEvent> event) {
        if (listeners.isEmpty()) {
            return;
        }
        TickEvent built = event.get();
        for (TickEventListener listener : listeners) {
            try {
                listener.onEvent(built);
            } catch (RuntimeException e) {
                onListenerFailure.accept(e);
            }
        }
    }
}
