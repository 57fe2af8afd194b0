package dev.tickrunner.storage;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Where a storage contract test finds MongoDB and Redis. Each variant starts its services once per JVM. */
interface StorageServices {

    /** Redis database of the tests; never 0 (a demo may run there). */
    int TEST_REDIS_DATABASE = 11;

    /** @return a configuration pointing at the services, Redis database {@link #TEST_REDIS_DATABASE} */
    StorageConfig config();

    /** In-process mongo-java-server (memory backend) and the local Redis on 127.0.0.1:6379. */
    final class Local implements StorageServices {
        static final Local INSTANCE = new Local();
        private static MongoServer mongo;
        private static InetSocketAddress mongoAddress;

        @Override
        public synchronized StorageConfig config() {
            if (mongo == null) {
                mongo = new MongoServer(new MemoryBackend());
                mongoAddress = mongo.bind();
                Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdownNow));
            }
            return StorageConfig.custom()
                    .mongoUri("mongodb://127.0.0.1:" + mongoAddress.getPort() + "/screeps")
                    .redisHost("127.0.0.1").redisPort(6379).redisDatabase(TEST_REDIS_DATABASE).build();
        }
    }

    /** Testcontainers {@code mongo:7} and {@code redis:7}; only used when Docker is available. */
    final class Containers implements StorageServices {
        static final Containers INSTANCE = new Containers();
        private static GenericContainer<?> mongo;
        private static GenericContainer<?> redis;

        @Override
        public synchronized StorageConfig config() {
            if (mongo == null) {
                mongo = new GenericContainer<>(DockerImageName.parse("mongo:7")).withExposedPorts(27017);
                redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
                mongo.start();
                redis.start();
            }
            return StorageConfig.custom()
                    .mongoUri("mongodb://" + mongo.getHost() + ":" + mongo.getMappedPort(27017) + "/screeps")
                    .redisHost(redis.getHost()).redisPort(redis.getMappedPort(6379))
                    .redisDatabase(TEST_REDIS_DATABASE).build();
        }
    }
}
