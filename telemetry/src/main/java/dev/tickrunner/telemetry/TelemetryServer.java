package dev.tickrunner.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoint (JDK {@code HttpServer}, one daemon thread): {@code GET /metrics} in the Prometheus
 * text format, {@code GET /health} (JSON {@link Health}; 200 when up, 503 when not) and {@code GET /runtime/metrics}
 * (JSON list of {@link SandboxMetrics}, one per warm sandbox, like user-vm.js getMetrics()). Must be closed.
 */
public final class TelemetryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String APPLICATION_JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    private TelemetryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code address}.
     *
     * @param address        where to listen; port 0 picks a free port ({@link #port()})
     * @param registry       what {@code /metrics} scrapes
     * @param health         what {@code /health} reports
     * @param runtimeMetrics what {@code /runtime/metrics} lists
     * @return the running server; close it
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static TelemetryServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
                                        Supplier<Health> health, Supplier<List<SandboxMetrics>> runtimeMetrics) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for /metrics on " + address + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry::scrape));
        server.createContext("/health", exchange -> {
            Health now = health.get();
            respond(exchange, now.up() ? 200 : 503, APPLICATION_JSON, () -> json(now));
        });
        server.createContext("/runtime/metrics", exchange ->
                respond(exchange, 200, APPLICATION_JSON, () -> json(runtimeMetrics.get())));
        ExecutorService executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("telemetry-http").factory());
        server.setExecutor(executor);
        server.start();
        TelemetryServer started = new TelemetryServer(server, executor);
        LOG.info("Telemetry on http://{}:{}/metrics, /health, /runtime/metrics", address.getHostString(),
                started.port());
        return started;
    }

    /** @return the address and port listened on */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return the port listened on */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, Supplier<String> body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes;
            int code = status;
            try {
                bytes = body.get().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                LOG.warn("Serving {} failed", path, e);
                bytes = ("error: " + e).getBytes(StandardCharsets.UTF_8);
                code = 500;
            }
            exchange.getResponseHeaders().set("Content-Type", code == 500 ? "text/plain" : contentType);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
