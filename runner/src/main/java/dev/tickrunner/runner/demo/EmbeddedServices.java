package dev.tickrunner.runner.demo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The servers of the embedded default, on loopback ports chosen at start: an in-process MongoDB-wire server
 * (mongo-java-server, memory backend) and a real Redis ({@code embedded-redis}, which ships the redis-server binary
 * in its jar). Nothing is downloaded at run time. Close to stop both.
 */
public final class EmbeddedServices implements AutoCloseable {
    private final MongoServer mongo;
    private final RedisServer redis;
    private final InetSocketAddress mongoAddress;
    private final int redisPort;

    private EmbeddedServices(MongoServer mongo, InetSocketAddress mongoAddress, RedisServer redis, int redisPort) {
        this.mongo = mongo;
        this.mongoAddress = mongoAddress;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /**
     * Starts both servers on free loopback ports.
     *
     * @throws UncheckedIOException if Redis cannot be started
     */
    public static EmbeddedServices start() {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress mongoAddress = mongo.getLocalAddress();
        try {
            int port = freePort();
            RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            redis.start();
            return new EmbeddedServices(mongo, mongoAddress, redis, port);
        } catch (IOException e) {
            mongo.shutdownNow();
            throw new UncheckedIOException("Cannot start the embedded Redis", e);
        }
    }

    /** @return the MongoDB connection string, database {@code screeps} */
    public String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoAddress.getPort() + "/screeps";
    }

    /** @return the MongoDB-wire server's port on 127.0.0.1 */
    public int mongoPort() {
        return mongoAddress.getPort();
    }

    /** @return the embedded Redis port on 127.0.0.1 */
    public int redisPort() {
        return redisPort;
    }

    @Override
    public void close() {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            mongo.shutdownNow();
        }
    }

    /**
     * @return a TCP port on loopback that was free a moment ago
     * @throws IOException if no socket can be bound
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
