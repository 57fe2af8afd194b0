package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickFailure;
import java.time.Instant;
import java.util.Objects;

/**
 * One failed tick of one player, as kept in the {@link FailureHistory}: when, what kind, the text the player saw
 * and the error's stack when there was one.
 *
 * @param time     when the tick ended (wall clock)
 * @param gameTime the game time of the tick, ticks
 * @param kind     what failed; a script error that still saved the tick is {@link TickFailure.Kind#SCRIPT_ERROR}
 * @param message  the first line of the text the player saw
 * @param stack    the whole text the player saw (message and frames), or the message alone
 */
public record FailureRecord(Instant time, long gameTime, TickFailure.Kind kind, String message, String stack) {
    /** @throws NullPointerException if {@code time}, {@code kind}, {@code message} or {@code stack} is null */
    public FailureRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stack, "stack");
    }

    /** @return a record whose message is the first line of {@code text} and whose stack is all of it */
    static FailureRecord of(long gameTime, TickFailure.Kind kind, String text) {
        int newline = text.indexOf('\n');
        return new FailureRecord(Instant.now(), gameTime, kind, newline < 0 ? text : text.substring(0, newline), text);
    }
}
