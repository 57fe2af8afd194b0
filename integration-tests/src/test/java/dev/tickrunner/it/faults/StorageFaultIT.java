package dev.tickrunner.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.storage.ShardEnvironment;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageConfig;
import dev.tickrunner.storage.StorageResilience;
import dev.tickrunner.storage.UsersQueue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Issue #5 fault injection with real servers: Redis is SIGKILLed and started again, then the MongoDB-wire server is
 * stopped and started again, while a main loop keeps feeding the users queue. Afterwards every ticket taken was either
 * saved completely or left no trace and was reported, and the runner recovered within 5 s of each service returning.
 * The timeline goes to {@code target/fault-timeline.md}.
 *
 * <p>The bots' code is replaced by a script whose effects are keyed by game time: {@code Memory.saved} gets
 * {@code Game.time} appended, segment 1 is set to it, and a {@code Game.notify('tick <time>')} is sent. A half-saved
 * tick that ran again would show as a duplicate in {@code Memory.saved} or a notification counted twice.
 */
class StorageFaultIT {
    private static final String CODE = "module.exports.loop = function () {\n"
            + "  const end = Game.cpu.getUsed() + 15;\n"
            + "  while (Game.cpu.getUsed() < end) { }\n"
            + "  const saved = Memory.saved || (Memory.saved = []);\n"
            + "  saved.push(Game.time);\n"
            + "  RawMemory.segments[1] = '' + Game.time;\n"
            + "  Game.notify('tick ' + Game.time);\n"
            + "  console.log('ran ' + Game.time);\n"
            + "};\n";
    private static final Duration OUTAGE = Duration.ofMillis(2500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long t0 = System.nanoTime();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final List<Timed> reports = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Long>> skippedMessages = new ConcurrentHashMap<>();

    private record Timed(long atMs, TickReport report) {
    }

    @Test
    void redisKilledAndMongoStoppedDuringManyTicketsLoseNoTicketAndRecoverWithinFiveSeconds() throws Exception {
        assumeTrue(Files.isExecutable(FaultServices.REDIS_SERVER), "needs " + FaultServices.REDIS_SERVER);
        try (FaultServices services = new FaultServices()) {
            StorageConfig config = StorageConfig.custom().mongoUri(services.mongoUri()).redisHost("127.0.0.1")
                    .redisPort(services.redisPort()).build();
            try (ShardStorage mainLoopStorage = ShardStorage.open(config);
                 ShardStorage runnerStorage = ShardStorage.open(config)) {
                try (InputStream world = ScreepsPackages.bundled().open(WorldImport.BUNDLED_WORLD)) {
                    mainLoopStorage.worldImporter().importWorld(world, false);
                }
                mainLoopStorage.mongoDatabase().getCollection("users.code").updateMany(new Document(),
                        new Document("$set", new Document("modules.main", CODE)
                                .append("timestamp", System.currentTimeMillis())));
                RedisClient subscriber = RedisClient.create("redis://127.0.0.1:" + services.redisPort());
                StatefulRedisPubSubConnection<String, String> sub = subscriber.connectPubSub();
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String pattern, String channel, String message) {
                        recordSkipped(channel, message);
                    }
                });
                sub.sync().psubscribe("user:*/console");
                StorageResilience resilience = StorageResilience.ofDefaults();
                try (ShardRuntime runtime = new ShardRuntime(runnerStorage, "shard0", null, SandboxConfig.ofDefaults(),
                        r -> reports.add(new Timed(nowMs(), r)), resilience)) {
                    runtime.start(2);
                    AtomicBoolean mainLoopRunning = new AtomicBoolean(true);
                    AtomicLong ticks = new AtomicLong();
                    Thread mainLoop = Thread.ofPlatform().name("main-loop").start(
                            () -> mainLoop(mainLoopStorage, mainLoopRunning, ticks));
                    waitForTicks(ticks, 3, Duration.ofSeconds(60));
                    event("warm: " + ticks.get() + " main-loop ticks done, " + reports.size() + " tickets");

                    waitForTicketInFlight(mainLoopStorage);
                    event("SIGKILL redis-server :" + services.redisPort() + " with tickets in flight");
                    services.killRedis();
                    Thread.sleep(OUTAGE.toMillis());
                    services.startRedis();
                    long redisBackMs = event("redis-server started again (AOF: same data)");
                    long redisRecoveredMs = waitForDoneAfter(redisBackMs, Duration.ofSeconds(15));
                    event("first ticket saved after Redis returned (+" + (redisRecoveredMs - redisBackMs) + " ms)");
                    waitForTicks(ticks, ticks.get() + 2, Duration.ofSeconds(30));

                    waitForTicketInFlight(mainLoopStorage);
                    event("MongoDB-wire server stopped with tickets in flight (shutdownNow: listener and client "
                            + "connections closed)");
                    services.stopMongo();
                    Thread.sleep(OUTAGE.toMillis());
                    services.startMongo();
                    long mongoBackMs = event("MongoDB-wire server bound again on :" + services.mongoPort()
                            + " (same backend)");
                    long mongoRecoveredMs = waitForDoneAfter(mongoBackMs, Duration.ofSeconds(15));
                    event("first ticket saved after MongoDB returned (+" + (mongoRecoveredMs - mongoBackMs) + " ms)");
                    waitForTicks(ticks, ticks.get() + 3, Duration.ofSeconds(30));
                    mainLoopRunning.set(false);
                    mainLoop.join(15_000);
                    waitUntil(() -> runtime.coordinator().unsettledCount() == 0, Duration.ofSeconds(10));
                    event("main loop stopped after " + ticks.get() + " ticks; runner owes "
                            + runtime.coordinator().unsettledCount() + " tickets");
                    Thread.sleep(500);

                    Verdict v = verify(mainLoopStorage);
                    writeTimeline(v, redisRecoveredMs - redisBackMs, mongoRecoveredMs - mongoBackMs);
                    assertEquals(List.of(), v.duplicates, "a half-saved tick ran again");
                    assertEquals(List.of(), v.doubleCounted, "a notification was counted twice");
                    assertEquals(List.of(), v.doneNotSaved, "a ticket reported DONE is not in Memory");
                    assertEquals(List.of(), v.failedNotReported, "a skipped tick was not told to the player");
                    assertEquals(0, runtime.coordinator().unsettledCount());
                    assertTrue(redisRecoveredMs - redisBackMs < 5000, "Redis recovery " + (redisRecoveredMs - redisBackMs));
                    assertTrue(mongoRecoveredMs - mongoBackMs < 5000, "Mongo recovery " + (mongoRecoveredMs - mongoBackMs));
                } finally {
                    sub.close();
                    subscriber.shutdown();
                }
            }
        }
    }

    /** As the engine's main loop: enqueue the active users, wait up to 5 s, reset on timeout, next tick. */
    private void mainLoop(ShardStorage storage, AtomicBoolean running, AtomicLong ticks) {
        ShardEnvironment environment = storage.environment();
        UsersQueue queue = storage.usersQueue();
        long enqueued = -1;
        while (running.get()) {
            try {
                long gameTime = environment.gameTime();
                if (gameTime != enqueued) {
                    enqueued = gameTime; // each game time is enqueued at most once, even when a later step fails
                    queue.addMulti(environment.activeUserIds());
                }
                // Cold sandboxes (first GraalJS contexts on 2 shared cores) can take longer than the 5 s reset; a reset
                // while a ticket is still running lets the same user's next ticket run concurrently (as in Node), so
                // the warm-up ticks get 60 s.
                Duration reset = ticks.get() < 3 ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
                if (!queue.whenAllDone(reset)) {
                    event("main loop: tick " + gameTime + " did not drain in " + reset.toSeconds() + " s, queue reset");
                    queue.reset();
                }
                environment.setGameTime(gameTime + 1);
                ticks.incrementAndGet();
            } catch (RuntimeException e) {
                FaultServices.sleep(100);
            }
        }
    }

    /** Waits until a runner holds a ticket (usersIvmProcessing not empty), so the fault hits tickets in flight. */
    private static void waitForTicketInFlight(ShardStorage storage) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (storage.usersQueue().processingCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private record Verdict(int taken, int done, int saveFailed, int putBackLoads, List<String> duplicates,
                           List<String> doubleCounted, List<String> doneNotSaved, List<String> failedNotReported) {
    }

    private Verdict verify(ShardStorage storage) throws Exception {
        List<String> duplicates = new ArrayList<>();
        List<String> doubleCounted = new ArrayList<>();
        List<String> doneNotSaved = new ArrayList<>();
        List<String> failedNotReported = new ArrayList<>();
        Map<String, Set<Long>> savedByUser = new ConcurrentHashMap<>();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + storage.config().redisPort());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String user : storage.environment().activeUserIds()) {
                JsonNode memory = JSON.readTree(c.sync().get("memory:" + user));
                Set<Long> saved = new HashSet<>();
                memory.path("saved").forEach(t -> {
                    if (!saved.add(t.asLong())) {
                        duplicates.add(user + "@" + t.asLong());
                    }
                });
                savedByUser.put(user, saved);
            }
        } finally {
            client.shutdown();
        }
        for (Document n : storage.mongoDatabase().getCollection("users.notifications").find(new Document("type", "msg"))) {
            if (n.getInteger("count", 0) != 1) {
                doubleCounted.add(n.getString("user") + " " + n.getString("message") + " x" + n.get("count"));
            }
        }
        int done = 0;
        int saveFailed = 0;
        int loads = 0;
        for (Timed t : reports) {
            TickReport r = t.report();
            switch (r.result()) {
                case DONE -> {
                    done++;
                    if (!savedByUser.getOrDefault(r.userId(), Set.of()).contains(r.gameTime())) {
                        doneNotSaved.add(r.userId() + "@" + r.gameTime());
                    }
                }
                case SAVE_FAILED, LOAD_FAILED -> {
                    saveFailed++;
                    if (r.gameTime() < 0) {
                        loads++;
                    } else if (!skippedMessages.getOrDefault(r.userId(), Set.of()).contains(r.gameTime())) {
                        failedNotReported.add(r.userId() + "@" + r.gameTime());
                    }
                }
                default -> { }
            }
        }
        return new Verdict(reports.size(), done, saveFailed, loads, duplicates, doubleCounted, doneNotSaved,
                failedNotReported);
    }

    private void writeTimeline(Verdict v, long redisRecoveryMs, long mongoRecoveryMs) throws Exception {
        StringBuilder md = new StringBuilder("# Storage fault timeline (StorageFaultIT)\n\n| t (ms) | event |\n|---:|---|\n");
        timeline.forEach(line -> md.append(line).append('\n'));
        md.append("\n## Tickets\n\n")
                .append("- taken (one report each): ").append(v.taken()).append('\n')
                .append("- saved completely (DONE): ").append(v.done()).append('\n')
                .append("- not saved, put back on usersIvmPending: ").append(v.saveFailed())
                .append(" (of which ").append(v.putBackLoads()).append(" failed while loading, ")
                .append(v.saveFailed() - v.putBackLoads()).append(" while saving, each told \"Tick N skipped\")\n")
                .append("- half-saved ticks found (duplicate game time in Memory.saved): ").append(v.duplicates().size())
                .append('\n')
                .append("- notifications counted twice: ").append(v.doubleCounted().size()).append('\n')
                .append("- recovery after Redis returned: ").append(redisRecoveryMs).append(" ms\n")
                .append("- recovery after MongoDB returned: ").append(mongoRecoveryMs).append(" ms\n");
        Path out = Path.of("target", "fault-timeline.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
    }

    private void recordSkipped(String channel, String message) {
        try {
            JsonNode m = JSON.readTree(message);
            String error = m.path("error").asText("");
            if (error.startsWith("Tick ") && error.contains(" skipped: ")) {
                long gameTime = Long.parseLong(error.substring(5, error.indexOf(' ', 5)));
                skippedMessages.computeIfAbsent(m.path("userId").asText(), k -> ConcurrentHashMap.newKeySet())
                        .add(gameTime);
            }
        } catch (Exception e) {
            // not a JSON error message
        }
    }

    private long waitForDoneAfter(long sinceMs, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            for (Timed t : reports) {
                if (t.atMs() >= sinceMs && t.report().result() == ResultTag.DONE) {
                    return t.atMs();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ticket saved within " + max + " after the service returned; reports: " + reports);
    }

    private static void waitForTicks(AtomicLong ticks, long atLeast, Duration max) throws InterruptedException {
        waitUntil(() -> ticks.get() >= atLeast, max);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration max)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max);
            }
            Thread.sleep(20);
        }
    }

    private long event(String text) {
        long ms = nowMs();
        String outcomes = reports.stream().collect(java.util.stream.Collectors.groupingBy(
                t -> t.report().result(), java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
        timeline.add("| " + ms + " | " + text + " — reports so far " + outcomes + " |");
        return ms;
    }

    private long nowMs() {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
