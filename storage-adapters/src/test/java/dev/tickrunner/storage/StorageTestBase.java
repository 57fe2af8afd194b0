package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Opens a {@link ShardStorage} on empty services before each test: the test Redis database is flushed (never
 * database 0) and the MongoDB database dropped. Subclasses choose the services.
 */
abstract class StorageTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The recorded player: EmmaBot, room W1N1. */
    static final String EMMA = "17c332744f825c7";

    protected final AtomicLong clockMs = new AtomicLong(1_700_000_000_000L);
    protected StorageConfig config;
    protected ShardStorage storage;
    protected MongoDatabase mongo;
    protected RedisCommands<String, String> redis;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redisConnection;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private final BlockingQueue<String[]> published = new LinkedBlockingQueue<>();

    /** @return the services this variant runs against */
    protected abstract StorageServices services();

    @BeforeEach
    void openStorage() {
        config = services().config();
        redisClient = RedisClient.create(RedisURI.builder().withHost(config.redisHost()).withPort(config.redisPort())
                .withDatabase(config.redisDatabase()).build());
        redisConnection = redisClient.connect();
        redis = redisConnection.sync();
        assertEquals(StorageServices.TEST_REDIS_DATABASE, config.redisDatabase());
        redis.flushdb();
        storage = ShardStorage.open(config, clockMs::get);
        mongo = storage.mongoDatabase();
        mongo.drop();
    }

    @AfterEach
    void closeStorage() {
        if (pubSub != null) {
            pubSub.close();
        }
        storage.close();
        redisConnection.close();
        redisClient.shutdown();
    }

    /** Subscribes the test to channels; messages arrive in {@link #nextMessage}. */
    protected void subscribe(String... channels) {
        if (pubSub == null) {
            pubSub = redisClient.connectPubSub();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    published.add(new String[] {channel, message});
                }
            });
        }
        pubSub.sync().subscribe(channels);
    }

    /** @return {channel, message} of the next publish, failing after 5 s */
    protected String[] nextMessage() {
        try {
            String[] m = published.poll(5, TimeUnit.SECONDS);
            assertNotNull(m, "no message published within 5 s");
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return messages published so far and not yet taken, after a short settle time */
    protected List<String[]> drainMessages() throws InterruptedException {
        Thread.sleep(200);
        List<String[]> out = new java.util.ArrayList<>();
        published.drainTo(out);
        return out;
    }

    /** Loads as the runner's load step does: {@link RuntimeDataLoader#load}, then {@link RuntimeDataLoader#commit}. */
    protected LoadResult loadAndCommit(String userId) {
        LoadResult result = storage.runtimeDataLoader().load(userId);
        storage.runtimeDataLoader().commit(result);
        return result;
    }

    /** Imports {@code db.original.json} from the test class path. */
    protected LokiWorldImporter.ImportSummary importWorld(boolean keepLokiMeta) {
        try (InputStream in = resource("db.original.json")) {
            return storage.worldImporter().importWorld(in, keepLokiMeta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream resource(String name) {
        InputStream in = StorageTestBase.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, name + " on the test class path");
        return in;
    }

    static JsonNode resourceJson(String name) {
        try (InputStream in = resource(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
