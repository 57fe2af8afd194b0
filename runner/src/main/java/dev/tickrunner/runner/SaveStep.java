package dev.tickrunner.runner;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.StorageResilience;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The save step of a tick: a {@link TickOutcome.Completed} tick's results are saved ({@link ResultWriter#save}); a
 * failed or skipped one is told to the player ({@link ResultWriter#report}). Returns the tick's final outcome: the
 * outcome it was given when the writes succeeded, {@link TickOutcome.StorageUnavailable} (stage SAVE) when a completed
 * tick could not be saved for lack of storage (the ticket is then put back), or {@link TickOutcome.Failed} of kind
 * {@link TickOutcome.Failed.Kind#SAVE_ERROR} when the write was refused or a report could not be written (the ticket
 * is then finished: a report is not worth running the tick again, and the CPU gate's update is already written).
 *
 * <p>Mirrors: engine src/runner.js saveResult and driver lib/runtime/make.js's writes after the run. Thread-safe.
 */
final class SaveStep {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);

    private final ResultWriter writer;
    private final StorageStatus storage;

    SaveStep(ResultWriter writer, StorageStatus storage) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * @param outcome   the final outcome
     * @param saveNanos time spent writing, ns
     */
    record Saved(TickOutcome outcome, long saveNanos) {
    }

    /** Saves a tick that ran: its results, or the report of its failure. Never throws. */
    Saved save(RuntimeData data, TickOutcome ran) {
        long s0 = System.nanoTime();
        if (!(ran instanceof TickOutcome.Completed completed)) {
            return report(data.userId(), data.gameTime(), ran);
        }
        try {
            writer.save(data, completed.result());
            return new Saved(ran, System.nanoTime() - s0);
        } catch (RuntimeException e) {
            if (StorageResilience.isStorageUnavailable(e)) {
                storage.lost(e);
                LOG.error("Tick {} of user {} skipped: its results could not be saved, storage unavailable: {}",
                        data.gameTime(), data.userId(), e.toString());
                return new Saved(new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.SAVE,
                        e.toString()), System.nanoTime() - s0);
            }
            LOG.error("Saving the tick of user {} at {} failed", data.userId(), data.gameTime(), e);
            return new Saved(new TickOutcome.Failed(TickOutcome.Failed.Kind.SAVE_ERROR,
                    "Saving the tick failed: " + e.getMessage(), false), System.nanoTime() - s0);
        }
    }

    /** Tells the player about a tick that saved no result (a failure or a skip). Never throws. */
    Saved report(String userId, long gameTime, TickOutcome outcome) {
        long s0 = System.nanoTime();
        try {
            writer.report(userId, gameTime, outcome);
            return new Saved(outcome, System.nanoTime() - s0);
        } catch (RuntimeException e) {
            if (StorageResilience.isStorageUnavailable(e)) {
                storage.lost(e);
            }
            LOG.error("Reporting the failed tick of user {} failed", userId, e);
            return new Saved(new TickOutcome.Failed(TickOutcome.Failed.Kind.SAVE_ERROR,
                    "Reporting the tick failed: " + e.getMessage(), false), System.nanoTime() - s0);
        }
    }
}
