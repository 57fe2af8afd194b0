package dev.tickrunner.it.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.demo.DemoShard;
import dev.tickrunner.telemetry.MeterNames;
import dev.tickrunner.telemetry.TelemetryConfig;
import dev.tickrunner.telemetry.WatchdogAlertSink;
import dev.tickrunner.telemetry.WatchdogConfig;
import dev.tickrunner.telemetry.WatchdogEnforcer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The demo with its telemetry endpoint on an ephemeral port: /metrics, /health and /runtime/metrics while the bundled
 * bots run, then one bot's code replaced by code that always throws (its own exception: no reset, no alert, as on
 * Node), then by an endless loop, so the failure watchdog fires on its third timed-out tick: a fresh sandbox, a WARN line, a counter, a {@code users.notifications} entry of type {@code watchdog} and a
 * message on {@code tickrunner:watchdog}; finally {@code runtimeRestart} clears every sandbox. Writes what an operator sees to {@code target/metrics-excerpt.txt} and
 * {@code target/watchdog-operator-view.txt}.
 */
class DemoTelemetryIT {
    private static final String BOT = "a1123272b261687";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void demoServesMetricsAndTheWatchdogResetsAndAlertsAboutAFailingBot() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(WatchdogEnforcer.class)).addAppender(log);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (DemoShard shard = DemoShard.start(2, new TelemetryConfig(TelemetryConfig.DEFAULT_METRICS_HOST, 0, WatchdogConfig.ofDefaults(),
                InstantSource.system()))) {
            int port = shard.runtime().telemetry().port().orElseThrow();
            List<TickReport> first = shard.runTicks(3, out);
            assertEquals(12, first.size(), "4 bots x 3 ticks");
            long done = first.stream().filter(r -> r.result() == ResultTag.DONE).count();
            assertTrue(done >= 9, "most bot ticks are done (a cold, interpreted first tick may time out): " + first);

            String metrics = get(port, "/metrics");
            for (String name : List.of(MeterNames.TICKS, MeterNames.TICK_CPU, MeterNames.TICK_ALLOCATION,
                    MeterNames.TICK_STAGE, MeterNames.TICKETS, MeterNames.QUEUE_DEPTH, MeterNames.SANDBOXES,
                    MeterNames.SANDBOX_ACQUIRE, MeterNames.SANDBOX_CREATION, MeterNames.SANDBOX_RESETS,
                    MeterNames.STORAGE_CALLS, MeterNames.JIT_ACTIVE)) {
                assertTrue(metrics.contains(name.replace('.', '_')), name + " missing");
            }
            assertTrue(metrics.contains("tickrunner_ticks_seconds_count{result=\"done\"} " + done), metrics);
            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.writeString(target.resolve("metrics-excerpt.txt"), excerpt(metrics));

            JsonNode health = JSON.readTree(get(port, "/health"));
            assertEquals("UP", health.get("status").asText());
            JsonNode sandboxes = JSON.readTree(get(port, "/runtime/metrics"));
            assertTrue(sandboxes.size() >= 3 && sandboxes.size() <= 4, sandboxes.toString());
            assertTrue(metrics.contains("tickrunner_sandboxes{state=\"idle\"} " + sandboxes.size()), metrics);
            assertTrue(metrics.contains("tickrunner_sandbox_creation_seconds_count "), metrics);
            for (JsonNode sandbox : sandboxes) {
                for (String field : List.of("userId", "codeTimestamp", "lastUsed", "sandboxAgeMs", "ticksRun",
                        "lastTickCpuMs", "lastTickAllocatedBytes", "lastTickResult", "consecutiveFailures")) {
                    assertTrue(sandbox.hasNonNull(field), field + " in " + sandbox);
                }
                assertTrue(sandbox.get("ticksRun").asLong() >= 1, sandbox.toString());
                assertTrue(sandbox.get("lastTickAllocatedBytes").asLong() > 0, sandbox.toString());
            }

            LinkedBlockingQueue<String> published = new LinkedBlockingQueue<>();
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + shard.services().redisPort());
            try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        published.add(message);
                    }
                });
                sub.sync().subscribe(WatchdogAlertSink.CHANNEL);
                upload(shard, "module.exports.loop = function () { throw new Error('watchdog demo: this bot always throws'); };");
                List<TickReport> throwing = shard.runTicks(3, out);
                assertEquals(3, throwing.stream().filter(r -> r.userId().equals(BOT))
                        .filter(r -> r.result() == ResultTag.ERROR).count(), throwing.toString());
                assertEquals(null, published.poll(1, TimeUnit.SECONDS),
                        "a player's own exception is not a sandbox failure: no alert, the global stays, as on Node");
                assertTrue(log.list.isEmpty(), "no watchdog WARN for a throwing bot");

                // An endless loop spends the tick limit (up to 500 ms) of its CPU bucket every tick: fill the bucket so
                // that the CPU gate does not skip the third tick.
                shard.storage().mongoDatabase().getCollection("users").updateOne(Filters.eq("_id", BOT),
                        Updates.set("cpuAvailable", 10_000));
                upload(shard, "module.exports.loop = function () { for (;;) { } };");
                List<TickReport> failing = shard.runTicks(3, out);
                assertEquals(3, failing.stream().filter(r -> r.userId().equals(BOT))
                        .filter(r -> r.result() == ResultTag.TIMEOUT).count(), failing.toString());

                String message = published.poll(10, TimeUnit.SECONDS);
                assertNotNull(message, "no message on " + WatchdogAlertSink.CHANNEL);
                JsonNode alert = JSON.readTree(message);
                assertEquals(BOT, alert.get("userId").asText());
                assertEquals(3, alert.get("consecutiveFailures").asInt());
                assertEquals("sandbox_reset", alert.get("action").asText());

                Document notification = shard.storage().mongoDatabase().getCollection("users.notifications")
                        .find(Filters.and(Filters.eq("user", BOT), Filters.eq("type", "watchdog"))).first();
                assertNotNull(notification, "no watchdog notification");
                assertEquals(1, ((Number) notification.get("count")).intValue());

                String after = get(port, "/metrics");
                assertTrue(after.contains("tickrunner_watchdog_alerts_total{result=\"raised\"} 1.0"), after);
                assertTrue(after.contains("tickrunner_sandbox_resets_total{reason=\"watchdog\"} 1.0"), after);
                assertTrue(after.contains("tickrunner_sandbox_resets_total{reason=\"code_changed\"} 2.0"), after);
                long errors = java.util.stream.Stream.of(first, throwing, failing).flatMap(List::stream)
                        .filter(r -> r.result() == ResultTag.ERROR).count();
                assertTrue(after.contains("tickrunner_ticks_seconds_count{result=\"error\"} " + errors), after);
                assertEquals(1, log.list.size(), "one WARN line");
                String warn = log.list.getFirst().getFormattedMessage();
                assertTrue(warn.contains(BOT) && warn.contains("3 ticks in a row"), warn);

                Files.writeString(target.resolve("watchdog-operator-view.txt"), String.join("\n",
                        "# WARN log line",
                        log.list.getFirst().getLevel() + " [" + log.list.getFirst().getThreadName() + "] "
                                + log.list.getFirst().getLoggerName() + " - " + warn,
                        "", "# users.notifications entry",
                        notification.toJson(),
                        "", "# PUBLISH " + WatchdogAlertSink.CHANNEL,
                        message,
                        "", "# /metrics after the alert",
                        after.lines().filter(l -> l.startsWith("tickrunner_watchdog") || l.startsWith(
                                "tickrunner_sandbox_resets") || l.startsWith("tickrunner_ticks_seconds_count"))
                                .collect(Collectors.joining("\n")), ""));

                int warm = JSON.readTree(get(port, "/runtime/metrics")).size();
                assertTrue(warm >= 1, "sandboxes warm before runtimeRestart");
                try (var pub = client.connect()) {
                    pub.sync().publish("runtimeRestart", "1");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String expected = "tickrunner_sandbox_resets_total{reason=\"restart\"} " + warm + ".0";
                while (!get(port, "/metrics").contains(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(get(port, "/metrics").contains(expected), "runtimeRestart clears every sandbox: " + expected);
                assertEquals(0, JSON.readTree(get(port, "/runtime/metrics")).size());
            } finally {
                client.shutdown();
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(WatchdogEnforcer.class)).detachAppender(log);
        }
    }

    /** Replaces the bot's code the way the server's code upload does: new modules, a newer timestamp. */
    private static void upload(DemoShard shard, String main) {
        shard.storage().mongoDatabase().getCollection("users.code").updateMany(Filters.eq("user", BOT),
                Updates.combine(Updates.set("modules.main", main), Updates.set("timestamp", System.currentTimeMillis())));
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private static String excerpt(String metrics) {
        return metrics.lines().filter(l -> l.contains("tickrunner_") && !l.contains("_bucket{"))
                .collect(Collectors.joining("\n")) + "\n";
    }
}
