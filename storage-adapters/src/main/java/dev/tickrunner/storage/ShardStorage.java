package dev.tickrunner.storage;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.tickrunner.storage.internal.MongoLokiWorldImporter;
import dev.tickrunner.storage.internal.MongoResultWriter;
import dev.tickrunner.storage.internal.MongoRuntimeDataLoader;
import dev.tickrunner.storage.internal.MongoShardEnvironment;
import dev.tickrunner.storage.internal.RedisConnections;
import dev.tickrunner.storage.internal.RedisUsersQueue;
import dev.tickrunner.storage.internal.RuntimeDataCaches;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The storage of one shard: one MongoDB client and one Redis client (a shared connection, connections for
 * transactions, a pub/sub connection), and the ports over them. Thread-safe: every port may be used by any number of
 * worker threads. Must be closed, or the clients' threads and sockets leak.
 *
 * <p>Mirrors: screepsmod-mongo lib/common/_connect.js storageConnect (one MongoClient, node redis clients
 * {@code redis}, {@code pub}, {@code sub}).
 */
public final class ShardStorage implements AutoCloseable {
    private final StorageConfig config;
    private final MongoClient mongoClient;
    private final MongoDatabase database;
    private final RedisConnections redis;
    private final UsersQueue usersQueue;
    private final RuntimeDataLoader runtimeDataLoader;
    private final ResultWriter resultWriter;
    private final ShardEnvironment environment;
    private final LokiWorldImporter worldImporter;

    private ShardStorage(StorageConfig config, LongSupplier wallClockMs) {
        this.config = config;
        String uri = config.effectiveMongoUri();
        String dbName = Objects.requireNonNullElse(new ConnectionString(uri).getDatabase(), config.mongoDatabase());
        this.mongoClient = MongoClients.create(uri);
        try {
            this.database = mongoClient.getDatabase(dbName);
            this.redis = new RedisConnections(config.redisHost(), config.redisPort(), config.redisDatabase());
        } catch (RuntimeException e) {
            mongoClient.close();
            throw e;
        }
        this.usersQueue = new RedisUsersQueue(redis, config.queuePollInterval());
        this.runtimeDataLoader = new MongoRuntimeDataLoader(database, redis,
                new RuntimeDataCaches(database, redis, wallClockMs), config.cpuMaxPerTick());
        this.resultWriter = new MongoResultWriter(database, redis, config.cpuBucketSize(),
                config.mainLoopResetInterval(), wallClockMs);
        this.environment = new MongoShardEnvironment(database, redis);
        this.worldImporter = new MongoLokiWorldImporter(database, redis);
    }

    /**
     * Connects to the shard's MongoDB and Redis. MongoDB connects lazily; Redis at once.
     *
     * @param config where the storage lives
     * @return the open storage; close it
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached
     */
    public static ShardStorage open(StorageConfig config) {
        return new ShardStorage(Objects.requireNonNull(config, "config"), System::currentTimeMillis);
    }

    /**
     * As {@link #open(StorageConfig)}, with a wall clock for the data.js caches and notification dates (tests).
     *
     * @param config      where the storage lives
     * @param wallClockMs {@code Date.now()}, ms since the epoch
     * @return the open storage; close it
     */
    public static ShardStorage open(StorageConfig config, LongSupplier wallClockMs) {
        return new ShardStorage(Objects.requireNonNull(config, "config"), Objects.requireNonNull(wallClockMs));
    }

    /** @return the configuration this storage was opened with */
    public StorageConfig config() {
        return config;
    }

    /** @return the users queue ({@code usersIvmPending} / {@code usersIvmProcessing}) */
    public UsersQueue usersQueue() {
        return usersQueue;
    }

    /** @return the runtime data loader (its caches live as long as this storage) */
    public RuntimeDataLoader runtimeDataLoader() {
        return runtimeDataLoader;
    }

    /** @return the result writer */
    public ResultWriter resultWriter() {
        return resultWriter;
    }

    /** @return game time, active users, terrain, world size, runtime restart */
    public ShardEnvironment environment() {
        return environment;
    }

    /** @return the LokiJS world importer */
    public LokiWorldImporter worldImporter() {
        return worldImporter;
    }

    /** @return the MongoDB database, for tools and tests; the ports are the supported way to write */
    public MongoDatabase mongoDatabase() {
        return database;
    }

    /**
     * Publishes {@code message} on the Redis pub/sub channel {@code channel} (e.g. the runner's watchdog alerts).
     * Not idempotent: each call delivers one more message.
     *
     * @return the number of subscribers that received it
     */
    public long publish(String channel, String message) {
        return redis.commands().publish(channel, message);
    }

    /** Closes the Redis and MongoDB clients; the ports fail afterwards. */
    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            mongoClient.close();
        }
    }
}
