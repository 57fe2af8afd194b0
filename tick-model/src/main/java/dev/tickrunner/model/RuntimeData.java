package dev.tickrunner.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Runtime data: everything one player's tick may read, assembled from MongoDB and Redis before the sandbox runs.
 *
 * <p>Shape of {@code payload}: the object the driver's {@code lib/runtime/data.js get(userId)} builds and hands to
 * {@code _start(data)} in the isolate, after a JSON round trip (the format of {@code shared/conformance} inputs):
 * {@code userObjects} (id → object), {@code user} (the {@code users} document), {@code userCode} (module name →
 * source, escapes {@code $DOT$ $SLASH$ $BACKSLASH$} already undone), {@code userCodeTimestamp} (ms),
 * {@code userMemory} ({@code {data: <Memory string ≤ 2 MB>, userId}}), {@code consoleCommands}, {@code time}
 * (game time, ticks), {@code rooms}, {@code roomObjects} (others' objects first, then the player's),
 * {@code flags}, {@code accessibleRooms} (a JSON string), {@code roomStatusData}, {@code transactions}
 * ({@code {outgoing, incoming}}, ≤ 100 each), {@code roomEventLog} (room → string or null),
 * {@code userPowerCreeps}, {@code users}, {@code market} ({@code {orders, history, myOrders}}) and, when active,
 * {@code memorySegments} (id 0–99 → string ≤ 100 KB) and {@code foreignMemorySegment}
 * ({@code {username, id, data}}). {@code cpu} and {@code cpuBucket} in the payload are ignored: the sandbox sets
 * them from the typed components, because JSON cannot hold the {@code Infinity} of a user without a CPU limit.
 *
 * <p>Ownership: the payload is not copied; nobody may modify it once the record is built.
 *
 * @param userId            the player's user id (string form)
 * @param gameTime          the game time of this tick, ticks
 * @param userCodeTimestamp the timestamp of the active code ({@code users.code.timestamp}), ms; a newer one causes
 *                          a global reset
 * @param cpuLimitMs        the tick limit, ms: {@code min(cpuAvailable + user.cpu, cpuMaxPerTick)};
 *                          {@link Double#POSITIVE_INFINITY} when the user has no CPU limit ({@code user.cpu} falsy)
 * @param cpuBucketMs       {@code Game.cpu.bucket}, ms: {@code max(cpuAvailable, 0)}, or infinity as above
 * @param payload           the driver-shaped object described above
 */
public record RuntimeData(String userId, long gameTime, long userCodeTimestamp, double cpuLimitMs, double cpuBucketMs,
                          ObjectNode payload) {
    /**
     * @throws NullPointerException     if {@code userId} or {@code payload} is null
     * @throws IllegalArgumentException if {@code cpuLimitMs < 0 || cpuBucketMs < 0}
     */
    public RuntimeData {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
        if (!(cpuLimitMs >= 0)) {
            throw new IllegalArgumentException("cpuLimitMs must be >= 0, was " + cpuLimitMs);
        }
        if (!(cpuBucketMs >= 0)) {
            throw new IllegalArgumentException("cpuBucketMs must be >= 0, was " + cpuBucketMs);
        }
    }
}
