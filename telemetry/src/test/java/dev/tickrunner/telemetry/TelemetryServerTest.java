package dev.tickrunner.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint alone, on an ephemeral loopback port, over given suppliers (no runner). */
class TelemetryServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void servesMetricsHealthAndRuntimeMetricsAndRejectsOtherPathsAndMethods() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("tickrunner.test.things").register(registry).increment();
        AtomicReference<Health> health = new AtomicReference<>(new Health(Health.DOWN, 0, false, 0, 0));
        SandboxMetrics one = new SandboxMetrics("u1", 5, 1000, 20, 3, 7L, 2048L, "done", 0);
        try (TelemetryServer server = TelemetryServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, health::get, () -> List.of(one))) {
            int port = server.port();
            assertTrue(port > 0);

            HttpResponse<String> down = get(port, "/health");
            assertEquals(503, down.statusCode());
            assertEquals("DOWN", json.readTree(down.body()).get("status").asText());
            health.set(new Health(Health.UP, 2, true, 1, 1));
            JsonNode up = json.readTree(get(port, "/health").body());
            assertEquals("UP", up.get("status").asText());
            assertEquals(2, up.get("workerThreads").asInt());

            HttpResponse<String> metrics = get(port, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            assertTrue(metrics.body().contains("tickrunner_test_things_total 1.0"), metrics.body());

            JsonNode runtime = json.readTree(get(port, "/runtime/metrics").body());
            assertEquals(1, runtime.size());
            assertEquals("u1", runtime.get(0).get("userId").asText());
            assertEquals(2048, runtime.get(0).get("lastTickAllocatedBytes").asLong());

            assertEquals(404, get(port, "/metrics/nothing").statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(port, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(port, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
