package dev.tickrunner.model;

import java.util.Objects;

/**
 * A user ticket: one user id taken from the Redis list {@code usersIvmPending} and moved to
 * {@code usersIvmProcessing} (RPOPLPUSH). The ticket is finished by LREM from the processing list plus a publish on
 * {@code queue_usersIvm_done}.
 *
 * <p>Mirrors: driver lib/queue.js fetch, screepsmod-mongo lib/common/queue.js fetch.
 *
 * @param userId        the user's id as the queue holds it: always a string (24-hex ObjectId text or the 15-digit
 *                      ids of the imported world), never empty
 * @param fetchedAtNanos {@link System#nanoTime()} when the ticket was taken, for queue-wait and tick timings
 */
public record UserTicket(String userId, long fetchedAtNanos) {
    /**
     * @throws NullPointerException     if {@code userId == null}
     * @throws IllegalArgumentException if {@code userId.isEmpty()}
     */
    public UserTicket {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
    }
}
