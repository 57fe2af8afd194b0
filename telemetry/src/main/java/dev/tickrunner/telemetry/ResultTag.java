package dev.tickrunner.telemetry;

import dev.tickrunner.model.TickOutcome;
import java.util.Locale;

/**
 * The value of the {@code result} tag of {@link MeterNames#TICKS}: a {@link TickOutcome} projected onto the closed
 * set a metric needs (its timers are registered up front). Computed in one place, {@link #of(TickOutcome)}.
 */
public enum ResultTag {
    /** {@code loop} returned and the results were saved. */
    DONE,
    /**
     * The player's own doing: the script threw (its Memory and intents still saved, as in Node), called
     * {@code Game.cpu.halt()}, or left results that cannot be saved.
     */
    ERROR,
    /** The CPU limit was reached, or the tick was cancelled or stopped by the wall-clock backstop. */
    TIMEOUT,
    /** The sandbox failed on the runner's side: out of memory, a sandbox that could not start, an internal error. */
    FAILED,
    /** The CPU gate skipped the tick, the tick already ran, or the user had no objects. */
    SKIPPED,
    /** The runtime data could not be loaded: storage unavailable, or a malformed document. */
    LOAD_FAILED,
    /** The results could not be saved: storage unavailable, or a write refused. */
    SAVE_FAILED;

    /** @return the tag of {@code outcome} */
    public static ResultTag of(TickOutcome outcome) {
        return switch (outcome) {
            case TickOutcome.Completed c when c.stoppedAtCpuLimit() -> TIMEOUT;
            case TickOutcome.Completed c -> c.threw() ? ERROR : DONE;
            case TickOutcome.Failed f -> switch (f.kind()) {
                case TIMEOUT, WATCHDOG -> TIMEOUT;
                case HALTED, SCRIPT_ERROR -> ERROR;
                case OUT_OF_MEMORY, SANDBOX_UNAVAILABLE, INTERNAL -> FAILED;
                case LOAD_ERROR -> LOAD_FAILED;
                case SAVE_ERROR -> SAVE_FAILED;
            };
            case TickOutcome.Skipped s -> SKIPPED;
            case TickOutcome.Inactive i -> SKIPPED;
            case TickOutcome.StorageUnavailable u ->
                    u.stage() == TickOutcome.StorageUnavailable.Stage.LOAD ? LOAD_FAILED : SAVE_FAILED;
        };
    }

    /** @return the tag value, e.g. {@code save_failed} */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
