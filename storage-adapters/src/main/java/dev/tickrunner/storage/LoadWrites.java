package dev.tickrunner.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes a load implies, as absolute values so that applying them twice leaves the same state: the fields the CPU
 * gate or data.js sets on the {@code users} document, and the console commands the tick consumes. Applied by
 * {@link RuntimeDataLoader#commit} after {@link RuntimeDataLoader#load} (which only reads).
 *
 * <p>Mirrors: driver lib/runtime/make.js getUserData ({@code $set lastUsedCpu, lastUsedDirtyTime, cpuAvailable},
 * {@code $inc skipTicksPenalty -1}) and data.js ({@code $set active 0}, {@code users.console} removeWhere). Deviates
 * from Node: the penalty is written as its new value ({@code $set}) rather than {@code $inc -1}, so a retried write
 * does not take two ticks off it; one runner handles a user at a time, so nobody else changes it in between.
 *
 * @param userFields        {@code users} fields to {@code $set} (name → BSON-ready value), empty for none
 * @param consoleCommandIds {@code _id}s of the {@code users.console} documents to delete, empty for none
 */
public record LoadWrites(Map<String, Object> userFields, List<Object> consoleCommandIds) {
    /** No writes. */
    public static final LoadWrites NONE = new LoadWrites(Map.of(), List.of());

    /** @throws NullPointerException if an argument or an element is null */
    public LoadWrites {
        userFields = Map.copyOf(userFields);
        consoleCommandIds = List.copyOf(consoleCommandIds);
    }

    /** @return whether there is nothing to write */
    public boolean isEmpty() {
        return userFields.isEmpty() && consoleCommandIds.isEmpty();
    }

    /** @return writes that only set {@code fields} on the user */
    public static LoadWrites userFields(Map<String, Object> fields) {
        return new LoadWrites(Objects.requireNonNull(fields, "fields"), List.of());
    }
}
