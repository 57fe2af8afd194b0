package dev.tickrunner.it.faults;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.tickrunner.runner.demo.EmbeddedServices;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Redis ({@code /usr/bin/redis-server}, on its own loopback port, AOF with fsync always so a SIGKILL loses nothing)
 * and a MongoDB-wire server (mongo-java-server, memory backend) that the fault tests can kill and start again on the
 * same ports with the same data. Never touches the shared Redis on 6379.
 */
public final class FaultServices implements AutoCloseable {
    static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

    private final MongoBackend backend;
    private final int mongoPort;
    private final int redisPort;
    private final Path redisDir;
    private MongoServer mongo;
    private Process redis;

    /**
     * Starts both on free loopback ports.
     *
     * @throws IOException if redis-server does not answer within 10 s
     */
    public FaultServices() throws IOException {
        MemoryBackend real = new MemoryBackend();
        // The backend outlives each server: a stopped server must not close (and so clear) it.
        this.backend = (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[] {MongoBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        this.mongoPort = EmbeddedServices.freePort();
        this.redisPort = EmbeddedServices.freePort();
        this.redisDir = Files.createTempDirectory("fault-redis");
        startMongo();
        startRedis();
    }

    /** @return the MongoDB-wire server's port on 127.0.0.1 */
    public int mongoPort() {
        return mongoPort;
    }

    /** @return the Redis port on 127.0.0.1 */
    public int redisPort() {
        return redisPort;
    }

    /** @return the connection string of the MongoDB-wire server, database {@code screeps} */
    public String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort + "/screeps";
    }

    synchronized void startMongo() {
        mongo = new MongoServer(backend);
        mongo.bind("127.0.0.1", mongoPort);
    }

    /** Closes the listening socket and every client connection at once. */
    synchronized void stopMongo() {
        mongo.shutdownNow();
        mongo = null;
    }

    /**
     * Starts redis-server (again) on the same port and data directory.
     *
     * @throws IOException if it does not answer within 10 s
     */
    public synchronized void startRedis() throws IOException {
        redis = new ProcessBuilder(REDIS_SERVER.toString(), "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", redisDir.toString())
                .redirectOutput(new File(redisDir.toFile(), "redis.log")).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", redisPort), 200);
                return;
            } catch (IOException e) {
                sleep(20);
            }
        }
        throw new IOException("redis-server did not start on " + redisPort);
    }

    /** SIGKILL: no shutdown, every connection reset. */
    public synchronized void killRedis() throws InterruptedException {
        redis.destroyForcibly();
        redis.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        if (redis != null) {
            redis.destroyForcibly();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
