package dev.tickrunner.storage;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickFailure;
import java.util.Objects;

/**
 * What {@link RuntimeDataLoader#load} found for one user ticket: a tick to run, a tick the CPU gate skipped, or a
 * user without objects.
 */
public sealed interface LoadResult {

    /**
     * The runtime data is ready; run the tick.
     *
     * @param data what the sandbox receives
     */
    record Ready(RuntimeData data) implements LoadResult {
        /** @throws NullPointerException if {@code data == null} */
        public Ready {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * The CPU gate of make.js getUserData skipped the tick (CPU bucket empty, skip-ticks penalty, unknown user); the
     * users update it implies is already written. Hand the failure to {@link ResultWriter#saveFailure}.
     *
     * @param failure kind {@link TickFailure.Kind#SKIPPED} (or {@code INTERNAL} for an unknown user) and the text
     *                the player sees
     */
    record Skipped(TickFailure failure) implements LoadResult {
        /** @throws NullPointerException if {@code failure == null} */
        public Skipped {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * The user owns no room objects; data.js has set {@code users.active = 0} and rejects with {@code false}, so the
     * Node runner saves nothing and shows nothing. Only mark the ticket done.
     *
     * @param userId the user's id
     */
    record Inactive(String userId) implements LoadResult {
        /** @throws NullPointerException if {@code userId == null} */
        public Inactive {
            Objects.requireNonNull(userId, "userId");
        }
    }
}
