package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickOutcome;
import java.time.Instant;
import java.util.Optional;
import java.util.Objects;

/**
 * One failed tick of one player, as kept in the {@link FailureHistory}: when, what kind, the text the player saw
 * and the error's stack when there was one.
 *
 * @param time     when the tick ended (wall clock)
 * @param gameTime the game time of the tick, ticks
 * @param kind     what failed; a script error that still saved the tick is {@link TickOutcome.Failed.Kind#SCRIPT_ERROR}
 * @param message  the first line of the text the player saw
 * @param stack    the whole text the player saw (message and frames), or the message alone
 */
public record FailureRecord(Instant time, long gameTime, TickOutcome.Failed.Kind kind, String message, String stack) {
    /** @throws NullPointerException if {@code time}, {@code kind}, {@code message} or {@code stack} is null */
    public FailureRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stack, "stack");
    }

    /** @return a record whose message is the first line of {@code text} and whose stack is all of it */
    static FailureRecord of(long gameTime, TickOutcome.Failed.Kind kind, String text) {
        int newline = text.indexOf('\n');
        return new FailureRecord(Instant.now(), gameTime, kind, newline < 0 ? text : text.substring(0, newline), text);
    }

    /**
     * @param gameTime    the tick's game time, ticks
     * @param outcome     how the tick ended
     * @param outOfMemory whether the sandbox must be reset for its memory after a completed tick (retained-heap limit)
     * @return the record of a failed tick, a script error or CPU-limit stop of a completed one (as
     *         {@link TickOutcome.Failed.Kind#SCRIPT_ERROR}), or a completed tick over the memory limit; empty otherwise
     */
    static Optional<FailureRecord> of(long gameTime, TickOutcome outcome, boolean outOfMemory) {
        return switch (outcome) {
            case TickOutcome.Failed f -> Optional.of(of(gameTime, f.kind(), f.message()));
            case TickOutcome.Completed c when c.threw() && c.result().error() != null ->
                    Optional.of(of(gameTime, TickOutcome.Failed.Kind.SCRIPT_ERROR, c.result().error()));
            case TickOutcome.Completed c when outOfMemory && !c.result().consoleLog().isEmpty() ->
                    Optional.of(of(gameTime, TickOutcome.Failed.Kind.OUT_OF_MEMORY,
                            c.result().consoleLog().getLast().message()));
            default -> Optional.empty();
        };
    }
}
