package dev.tickrunner.runner;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.RuntimeDataLoader;
import dev.tickrunner.storage.StorageResilience;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load step of a tick: reads the player's runtime data after the CPU gate ({@link RuntimeDataLoader#load}), then
 * writes what the load implies ({@link RuntimeDataLoader#commit}: the gate's users update, {@code active = 0}, the
 * consumed console commands). Both calls are idempotent, so the resilient loader retries them.
 *
 * <p>Mirrors: driver lib/runtime/make.js getUserData and lib/runtime/data.js get (whose reads run at once, as the
 * loader's do). Thread-safe.
 */
final class LoadStep {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);

    private final RuntimeDataLoader loader;
    private final StorageStatus storage;

    LoadStep(RuntimeDataLoader loader, StorageStatus storage) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** What the load step found: runtime data to run, or the tick's outcome already. */
    sealed interface Loaded {
        /** The tick runs with {@code data}. */
        record Ready(RuntimeData data) implements Loaded {
        }

        /**
         * The tick ends here.
         *
         * @param outcome  {@link TickOutcome.Skipped}, {@link TickOutcome.Inactive},
         *                 {@link TickOutcome.StorageUnavailable} (stage LOAD) or {@link TickOutcome.Failed} (LOAD_ERROR)
         * @param gameTime the game time when known (a skip), else −1, ticks
         */
        record Ended(TickOutcome outcome, long gameTime) implements Loaded {
        }
    }

    /**
     * Loads and commits; never throws for a storage fault or a malformed document.
     *
     * @param userId the player
     * @return the data to run, or how the tick ended
     */
    Loaded load(String userId) {
        try {
            LoadResult result = loader.load(userId);
            loader.commit(result);
            return switch (result) {
                case LoadResult.Ready ready -> new Loaded.Ready(ready.data());
                case LoadResult.Skipped skipped -> new Loaded.Ended(skipped.skipped(), skipped.gameTime());
                case LoadResult.Inactive inactive -> new Loaded.Ended(new TickOutcome.Inactive(), -1);
            };
        } catch (RuntimeException e) {
            if (StorageResilience.isStorageUnavailable(e)) {
                storage.lost(e);
                LOG.warn("Loading runtime data of user {} failed, storage unavailable: {}", userId, e.toString());
                return new Loaded.Ended(new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.LOAD,
                        e.toString()), -1);
            }
            LOG.error("Loading runtime data of user {} failed", userId, e);
            return new Loaded.Ended(new TickOutcome.Failed(TickOutcome.Failed.Kind.LOAD_ERROR,
                    "Loading runtime data failed: " + e.getMessage(), false), -1);
        }
    }
}
