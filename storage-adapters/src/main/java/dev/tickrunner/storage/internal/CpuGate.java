package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.LoadWrites;
import dev.tickrunner.storage.PlayerMessages;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The CPU gate that runs before a player's runtime data is loaded, and the tick limit it computes.
 *
 * <p>Mirrors: driver lib/runtime/make.js getUserData; the limit also as driver lib/runtime/data.js computes
 * {@code cpu} and {@code cpuBucket}.
 */
final class CpuGate {

    private CpuGate() {
    }

    /**
     * Applies the gate: a user with a CPU limit ({@code user.cpu} truthy) and {@code skipTicksPenalty > 0} is skipped
     * ({@code $set lastUsedCpu 0, lastUsedDirtyTime 0, skipTicksPenalty - 1}); one with {@code cpuAvailable < 0} is
     * skipped and refilled by {@code user.cpu}, but never below {@code -2·cpu}. Writes nothing: the users update is
     * in the result's {@link LoadWrites}, as absolute values.
     *
     * @param gameTime reads the shard's game time, ticks (for the skip's report; read only when the tick is skipped)
     * @return the skip, or null when the tick may run
     */
    static LoadResult.Skipped check(String userId, ObjectNode user, LongSupplier gameTime) {
        if (!JsValues.truthy(user.get("cpu"))) {
            return null;
        }
        double cpu = JsValues.numberOrZero(user.get("cpu"));
        double penalty = JsValues.numberOrZero(user.get("skipTicksPenalty"));
        if (penalty > 0) {
            return skip(userId, gameTime.getAsLong(), PlayerMessages.SKIP_TICKS_PENALTY, Map.of("lastUsedCpu", 0,
                    "lastUsedDirtyTime", 0, "skipTicksPenalty", bsonNumber(penalty - 1)));
        }
        if (user.hasNonNull("cpuAvailable") && user.get("cpuAvailable").isNumber()
                && user.get("cpuAvailable").doubleValue() < 0) {
            double available = user.get("cpuAvailable").doubleValue();
            double refilled = available < -cpu * 2 ? -cpu * 2 : available + cpu;
            return skip(userId, gameTime.getAsLong(), PlayerMessages.CPU_BUCKET_EMPTY, Map.of("lastUsedCpu", 0,
                    "lastUsedDirtyTime", 0, "cpuAvailable", bsonNumber(refilled)));
        }
        return null;
    }

    /** @return {@code Game.cpu.limit} of data.js: {@code min(max(cpuAvailable||0, 0) + cpu, cpuMaxPerTick)}, or ∞ */
    static double cpuLimitMs(ObjectNode user, int cpuMaxPerTickMs) {
        if (!JsValues.truthy(user.get("cpu"))) {
            return Double.POSITIVE_INFINITY;
        }
        double limit = cpuBucketMs(user) + JsValues.numberOrZero(user.get("cpu"));
        return limit > cpuMaxPerTickMs ? cpuMaxPerTickMs : limit;
    }

    /** @return {@code Game.cpu.bucket} of data.js: {@code max(cpuAvailable||0, 0)}, or ∞ without a CPU limit */
    static double cpuBucketMs(ObjectNode user) {
        if (!JsValues.truthy(user.get("cpu"))) {
            return Double.POSITIVE_INFINITY;
        }
        double bucket = JsValues.numberOrZero(user.get("cpuAvailable"));
        return bucket < 0 ? 0 : bucket;
    }

    /** @return an Integer when integral and in int range, a Long when integral, else the Double */
    static Object bsonNumber(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return (int) value;
            }
            if (Math.abs(value) < 9.007199254740992E15) {
                return (long) value;
            }
        }
        return value;
    }

    private static LoadResult.Skipped skip(String userId, long gameTime, String message, Map<String, Object> set) {
        return new LoadResult.Skipped(userId, gameTime,
                new TickOutcome.Skipped(TickOutcome.Skipped.Reason.CPU_GATE, message), LoadWrites.userFields(set));
    }
}
