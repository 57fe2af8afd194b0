package dev.tickrunner.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.tickrunner.storage.internal.MongoLokiWorldImporter;
import dev.tickrunner.storage.internal.MongoResultWriter;
import dev.tickrunner.storage.internal.MongoRuntimeDataLoader;
import dev.tickrunner.storage.internal.MongoShardEnvironment;
import dev.tickrunner.storage.internal.MongoUserStore;
import dev.tickrunner.storage.internal.RedisConnections;
import dev.tickrunner.storage.internal.RedisUsersQueue;
import dev.tickrunner.storage.internal.RuntimeDataCaches;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
    /**
     * Server selection and connect timeout: while MongoDB is away a call fails within this (the driver's default is
     * 30 s), so retries and the circuit breaker of {@link StorageResilience} can act. A connection string's own
     * settings are replaced.
     */
    public static final Duration MONGO_TIMEOUT = Duration.ofMillis(500);
    /** Socket read timeout: longer than {@link #MONGO_TIMEOUT}, for the loader's large reads. */
    public static final Duration MONGO_READ_TIMEOUT = Duration.ofSeconds(3);
    /** Shard name used for {@code interShardMemory:<userId>} when none is given. */
    public static final String DEFAULT_SHARD_NAME = "shard0";

    private final StorageConfig config;
    private final LongSupplier wallClockMs;
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
        this.wallClockMs = wallClockMs;
        String uri = config.effectiveMongoUri();
        String dbName = Objects.requireNonNullElse(new ConnectionString(uri).getDatabase(), config.mongoDatabase());
        this.mongoClient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(MONGO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) MONGO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) MONGO_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToServerSettings(b -> b.heartbeatFrequency(500, TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(100, TimeUnit.MILLISECONDS))
                .build());
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
                config.mainLoopResetInterval(), wallClockMs, DEFAULT_SHARD_NAME);
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

    /**
     * A result writer whose inter-shard segments go to the field {@code shardName} of
     * {@code interShardMemory:<userId>}; the runner uses one per process, named after {@code Game.shard.name}.
     *
     * @param shardName {@code Game.shard.name}
     * @return a new writer over this storage
     */
    public ResultWriter resultWriter(String shardName) {
        return new MongoResultWriter(database, redis, config.cpuBucketSize(), config.mainLoopResetInterval(),
                wallClockMs, Objects.requireNonNull(shardName, "shardName"));
    }

    /**
     * The queue {@code name} ({@code <name>Pending}, {@code <name>Processing}, {@code queue_<name>_*}), for the legacy
     * driver's {@code queue.create(name)}; {@code users} is renamed {@code usersIvm} as driver lib/queue.js does.
     *
     * @param name the queue name
     * @return a new queue over this storage's Redis
     */
    public UsersQueue queue(String name) {
        String redisName = "users".equals(name) ? UsersQueue.NAME : Objects.requireNonNull(name, "name");
        return new RedisUsersQueue(redis, redisName, config.queuePollInterval());
    }

    /**
     * @param shardName {@code Game.shard.name}, the field of {@code interShardMemory:<userId>} to write
     * @return the piecewise writes of the Node driver's functions (compat-shims)
     */
    public UserStore userStore(String shardName) {
        return new MongoUserStore(database, redis, wallClockMs, Objects.requireNonNull(shardName, "shardName"));
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
