package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickResult;
import java.util.function.LongSupplier;
import org.bson.Document;

/**
 * The MongoDB writes of one saved tick: the users update of make.js, {@code activeForeignSegment}, and the
 * {@code notify}, {@code global} and {@code market} intent groups; plus the error notification of sendConsoleError.
 */
final class MongoTickWrites {
    private static final long DEFAULT_ERRORS_INTERVAL_MS = 30 * 60 * 1000;
    /** The notification field holding the keys of the ticks already counted. */
    static final String SAVED_TICKS = "savedTicks";
    /** How many tick keys a notification keeps: more than one tick's 20 notify intents plus its error. */
    static final int SAVED_TICKS_KEPT = 32;

    private final MongoDatabase db;
    private final int cpuBucketSizeMs;
    private final LongSupplier wallClockMs;

    MongoTickWrites(MongoDatabase db, int cpuBucketSizeMs, LongSupplier wallClockMs) {
        this.db = db;
        this.cpuBucketSizeMs = cpuBucketSizeMs;
        this.wallClockMs = wallClockMs;
    }

    /**
     * Mirrors: driver lib/runtime/make.js the {@code $set} after a run: {@code lastUsedCpu}, {@code lastUsedDirtyTime},
     * {@code activeSegments}, {@code defaultPublicSegment}, and for a user with a CPU limit
     * {@code cpuAvailable = min(cpuAvailable + cpu − ceil(usedCleanTime + intentsCpu), cpuBucketSize)}. Idempotent.
     * Deviates from Node: a missing {@code cpuAvailable} counts as 0 (Node stores NaN).
     */
    void updateUser(RuntimeData data, TickResult result) {
        ObjectNode user = (ObjectNode) data.payload().get("user");
        Document set = new Document("lastUsedCpu", result.usedTimeMs())
                .append("lastUsedDirtyTime", result.usedDirtyTimeMs());
        if (result.activeSegments() != null) {
            set.append("activeSegments", result.activeSegments());
        }
        if (result.defaultPublicSegment() != null) {
            set.append("defaultPublicSegment", BsonJson.toBson(result.defaultPublicSegment()));
        }
        if (Double.isFinite(data.cpuLimitMs())) {
            double cpuUsed = Math.ceil(result.usedCleanTimeMs() + result.intentsCpu());
            double available = JsValues.numberOrZero(user.get("cpuAvailable"))
                    + JsValues.numberOrZero(user.get("cpu")) - cpuUsed;
            set.append("cpuAvailable", CpuGate.bsonNumber(Math.min(available, cpuBucketSizeMs)));
        }
        users().updateMany(MongoIds.byId(data.userId()), new Document("$set", set));
    }

    /**
     * Mirrors: driver lib/runtime/make.js activeForeignSegment: null → {@code $unset}; the same username with an id →
     * {@code $set activeForeignSegment.id} (screepsmod-mongo turns {@code $merge} into a dotted {@code $set});
     * otherwise the target user is looked up by username, {@code user_id} (and a missing id from its
     * {@code defaultPublicSegment}) filled in, and the whole object set. Idempotent.
     */
    void updateForeignSegment(RuntimeData data, TickResult result) {
        JsonNode requested = result.activeForeignSegment();
        if (requested == null) {
            return;
        }
        var byId = MongoIds.byId(data.userId());
        if (requested.isNull()) {
            users().updateMany(byId, new Document("$unset", new Document("activeForeignSegment", true)));
            return;
        }
        JsonNode current = data.payload().get("user").get("activeForeignSegment");
        if (JsValues.truthy(current)
                && JsValues.keyString(requested.get("username")).equals(JsValues.keyString(current.get("username")))
                && JsValues.truthy(requested.get("id"))) {
            users().updateMany(byId, new Document("$set",
                    new Document("activeForeignSegment.id", BsonJson.toBson(requested.get("id")))));
            return;
        }
        ObjectNode foreign = ((ObjectNode) requested).deepCopy();
        Document target = users().find(new Document("username", BsonJson.toBson(requested.get("username"))))
                .projection(Projections.include("defaultPublicSegment")).first();
        if (target != null) {
            foreign.set("user_id", BsonJson.toJsonValue(target.get("_id")));
            if (!JsValues.truthy(foreign.get("id")) && JsValues.truthy(BsonJson.toJsonValue(target.get("defaultPublicSegment")))) {
                foreign.set("id", BsonJson.toJsonValue(target.get("defaultPublicSegment")));
            }
        }
        users().updateMany(byId, new Document("$set", new Document("activeForeignSegment", BsonJson.toBson(foreign))));
    }

    /**
     * Mirrors: screepsmod-mongo lib/engine/driver.js saveUserIntents for {@code notify} (≤ 20, groupInterval clamped
     * to 0–1440 min, message cut to 500 characters, upsert {@code $inc count}), {@code global} → {@code users.intents}
     * and {@code market} → {@code market.intents}. Idempotent (see {@link #countOnce}).
     * Deviates from Node: {@code users.intents} and {@code market.intents} are upserted under the _id
     * {@code <userId>:<gameTime>} instead of inserted, so saving a tick twice leaves one document.
     */
    void saveIntentGroups(String userId, long gameTime, ObjectNode intents) {
        JsonNode notify = intents.get("notify");
        if (notify != null && notify.isArray()) {
            long now = wallClockMs.getAsLong();
            for (int i = 0; i < Math.min(20, notify.size()); i++) {
                JsonNode n = notify.get(i);
                double group = JsValues.numberOrZero(n.get("groupInterval"));
                group = Math.floor(Math.max(0, Math.min(1440, group)) * 60 * 1000);
                long date = group > 0 ? (long) (Math.ceil(now / group) * group) : now;
                String message = JsValues.keyString(n.get("message"));
                message = message.length() > 500 ? message.substring(0, 500) : message;
                Document filter = new Document("user", userId).append("message", message).append("date", date)
                        .append("type", "msg");
                countOnce(filter, new Document(), new Document(), gameTime + ":" + i);
            }
        }
        insertGroup("users.intents", intents.get("global"), userId, gameTime);
        insertGroup("market.intents", intents.get("market"), userId, gameTime);
    }

    /**
     * Mirrors: driver lib/index.js sendConsoleError, the notification: upsert into {@code users.notifications} of
     * {@code {user, message: error, type: 'error', date}} with {@code $inc count}, date rounded up to the user's
     * {@code notifyPrefs.errorsInterval} (minutes, default 30). Skipped when the user does not exist, as in Node.
     * Idempotent when {@code tickKey} is given (a saved tick: {@code <gameTime>:error}); not idempotent without one
     * (a failed tick's report, as Node).
     */
    void notifyError(String userId, String error, JsonNode knownUser, String tickKey) {
        JsonNode user = knownUser;
        if (user == null) {
            Document d = users().find(MongoIds.byId(userId)).first();
            if (d == null) {
                return;
            }
            user = BsonJson.toJson(d);
        }
        double interval = DEFAULT_ERRORS_INTERVAL_MS;
        JsonNode prefs = user.get("notifyPrefs");
        if (JsValues.truthy(prefs) && JsValues.truthy(prefs.get("errorsInterval"))) {
            interval = JsValues.numberOrZero(prefs.get("errorsInterval")) * 60 * 1000;
        }
        long date = (long) (Math.ceil(wallClockMs.getAsLong() / interval) * interval);
        Document filter = new Document("user", userId).append("message", error).append("type", "error")
                .append("date", new Document("$lte", date));
        Document set = new Document("user", userId).append("message", error).append("type", "error").append("date", date);
        if (tickKey == null) {
            db.getCollection("users.notifications").updateMany(filter,
                    new Document("$set", set).append("$inc", new Document("count", 1)), new UpdateOptions().upsert(true));
        } else {
            countOnce(filter, set, new Document("date", date), tickKey);
        }
    }

    /**
     * Counts one notification once per tick: {@code $inc count 1} and remembers {@code tickKey} in the document's
     * {@value #SAVED_TICKS} array (the last {@value #SAVED_TICKS_KEPT} keys) where the key is not there yet; when no
     * document matched, upserts one with {@code count 1} via {@code $setOnInsert} (a no-op if the document exists and
     * already holds the key). Saving the same tick twice therefore counts it once. Relies on one user's ticks being
     * saved one at a time (one ticket per user).
     *
     * <p>Deviates from Node: Node's {@code $inc count} counts a retried save twice; the extra field
     * {@value #SAVED_TICKS} is ours (the server's notification mailer ignores unknown fields).
     */
    private void countOnce(Document filter, Document set, Document insertOnly, String tickKey) {
        MongoCollection<Document> notifications = db.getCollection("users.notifications");
        Document update = new Document("$inc", new Document("count", 1))
                .append("$push", new Document(SAVED_TICKS, new Document("$each", java.util.List.of(tickKey))
                        .append("$slice", -SAVED_TICKS_KEPT)));
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        var result = notifications.updateOne(new Document(filter).append(SAVED_TICKS, new Document("$ne", tickKey)),
                update);
        if (result.getMatchedCount() == 0) {
            Document onInsert = new Document(insertOnly).append("count", 1)
                    .append(SAVED_TICKS, java.util.List.of(tickKey));
            notifications.updateOne(filter, new Document("$setOnInsert", onInsert), new UpdateOptions().upsert(true));
        }
    }

    private void insertGroup(String collection, JsonNode group, String userId, long gameTime) {
        if (group == null) {
            return;
        }
        String id = userId + ":" + gameTime;
        Document doc = new Document("_id", id).append("user", userId).append("intents", BsonJson.toBson(group));
        db.getCollection(collection).replaceOne(new Document("_id", id), doc, new ReplaceOptions().upsert(true));
    }

    private MongoCollection<Document> users() {
        return db.getCollection("users");
    }
}
