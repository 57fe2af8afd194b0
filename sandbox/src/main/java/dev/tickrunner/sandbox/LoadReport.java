package dev.tickrunner.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one player's code was loaded into a new sandbox, stage by stage: {@code SCHEDULED} (a sandbox was asked for),
 * {@code COMPILED} (the context and each player module compiled), {@code LOADED} ({@code main} evaluated and exports
 * a {@code loop} function), {@code EXECUTED} (the first {@code loop} call returned). A failed stage carries the
 * player's error text: a syntax error names the module and line ({@code SyntaxError: … [util:3:1]}), a missing
 * {@code main} or {@code loop} says so.
 *
 * <p>Deviates from Node: the Node runner has no such report; the player only sees the error in the console.
 *
 * @param userId        the player's user id
 * @param codeTimestamp the code timestamp loaded, ms
 * @param stages        the stages reached, in order; the last one may have failed
 */
public record LoadReport(String userId, long codeTimestamp, List<Stage> stages) {
    /** The stages of a code load, in order. */
    public enum StageName { SCHEDULED, COMPILED, LOADED, EXECUTED }

    /**
     * One stage.
     *
     * @param name    which stage
     * @param time    when it ended
     * @param ok      whether it succeeded
     * @param message what happened (module names, the error text the player saw), never null
     */
    public record Stage(StageName name, Instant time, boolean ok, String message) {
        /** @throws NullPointerException if a component is null */
        public Stage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(message, "message");
        }
    }

    /** @throws NullPointerException if a component is null */
    public LoadReport {
        Objects.requireNonNull(userId, "userId");
        stages = List.copyOf(stages);
    }

    /** @return the stage that failed, if one did */
    public Optional<Stage> failedStage() {
        return stages.stream().filter(stage -> !stage.ok()).findFirst();
    }

    /** @return whether the code got through every stage */
    public boolean complete() {
        return failedStage().isEmpty() && stages.stream().anyMatch(s -> s.name() == StageName.EXECUTED);
    }
}
