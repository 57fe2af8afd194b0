package dev.tickrunner.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent failures of every player, newest last: at most {@code perPlayer} records per player and at most
 * {@code maxPlayers} players (the players whose last failure is oldest are forgotten first). It outlives global
 * resets, so an operator sees why a player's global keeps being reset.
 *
 * <p>Deviates from Node: the Node runner keeps no history; a failure only reaches the player's console.
 * Thread-safe (one lock; a failure is rare next to a tick).
 */
public final class FailureHistory {
    private final int perPlayer;
    private final int maxPlayers;
    private final LinkedHashMap<String, Deque<FailureRecord>> byUser = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param perPlayer  records kept per player
     * @param maxPlayers players kept
     * @throws IllegalArgumentException if {@code perPlayer < 1 || maxPlayers < 1}
     */
    public FailureHistory(int perPlayer, int maxPlayers) {
        if (perPlayer < 1 || maxPlayers < 1) {
            throw new IllegalArgumentException("perPlayer and maxPlayers must be >= 1, were " + perPlayer + ", "
                    + maxPlayers);
        }
        this.perPlayer = perPlayer;
        this.maxPlayers = maxPlayers;
    }

    /** Adds a failure of {@code userId}, dropping its oldest one beyond the per-player bound. */
    public synchronized void record(String userId, FailureRecord failure) {
        Deque<FailureRecord> records = byUser.computeIfAbsent(userId, id -> new ArrayDeque<>());
        records.addLast(failure);
        while (records.size() > perPlayer) {
            records.removeFirst();
        }
        if (byUser.size() > maxPlayers) {
            var eldest = byUser.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** @return a point-in-time copy of the player's recent failures, oldest first; empty when none */
    public synchronized List<FailureRecord> of(String userId) {
        Deque<FailureRecord> records = byUser.get(userId);
        return records == null ? List.of() : List.copyOf(records);
    }

    /** @return a point-in-time copy of every player's recent failures */
    public synchronized Map<String, List<FailureRecord>> snapshot() {
        Map<String, List<FailureRecord>> copy = new LinkedHashMap<>();
        byUser.forEach((user, records) -> copy.put(user, new ArrayList<>(records)));
        return copy;
    }
}
