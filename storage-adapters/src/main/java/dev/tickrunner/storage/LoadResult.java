package dev.tickrunner.storage;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link RuntimeDataLoader#load} found for one user ticket: a tick to run, a tick the CPU gate skipped, or a
 * user without objects; each with the {@link LoadWrites} it implies, for {@link RuntimeDataLoader#commit}.
 */
public sealed interface LoadResult {

    /** @return the writes this load implies (absolute values: idempotent) */
    LoadWrites writes();

    /** @return the user the load was for */
    String userId();

    /**
     * The runtime data is ready; run the tick.
     *
     * @param data   what the sandbox receives
     * @param writes the console commands it consumes
     */
    record Ready(RuntimeData data, LoadWrites writes) implements LoadResult {
        /** @throws NullPointerException if an argument is null */
        public Ready {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(writes, "writes");
        }

        @Override
        public String userId() {
            return data.userId();
        }
    }

    /**
     * The CPU gate of make.js getUserData skipped the tick (CPU bucket empty, skip-ticks penalty) or the user does not
     * exist. Hand the outcome to {@link ResultWriter#report}.
     *
     * @param userId   the user's id
     * @param gameTime the shard's game time when the tick was skipped, ticks
     * @param skipped  the reason and the text the player sees
     * @param writes   the gate's users update
     */
    record Skipped(String userId, long gameTime, TickOutcome.Skipped skipped, LoadWrites writes) implements LoadResult {
        /** @throws NullPointerException if an argument is null */
        public Skipped {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(skipped, "skipped");
            Objects.requireNonNull(writes, "writes");
        }
    }

    /**
     * The user owns no room objects; data.js sets {@code users.active = 0} and rejects with {@code false}, so the Node
     * runner saves nothing and shows nothing. Commit, then only mark the ticket done.
     *
     * @param userId the user's id
     */
    record Inactive(String userId) implements LoadResult {
        /** @throws NullPointerException if {@code userId == null} */
        public Inactive {
            Objects.requireNonNull(userId, "userId");
        }

        /** @return {@code $set active 0} */
        @Override
        public LoadWrites writes() {
            return LoadWrites.userFields(Map.of("active", 0));
        }
    }
}
