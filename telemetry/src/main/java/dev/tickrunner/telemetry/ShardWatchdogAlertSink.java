package dev.tickrunner.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.tickrunner.storage.ShardStorage;
import java.io.UncheckedIOException;
import org.bson.Document;

/**
 * Sends watchdog alerts to the shard: a {@code users.notifications} entry of type {@code watchdog} for the player
 * (shown and e-mailed by the server like any notification) and a JSON message on {@value #CHANNEL}.
 *
 * <p>Mirrors: driver lib/index.js sendNotification (upsert on {@code {user, message, date ≤ now, type}},
 * {@code $set {user, message, date: now, type}}, {@code $inc {count: 1}}), with {@code type: 'watchdog'}.
 */
public final class ShardWatchdogAlertSink implements WatchdogAlertSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShardStorage storage;

    /** @param storage the shard's open storage */
    public ShardWatchdogAlertSink(ShardStorage storage) {
        this.storage = storage;
    }

    @Override
    public void send(WatchdogDecision decision) {
        long nowMs = decision.decidedAt().toEpochMilli();
        String message = notificationText(decision);
        MongoCollection<Document> notifications = storage.mongoDatabase().getCollection("users.notifications");
        notifications.updateOne(
                Filters.and(Filters.eq("user", decision.userId()), Filters.eq("message", message),
                        Filters.lte("date", nowMs), Filters.eq("type", NOTIFICATION_TYPE)),
                Updates.combine(Updates.set("user", decision.userId()), Updates.set("message", message),
                        Updates.set("date", nowMs), Updates.set("type", NOTIFICATION_TYPE), Updates.inc("count", 1)),
                new UpdateOptions().upsert(true));
        storage.publish(CHANNEL, channelMessage(decision));
    }

    /** @return the notification text the player reads */
    static String notificationText(WatchdogDecision decision) {
        String error = firstLine(decision.lastError());
        return "Your script failed " + decision.consecutiveFailures() + " ticks in a row"
                + (error == null ? "" : " (last error: " + error + ")")
                + "; the runner reset its global (a fresh sandbox) for the next tick.";
    }

    /** @return the pub/sub JSON: {@code {userId, consecutiveFailures, lastResult, lastError, gameTime, action, date}} */
    static String channelMessage(WatchdogDecision decision) {
        ObjectNode json = JSON.createObjectNode();
        json.put("userId", decision.userId());
        json.put("consecutiveFailures", decision.consecutiveFailures());
        json.put("lastResult", decision.lastResult().tagValue());
        json.put("lastError", firstLine(decision.lastError()));
        json.put("gameTime", decision.gameTime());
        json.put("action", "sandbox_reset");
        json.put("date", decision.decidedAt().toEpochMilli());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
