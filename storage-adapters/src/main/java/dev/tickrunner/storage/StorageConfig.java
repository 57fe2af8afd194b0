package dev.tickrunner.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the shard's storage lives and the engine limits the storage adapters apply: one MongoDB database and one
 * Redis database in the screepsmod-mongo layout. Immutable, checked when built.
 *
 * @param mongoHost              MongoDB host, used when {@code mongoUri} is empty
 * @param mongoPort              MongoDB port, 1–65535
 * @param mongoDatabase          MongoDB database name, not empty
 * @param mongoUri               a complete connection string (screepsmod-mongo {@code MONGO_CONN}); empty = build
 *                               {@code mongodb://host:port/database}. When set, its path names the database; the
 *                               {@code mongoDatabase} component is used when the URI has none
 * @param redisHost              Redis host
 * @param redisPort              Redis port, 1–65535
 * @param redisDatabase          Redis database index, 0–15
 * @param cpuMaxPerTick          the largest tick limit, ms ({@code config.engine.cpuMaxPerTick})
 * @param cpuBucketSize          the CPU bucket cap, ms ({@code config.engine.cpuBucketSize})
 * @param mainLoopResetInterval  main loop reset interval ({@code config.engine.mainLoopResetInterval}); room visuals
 *                               live {@code mainLoopResetInterval / 1000} seconds
 * @param queuePollInterval      how long {@link UsersQueue#fetch} and {@link UsersQueue#whenAllDone} sleep between two
 *                               polls of an empty queue (screepsmod-mongo lib/common/queue.js: 10 ms)
 */
public record StorageConfig(String mongoHost, int mongoPort, String mongoDatabase, String mongoUri,
                            String redisHost, int redisPort, int redisDatabase,
                            int cpuMaxPerTick, int cpuBucketSize, Duration mainLoopResetInterval,
                            Duration queuePollInterval) {

    /** screepsmod-mongo lib/common/index.js: {@code MONGO_HOST || 'localhost'}. */
    public static final String DEFAULT_MONGO_HOST = "localhost";
    /** screepsmod-mongo lib/common/index.js: {@code MONGO_PORT || 27017}. */
    public static final int DEFAULT_MONGO_PORT = 27017;
    /** screepsmod-mongo lib/common/index.js: {@code MONGO_DATABASE || 'screeps'}. */
    public static final String DEFAULT_MONGO_DATABASE = "screeps";
    /** screepsmod-mongo lib/common/index.js: {@code MONGO_CONN || ''}. */
    public static final String DEFAULT_MONGO_URI = "";
    /** screepsmod-mongo lib/common/index.js: {@code REDIS_HOST || 'localhost'}. */
    public static final String DEFAULT_REDIS_HOST = "localhost";
    /** screepsmod-mongo lib/common/index.js: {@code REDIS_PORT || 6379}. */
    public static final int DEFAULT_REDIS_PORT = 6379;
    /** The node redis client's default database (screepsmod-mongo passes {@code config.redis} unchanged). */
    public static final int DEFAULT_REDIS_DATABASE = 0;
    /** driver lib/index.js {@code config.engine.cpuMaxPerTick: 500}. */
    public static final int DEFAULT_CPU_MAX_PER_TICK = 500;
    /** driver lib/index.js {@code config.engine.cpuBucketSize: 10000}. */
    public static final int DEFAULT_CPU_BUCKET_SIZE = 10000;
    /** driver lib/index.js {@code config.engine.mainLoopResetInterval: 5000}. */
    public static final Duration DEFAULT_MAIN_LOOP_RESET_INTERVAL = Duration.ofMillis(5000);
    /** screepsmod-mongo lib/common/queue.js {@code setTimeout(check, 10)}. */
    public static final Duration DEFAULT_QUEUE_POLL_INTERVAL = Duration.ofMillis(10);

    /**
     * @throws NullPointerException     if a string or duration component is null
     * @throws IllegalArgumentException if {@code mongoHost} or {@code mongoDatabase} is blank, a port is not in
     *                                  1–65535, {@code redisDatabase} is not in 0–15, {@code cpuMaxPerTick <= 0},
     *                                  {@code cpuBucketSize <= 0}, {@code mainLoopResetInterval < 1 s} or
     *                                  {@code queuePollInterval <= 0}
     */
    public StorageConfig {
        Objects.requireNonNull(mongoHost, "mongoHost");
        Objects.requireNonNull(mongoDatabase, "mongoDatabase");
        Objects.requireNonNull(mongoUri, "mongoUri");
        Objects.requireNonNull(redisHost, "redisHost");
        Objects.requireNonNull(mainLoopResetInterval, "mainLoopResetInterval");
        Objects.requireNonNull(queuePollInterval, "queuePollInterval");
        require(!mongoHost.isBlank(), "mongoHost must not be blank, was '" + mongoHost + "'");
        require(!mongoDatabase.isBlank(), "mongoDatabase must not be blank, was '" + mongoDatabase + "'");
        require(mongoPort >= 1 && mongoPort <= 65535, "mongoPort must be in 1-65535, was " + mongoPort);
        require(redisPort >= 1 && redisPort <= 65535, "redisPort must be in 1-65535, was " + redisPort);
        require(redisDatabase >= 0 && redisDatabase <= 15, "redisDatabase must be in 0-15, was " + redisDatabase);
        require(cpuMaxPerTick > 0, "cpuMaxPerTick must be > 0 ms, was " + cpuMaxPerTick + " ms");
        require(cpuBucketSize > 0, "cpuBucketSize must be > 0 ms, was " + cpuBucketSize + " ms");
        require(mainLoopResetInterval.compareTo(Duration.ofSeconds(1)) >= 0,
                "mainLoopResetInterval must be >= 1 s, was " + mainLoopResetInterval);
        require(queuePollInterval.isPositive(), "queuePollInterval must be > 0, was " + queuePollInterval);
    }

    /** @return a builder holding every {@code DEFAULT_*} value */
    public static Builder custom() {
        return new Builder();
    }

    /** @return the configuration with every default (localhost Mongo and Redis, database 0) */
    public static StorageConfig ofDefaults() {
        return custom().build();
    }

    /** @return the MongoDB connection string: {@code mongoUri}, or {@code mongodb://host:port/database} */
    public String effectiveMongoUri() {
        return mongoUri.isEmpty() ? "mongodb://" + mongoHost + ":" + mongoPort + "/" + mongoDatabase : mongoUri;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds a {@link StorageConfig}; one thread at a time. */
    public static final class Builder {
        private String mongoHost = DEFAULT_MONGO_HOST;
        private int mongoPort = DEFAULT_MONGO_PORT;
        private String mongoDatabase = DEFAULT_MONGO_DATABASE;
        private String mongoUri = DEFAULT_MONGO_URI;
        private String redisHost = DEFAULT_REDIS_HOST;
        private int redisPort = DEFAULT_REDIS_PORT;
        private int redisDatabase = DEFAULT_REDIS_DATABASE;
        private int cpuMaxPerTick = DEFAULT_CPU_MAX_PER_TICK;
        private int cpuBucketSize = DEFAULT_CPU_BUCKET_SIZE;
        private Duration mainLoopResetInterval = DEFAULT_MAIN_LOOP_RESET_INTERVAL;
        private Duration queuePollInterval = DEFAULT_QUEUE_POLL_INTERVAL;

        private Builder() {
        }

        /** @param value MongoDB host @return this builder */
        public Builder mongoHost(String value) { this.mongoHost = value; return this; }

        /** @param value MongoDB port @return this builder */
        public Builder mongoPort(int value) { this.mongoPort = value; return this; }

        /** @param value MongoDB database name @return this builder */
        public Builder mongoDatabase(String value) { this.mongoDatabase = value; return this; }

        /** @param value complete MongoDB connection string, or empty @return this builder */
        public Builder mongoUri(String value) { this.mongoUri = value; return this; }

        /** @param value Redis host @return this builder */
        public Builder redisHost(String value) { this.redisHost = value; return this; }

        /** @param value Redis port @return this builder */
        public Builder redisPort(int value) { this.redisPort = value; return this; }

        /** @param value Redis database index, 0–15 @return this builder */
        public Builder redisDatabase(int value) { this.redisDatabase = value; return this; }

        /** @param valueMs largest tick limit, ms @return this builder */
        public Builder cpuMaxPerTick(int valueMs) { this.cpuMaxPerTick = valueMs; return this; }

        /** @param valueMs CPU bucket cap, ms @return this builder */
        public Builder cpuBucketSize(int valueMs) { this.cpuBucketSize = valueMs; return this; }

        /** @param value main loop reset interval @return this builder */
        public Builder mainLoopResetInterval(Duration value) { this.mainLoopResetInterval = value; return this; }

        /** @param value pause between two polls of an empty queue @return this builder */
        public Builder queuePollInterval(Duration value) { this.queuePollInterval = value; return this; }

        /**
         * @return the checked configuration
         * @throws IllegalArgumentException as {@link StorageConfig#StorageConfig}
         */
        public StorageConfig build() {
            return new StorageConfig(mongoHost, mongoPort, mongoDatabase, mongoUri, redisHost, redisPort,
                    redisDatabase, cpuMaxPerTick, cpuBucketSize, mainLoopResetInterval, queuePollInterval);
        }
    }
}
