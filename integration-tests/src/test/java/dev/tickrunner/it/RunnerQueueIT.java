package dev.tickrunner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.tickrunner.runner.ShardRuntime;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageConfig;
import dev.tickrunner.storage.UsersQueue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner as {@code tickrunner run} wires it, against a real Redis on loopback (database 13) and the in-process
 * MongoDB-wire server: tickets are consumed from {@code usersIvmPending}, finished (LREM from
 * {@code usersIvmProcessing}), and on stop every ticket in hand is finished while untaken ones stay queued.
 */
class RunnerQueueIT {
    private static final int REDIS_DATABASE = 13;
    private static final List<String> BOTS = List.of("a1123272b261687", "17c332744f825c7", "e3b732c504eb83a",
            "eea532c5a2f9e44");

    private MongoServer mongo;
    private ShardStorage storage;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void importWorld() throws Exception {
        redisClient = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(6379)
                .withDatabase(REDIS_DATABASE).build());
        redis = redisClient.connect();
        redis.sync().flushdb();
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        storage = ShardStorage.open(StorageConfig.custom()
                .mongoUri("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/screeps")
                .redisHost("127.0.0.1").redisPort(6379).redisDatabase(REDIS_DATABASE).build());
        try (InputStream world = ScreepsPackages.bundled().open(WorldImport.BUNDLED_WORLD)) {
            storage.worldImporter().importWorld(world, false);
        }
        storage.environment().updateRoomStatusData(System.currentTimeMillis());
    }

    @AfterEach
    void stop() {
        storage.close();
        mongo.shutdownNow();
        redis.sync().flushdb();
        redis.close();
        redisClient.shutdown();
    }

    @Test
    void workersConsumeTheQueueAndFinishEveryTicket() {
        ConcurrentLinkedQueue<TickReport> reports = new ConcurrentLinkedQueue<>();
        try (ShardRuntime runtime = new ShardRuntime(storage, "shard0", null, SandboxConfig.ofDefaults(), reports::add)) {
            runtime.start(2);
            UsersQueue queue = storage.usersQueue();
            queue.addMulti(BOTS);
            assertTrue(queue.whenAllDone(Duration.ofSeconds(60)), "queue drained");
            assertEquals(0, queue.pendingCount());
            assertEquals(0, queue.processingCount());
            assertEquals(Set.copyOf(BOTS), reports.stream().map(TickReport::userId).collect(java.util.stream.Collectors.toSet()));
            reports.forEach(r -> assertEquals(ResultTag.DONE, r.result(), r.toString()));
            for (String bot : BOTS) {
                assertNotNull(redis.sync().get("memory:" + bot), "memory:" + bot);
            }
        }
    }

    @Test
    void stoppingFinishesTicketsInHandAndLeavesTheRestQueued() {
        ConcurrentLinkedQueue<TickReport> reports = new ConcurrentLinkedQueue<>();
        UsersQueue queue = storage.usersQueue();
        ShardRuntime runtime = new ShardRuntime(storage, "shard0", null, SandboxConfig.ofDefaults(), reports::add);
        runtime.start(1);
        queue.addMulti(Collections.nCopies(5, BOTS).stream().flatMap(List::stream).toList());
        while (reports.isEmpty()) {
            Thread.onSpinWait();
        }
        runtime.close();
        assertEquals(0, queue.processingCount(), "no ticket left half-done in usersIvmProcessing");
        assertEquals(20, reports.size() + queue.pendingCount(), "every ticket was either finished or is still queued");
    }
}
