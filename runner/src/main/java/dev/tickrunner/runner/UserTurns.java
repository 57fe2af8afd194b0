package dev.tickrunner.runner;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tick at a time per player. After a main-loop reset, main queues every user for the next tick while a user's
 * previous tick may still be running on another worker (a slow or timed-out tick). The second ticket waits for the
 * first to finish, then runs on what the first saved; a ticket for a tick the player has already run (the same ticket
 * taken twice) is settled without running again. Either way the player never sees an "in use by another tick" error.
 *
 * <p>Mirrors: nothing in the Node driver, whose runner keeps one isolate per user and meets the same race with an
 * error. Thread-safe. Holds one small entry per player ever run (a lock and a game time).
 */
final class UserTurns {
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * Waits until no other ticket of the player is in progress, then takes the player's turn.
     *
     * @return the turn; close it when the ticket is finished (try-with-resources)
     */
    Turn enter(String userId) {
        Slot slot = slots.computeIfAbsent(userId, id -> new Slot());
        boolean waited = !slot.lock.tryLock();
        if (waited) {
            slot.lock.lock();
        }
        return new Turn(slot, waited);
    }

    /** A player's turn: the only ticket of that player in progress. */
    static final class Turn implements AutoCloseable {
        private final Slot slot;
        private final boolean waited;
        private final long previousGameTime;

        private Turn(Slot slot, boolean waited) {
            this.slot = slot;
            this.waited = waited;
            this.previousGameTime = slot.lastGameTime;
        }

        /**
         * @param gameTime the game time of the runtime data just loaded, ticks
         * @return whether a ticket that was in progress when this one came already ran this player's tick at
         *         {@code gameTime} (or later): this ticket must not run it again
         */
        boolean alreadyRun(long gameTime) {
            return waited && gameTime <= previousGameTime;
        }

        /** Records that the player's tick at {@code gameTime} ran (its loop was started). */
        void ran(long gameTime) {
            slot.lastGameTime = Math.max(slot.lastGameTime, gameTime);
        }

        /** @return whether this ticket had to wait for another of the same player */
        boolean waited() {
            return waited;
        }

        @Override
        public void close() {
            slot.lock.unlock();
        }
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        /** Written and read under {@link #lock} only. */
        long lastGameTime = Long.MIN_VALUE;
    }
}
