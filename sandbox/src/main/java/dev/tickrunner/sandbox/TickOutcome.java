package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickFailure;
import dev.tickrunner.model.TickResult;

/**
 * How one player tick in a sandbox ended: with a {@link TickResult} to save (including a script error or a CPU
 * limit interruption, after which Node still saves Memory and intents), or with a {@link TickFailure} after which
 * only the error reaches the player's console.
 */
public sealed interface TickOutcome {
    /** @return the player's user id */
    String userId();

    /** The runtime returned: save the result. */
    record Completed(TickResult result) implements TickOutcome {
        @Override
        public String userId() {
            return result.userId();
        }
    }

    /** The runtime did not return: report the failure, save nothing else. */
    record Failed(TickFailure failure) implements TickOutcome {
        @Override
        public String userId() {
            return failure.userId();
        }
    }
}
