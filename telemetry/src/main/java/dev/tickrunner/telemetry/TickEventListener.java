package dev.tickrunner.telemetry;

/**
 * Receives the stages of every user ticket. Called on the worker thread running the ticket; must not block, and
 * should not throw (a listener that throws is logged and skipped).
 */
@FunctionalInterface
public interface TickEventListener {
    /** @param event one stage of one ticket */
    void onEvent(TickEvent event);
}
