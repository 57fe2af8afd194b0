package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickOutcome;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * Turns how a tick was stopped into the {@link TickOutcome.Failed} the player sees, from typed facts only (what the watchdog
 * fired, whether the statement limit was reached, the {@link PolyglotException} flags), never from message text.
 * Each kind carries the Node runner's text where it has one (see {@link PlayerMessages}).
 *
 * <p>Mirrors: driver lib/runtime/make.js catch (halt → "CPU halted", heap exhaustion → "unable to allocate memory",
 * timeout → "timed out ungracefully") and user-vm.js ("isolate disposed unexpectedly").
 */
final class TickFailures {
    private TickFailures() {
    }

    /** What stopped a tick, as seen by the host. */
    record Stop(boolean haltRequested, boolean statementLimitReached, TickWatchdog.Fired fired) {
    }

    static TickOutcome.Failed of(PolyglotException e, Stop stop) {
        if (stop.haltRequested()) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.HALTED, PlayerMessages.CPU_HALTED, true);
        }
        if (stop.fired() == TickWatchdog.Fired.ALLOCATION) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.OUT_OF_MEMORY,
                    PlayerMessages.UNABLE_TO_ALLOCATE_MEMORY, true);
        }
        if (stop.fired() == TickWatchdog.Fired.WALL_CLOCK) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.WATCHDOG, PlayerMessages.TIMED_OUT_UNGRACEFULLY, true);
        }
        if (stop.statementLimitReached()) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.TIMEOUT, PlayerMessages.STATEMENT_LIMIT_REACHED, true);
        }
        if (stop.fired() == TickWatchdog.Fired.CANCELLED) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.TIMEOUT, TimeoutErrorText.of(e), true);
        }
        if (stop.fired() == TickWatchdog.Fired.CPU_LIMIT) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.TIMEOUT, TimeoutErrorText.of(e), e.isCancelled());
        }
        if (e.isResourceExhausted()) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.OUT_OF_MEMORY,
                    PlayerMessages.UNABLE_TO_ALLOCATE_MEMORY, true);
        }
        if (e.isCancelled() || e.isInternalError() || e.isHostException()) {
            return new TickOutcome.Failed(TickOutcome.Failed.Kind.INTERNAL,
                    e.isCancelled() ? PlayerMessages.ISOLATE_DISPOSED : "Internal error: " + e.getMessage(), true);
        }
        return new TickOutcome.Failed(TickOutcome.Failed.Kind.SCRIPT_ERROR, scriptErrorText(e), false);
    }

    private static String scriptErrorText(PolyglotException e) {
        Value guest = e.getGuestObject();
        if (guest != null && guest.isString()) {
            return guest.asString();
        }
        return e.getMessage();
    }
}
