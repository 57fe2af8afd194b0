package dev.tickrunner.it.shims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.runner.demo.DemoShard;
import dev.tickrunner.runner.demo.EmbeddedServices;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.shims.LegacyDriver;
import dev.tickrunner.shims.LegacyQueues;
import dev.tickrunner.storage.PlayerMessages;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageLimitExceededException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per Node driver function of {@link LegacyDriver}: the Redis keys, Mongo documents and messages each leaves
 * are those of the Node function it names (driver lib/index.js, lib/queue.js, screepsmod-mongo lib/engine/driver.js,
 * lib/common/queue.js), on the embedded MongoDB-wire server and Redis.
 */
class LegacyDriverIT {
    private static final String EMMA = "17c332744f825c7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedServices services;
    private static ShardStorage storage;
    private static RedisClient client;
    private static RedisCommands<String, String> redis;
    private static StatefulRedisPubSubConnection<String, String> pubSub;
    private static final BlockingQueue<String[]> published = new LinkedBlockingQueue<>();
    private LegacyDriver driver;

    @BeforeAll
    static void start() throws Exception {
        services = EmbeddedServices.start();
        storage = ShardStorage.open(DemoShard.storageConfig(services));
        client = RedisClient.create("redis://127.0.0.1:" + services.redisPort());
        StatefulRedisConnection<String, String> c = client.connect();
        redis = c.sync();
        pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                published.add(new String[] {channel, message});
            }
        });
        pubSub.sync().subscribe("user:" + EMMA + "/console");
    }

    @AfterAll
    static void stop() {
        pubSub.close();
        client.shutdown();
        storage.close();
        services.close();
    }

    @BeforeEach
    void emptyStorage() throws Exception {
        redis.flushdb();
        storage.mongoDatabase().drop();
        try (InputStream world = ScreepsPackages.bundled().open(WorldImport.BUNDLED_WORLD)) {
            storage.worldImporter().importWorld(world, false);
        }
        published.clear();
        driver = new LegacyDriver(storage, "shard0", null);
    }

    @Test
    void saveUserMemorySetsTheMemoryKeyAndRejectsOver2MbWithTheNodeText() {
        driver.saveUserMemory(EMMA, "{\"a\":1}");
        assertEquals("{\"a\":1}", redis.get("memory:" + EMMA));
        StorageLimitExceededException e = assertThrows(StorageLimitExceededException.class,
                () -> driver.saveUserMemory(EMMA, "x".repeat(2 * 1024 * 1024 + 1)));
        assertEquals(PlayerMessages.MEMORY_LIMIT_REACHED, e.getMessage());
        assertEquals("{\"a\":1}", redis.get("memory:" + EMMA));
    }

    @Test
    void saveUserMemorySegmentsHmsetsTheSegmentHashAndNothingForNoSegments() {
        driver.saveUserMemorySegments(EMMA, Map.of());
        assertEquals(0, redis.exists("memorySegments:" + EMMA));
        driver.saveUserMemorySegments(EMMA, Map.of("0", "zero", "99", "last"));
        assertEquals(Map.of("0", "zero", "99", "last"), redis.hgetall("memorySegments:" + EMMA));
    }

    @Test
    void saveUserMemoryInterShardSegmentWritesItsOwnHashNotPublicSegments() {
        driver.saveUserMemoryInterShardSegment(EMMA, "{\"x\":1}");
        assertEquals(Map.of("shard0", "{\"x\":1}"), redis.hgetall("interShardMemory:" + EMMA));
        assertEquals(0, redis.exists("publicMemorySegments:" + EMMA));
        assertThrows(StorageLimitExceededException.class,
                () -> driver.saveUserMemoryInterShardSegment(EMMA, "x".repeat(100 * 1024 + 1)));
    }

    @Test
    void saveUserIntentsWritesRoomIntentsActiveRoomsNotificationsAndGlobalIntents() throws Exception {
        ObjectNode intents = (ObjectNode) JSON.readTree("{\"W1N1\":{\"c\":{\"move\":{\"direction\":3}}},"
                + "\"notify\":[{\"message\":\"hi\",\"groupInterval\":0}],\"global\":{\"g\":[1]},\"market\":{\"m\":[2]}}");
        driver.saveUserIntents(EMMA, intents);
        assertEquals("{\"c\":{\"move\":{\"direction\":3}}}", redis.hget("roomIntents:W1N1", EMMA));
        assertEquals(Set.of("W1N1"), redis.smembers("activeRooms"));
        Document note = storage.mongoDatabase().getCollection("users.notifications").find().first();
        assertEquals("hi", note.get("message"));
        assertEquals("msg", note.get("type"));
        assertEquals(1, note.getInteger("count"));
        assertEquals(EMMA, storage.mongoDatabase().getCollection("users.intents").find().first().get("user"));
        assertEquals(EMMA, storage.mongoDatabase().getCollection("market.intents").find().first().get("user"));
    }

    @Test
    void sendConsoleMessagesPublishesLogAndResultsOnTheConsoleChannel() throws Exception {
        driver.sendConsoleMessages(EMMA, List.of(new ConsoleMessage("<b>", true), new ConsoleMessage("<i>", false)),
                List.of("42"));
        String[] m = published.poll(5, TimeUnit.SECONDS);
        assertEquals("user:" + EMMA + "/console", m[0]);
        assertEquals("{\"messages\":{\"log\":[\"&#x3C;b&#x3E;\",\"<i>\"],\"results\":[\"42\"]},\"userId\":\"" + EMMA
                + "\"}", m[1]);
    }

    @Test
    void sendConsoleErrorPublishesTheErrorAndCountsAnErrorNotification() throws Exception {
        driver.sendConsoleError(EMMA, "Error: boom");
        String[] m = published.poll(5, TimeUnit.SECONDS);
        assertEquals("{\"userId\":\"" + EMMA + "\",\"error\":\"Error: boom\"}", m[1]);
        Document note = storage.mongoDatabase().getCollection("users.notifications")
                .find(new Document("type", "error")).first();
        assertEquals("Error: boom", note.get("message"));
        assertEquals(1, note.getInteger("count"));
        driver.sendConsoleError(EMMA, "");
        assertNull(published.poll(200, TimeUnit.MILLISECONDS), "an empty error sends nothing");
    }

    @Test
    void getAllUsersReturnsActiveUsersWithCpuByLastUsedDirtyTimeDescending() {
        var users = storage.mongoDatabase().getCollection("users");
        users.updateOne(new Document("_id", EMMA), new Document("$set", new Document("lastUsedDirtyTime", 99)));
        List<ObjectNode> all = driver.getAllUsers();
        assertFalse(all.isEmpty());
        assertEquals(EMMA, all.get(0).get("_id").asText());
        for (ObjectNode u : all) {
            assertTrue(u.path("cpu").asDouble() > 0 && u.path("active").asInt(1) != 0, u.toString());
        }
    }

    @Test
    void queueCreateUsersMapsToUsersIvmWithFetchMarkDoneAddAddMultiWhenAllDoneReset() {
        LegacyQueues.Queue users = driver.queue().create("users");
        assertTrue(users == driver.queue().create("users"), "one queue per name, as lib/queue.js register");
        users.add("a");
        users.addMulti(List.of("b", "c"));
        assertEquals(List.of("c", "b", "a"), redis.lrange("usersIvmPending", 0, -1));
        assertEquals("a", users.fetch(Duration.ZERO).orElseThrow());
        assertEquals(List.of("a"), redis.lrange("usersIvmProcessing", 0, -1));
        users.markDone("a");
        assertEquals(0, redis.llen("usersIvmProcessing"));
        assertFalse(users.whenAllDone(Duration.ofMillis(50)));
        users.reset();
        assertEquals(0, redis.exists("usersIvmPending", "usersIvmProcessing"));
        assertTrue(users.whenAllDone(Duration.ofMillis(50)));
        driver.queue().create("rooms").add("W1N1");
        assertEquals(List.of("W1N1"), redis.lrange("roomsPending", 0, -1));
    }

    @Test
    void makeRuntimeRunsOneTickAndPlayersSeeInterShardMemoryWhereTheOperatorTurnedItOn() {
        redis.hset("interShardMemory:" + EMMA, "shard1", "from shard1");
        storage.mongoDatabase().getCollection("users.code").updateMany(new Document("user", EMMA),
                new Document("$set", new Document("modules.main", "module.exports.loop = function () {\n"
                        + "  Memory.remote = InterShardMemory.getRemote('shard1');\n"
                        + "  Memory.localBefore = InterShardMemory.getLocal();\n"
                        + "  InterShardMemory.setLocal(JSON.stringify({t: Game.time}));\n"
                        + "};\n").append("timestamp", System.currentTimeMillis())));
        SandboxConfig multiShard = SandboxConfig.builder().interShardMemory(true).build();
        try (ShardRuntime runtime = new ShardRuntime(storage, "shard0", null, multiShard, r -> { })) {
            LegacyDriver withRunner = new LegacyDriver(storage, "shard0", runtime.coordinator());
            TickReport report = withRunner.makeRuntime(EMMA);
            assertEquals(ResultTag.DONE, report.result(), String.valueOf(report.error()));
        }
        String memory = redis.get("memory:" + EMMA);
        assertTrue(memory.contains("\"remote\":\"from shard1\""), memory);
        assertTrue(memory.contains("\"localBefore\":null"), memory);
        assertEquals("{\"t\":" + storage.environment().gameTime() + "}", redis.hget("interShardMemory:" + EMMA, "shard0"));
        assertEquals("from shard1", redis.hget("interShardMemory:" + EMMA, "shard1"));
    }
}
