package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import dev.tickrunner.model.TickFailure;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.PlayerMessages;
import org.bson.Document;

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
     * ({@code $set lastUsedCpu 0, lastUsedDirtyTime 0, $inc skipTicksPenalty -1}); one with
     * {@code cpuAvailable < 0} is skipped and refilled by {@code user.cpu}, but never below {@code -2·cpu}. Not
     * idempotent (the {@code $inc}).
     *
     * @return the skip, or null when the tick may run
     */
    static LoadResult.Skipped check(MongoCollection<Document> users, String userId, ObjectNode user) {
        if (!JsValues.truthy(user.get("cpu"))) {
            return null;
        }
        double cpu = JsValues.numberOrZero(user.get("cpu"));
        if (JsValues.numberOrZero(user.get("skipTicksPenalty")) > 0) {
            users.updateMany(MongoIds.byId(userId), new Document("$set",
                    new Document("lastUsedCpu", 0).append("lastUsedDirtyTime", 0))
                    .append("$inc", new Document("skipTicksPenalty", -1)));
            return skip(userId, PlayerMessages.SKIP_TICKS_PENALTY);
        }
        if (user.hasNonNull("cpuAvailable") && user.get("cpuAvailable").isNumber()
                && user.get("cpuAvailable").doubleValue() < 0) {
            double available = user.get("cpuAvailable").doubleValue();
            double refilled = available < -cpu * 2 ? -cpu * 2 : available + cpu;
            users.updateMany(MongoIds.byId(userId), new Document("$set",
                    new Document("lastUsedCpu", 0).append("lastUsedDirtyTime", 0)
                            .append("cpuAvailable", bsonNumber(refilled))));
            return skip(userId, PlayerMessages.CPU_BUCKET_EMPTY);
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

    private static LoadResult.Skipped skip(String userId, String message) {
        return new LoadResult.Skipped(new TickFailure(userId, TickFailure.Kind.SKIPPED, message, false));
    }
}
