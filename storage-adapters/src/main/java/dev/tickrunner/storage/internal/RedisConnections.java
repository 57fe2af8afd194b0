package dev.tickrunner.storage.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis side of one shard: a shared connection for single commands (Lettuce connections are thread-safe), idle
 * connections handed out one thread at a time for MULTI/EXEC (a transaction must own its connection), and one
 * pub/sub connection whose messages are dispatched to callbacks. Mirrors the three node redis clients screepsmod-mongo
 * opens ({@code redis}, {@code pub}, {@code sub}).
 */
public final class RedisConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);

    /**
     * Command timeout: a call to a Redis that hangs fails within this, not after Lettuce's 60 s. A Redis that went away
     * fails commands at once (they are rejected while disconnected), so this only bites on a slow answer: 2 s, because
     * on a loaded host (load average 8–12 on 2 cores) 500 ms timed out calls to a Redis that was up and opened the
     * breaker (issue #9).
     */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Connect timeout: a Redis that does not accept the connection within this is away. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private final ClientResources resources;
    private final Duration commandTimeout;
    private final RedisClient client;
    private final RedisClient transactionClient;
    private final StatefulRedisConnection<String, String> shared;
    private final Queue<StatefulRedisConnection<String, String>> idleTransactional = new ConcurrentLinkedQueue<>();
    private final Queue<StatefulRedisConnection<String, String>> allTransactional = new ConcurrentLinkedQueue<>();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;

    /**
     * Connects to {@code host:port}, database {@code database}, with {@link #DEFAULT_COMMAND_TIMEOUT}.
     *
     * @param host     Redis host
     * @param port     Redis port
     * @param database database index
     */
    public RedisConnections(String host, int port, int database) {
        this(host, port, database, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * Connects to {@code host:port}, database {@code database}. While Redis is away, commands on the shared and
     * pub/sub connections are rejected at once (no queueing in the client) and the connections reconnect by
     * themselves. Transaction connections never reconnect: Lettuce would otherwise replay the commands of a
     * half-sent MULTI outside the transaction after a reconnect; a broken one is thrown away instead.
     *
     * @param host           Redis host
     * @param port           Redis port
     * @param database       database index
     * @param commandTimeout how long one command (and a connect) may take
     */
    public RedisConnections(String host, int port, int database, Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
        RedisURI uri = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                .withTimeout(commandTimeout).build();
        // Reconnect attempts 10 ms, 20 ms, ... at most 500 ms apart (Lettuce's default grows to 30 s), so a runner is
        // connected again within about half a second of Redis returning.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS))
                .build();
        ClientOptions.Builder options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build());
        this.client = RedisClient.create(resources, uri);
        client.setOptions(options.autoReconnect(true).build());
        this.transactionClient = RedisClient.create(resources, uri);
        transactionClient.setOptions(options.autoReconnect(false).build());
        try {
            this.shared = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            transactionClient.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    /** @return the shared synchronous commands; never use MULTI on them */
    public RedisCommands<String, String> commands() {
        return shared.sync();
    }

    /**
     * Runs {@code work} on a connection no other thread uses meanwhile (for MULTI/EXEC), then waits for the future it
     * returns (its last command's, EXEC's) before the connection goes back. The commands {@code work} sends are
     * pipelined: Lettuce writes each at once without waiting for its reply, so a transaction of n commands costs one
     * round trip instead of n + 2 (on the live shard's loaded 2 cores, each round trip of the synchronous API waited
     * for a thread wake-up on both sides).
     *
     * @param work sends the commands; returns the future of the one whose reply is wanted (sent last)
     * @return that reply
     * @throws io.lettuce.core.RedisCommandTimeoutException   if it does not come within the command timeout
     * @throws io.lettuce.core.RedisCommandExecutionException if Redis answers with an error (EXECABORT included)
     * @throws io.lettuce.core.RedisException                 if the connection fails; it is then thrown away
     */
    public <T> T withOwnConnection(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> work) {
        StatefulRedisConnection<String, String> c = idleTransactional.poll();
        while (c != null && !c.isOpen()) {
            allTransactional.remove(c);
            c.closeAsync();
            c = idleTransactional.poll();
        }
        if (c == null) {
            c = transactionClient.connect();
            allTransactional.add(c);
        }
        boolean healthy = false;
        try {
            T result = LettuceFutures.awaitOrCancel(work.apply(c.async()), commandTimeout.toNanos(),
                    TimeUnit.NANOSECONDS);
            healthy = true;
            return result;
        } finally {
            if (healthy) {
                idleTransactional.offer(c);
            } else {
                allTransactional.remove(c);
                c.closeAsync();
            }
        }
    }

    /**
     * Subscribes a callback to a channel; it runs on the Lettuce event thread and must not block. The pub/sub
     * connection reconnects and subscribes its channels again by itself; messages published while it is away are lost.
     *
     * @return closing it removes the callback (the channel stays subscribed)
     * @throws io.lettuce.core.RedisException if Redis does not confirm the subscription (nothing is registered then,
     *         so a later call tries again)
     */
    public synchronized AutoCloseable subscribe(String channel, Consumer<String> callback) {
        StatefulRedisPubSubConnection<String, String> ps = pubSub();
        List<Consumer<String>> list = listeners.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>());
        if (list.isEmpty()) {
            ps.sync().subscribe(channel);
        }
        list.add(callback);
        return () -> list.remove(callback);
    }

    private synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
        if (pubSub == null) {
            StatefulRedisPubSubConnection<String, String> ps = client.connectPubSub();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    for (Consumer<String> c : listeners.getOrDefault(channel, List.of())) {
                        try {
                            c.accept(message);
                        } catch (RuntimeException e) {
                            LOG.warn("pub/sub callback on {} failed", channel, e);
                        }
                    }
                }
            });
            pubSub = ps;
        }
        return pubSub;
    }

    @Override
    public void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        allTransactional.forEach(StatefulRedisConnection::close);
        shared.close();
        client.shutdown();
        transactionClient.shutdown();
        resources.shutdown();
    }
}
