package dev.tickrunner.runner;

/** Receives a report after every finished user ticket. Called on the worker thread; must not block. */
@FunctionalInterface
public interface TickListener {
    /** Does nothing. */
    TickListener NONE = report -> { };

    /** @param report the finished ticket */
    void onTick(TickReport report);
}
