package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxPool;
import dev.tickrunner.telemetry.MeterNames;
import dev.tickrunner.telemetry.RunnerTelemetry;
import dev.tickrunner.telemetry.TelemetryConfig;
import dev.tickrunner.telemetry.WatchdogAlertSink;
import dev.tickrunner.telemetry.WorkerStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator endpoint on an ephemeral port: /metrics, /health, /runtime/metrics. */
class TelemetryServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusMetricsHealthAndRuntimeMetrics() throws Exception {
        FakeShard shard = new FakeShard().with("u1", FakeShard.Load.READY);
        try (RunnerTelemetry telemetry = new RunnerTelemetry(TelemetryConfig.onPort(0))) {
            SandboxPool<PlayerSandbox> pool = FakeShard.pool(telemetry.sandboxTracker());
            RuntimeCoordinator coordinator = new RuntimeCoordinator(shard, shard, pool, shard, TickListener.NONE);
            telemetry.bind(coordinator.events(), WorkerStatus.of(coordinator::isRunning, coordinator::workerThreads),
                    pool, shard, false, WatchdogAlertSink.NONE);
            int port = telemetry.port().orElseThrow();
            assertTrue(port > 0);
            assertTrue(telemetry.address().orElseThrow().getAddress().isLoopbackAddress(),
                    "binds loopback unless --metrics-host says otherwise: " + telemetry.address());

            HttpResponse<String> down = get(port, "/health");
            assertEquals(503, down.statusCode(), "not consuming the queue yet");
            assertEquals("DOWN", new ObjectMapper().readTree(down.body()).get("status").asText());

            coordinator.runUser("u1");
            coordinator.start(1);
            try {
                HttpResponse<String> metrics = get(port, "/metrics");
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
                String body = metrics.body();
                for (String name : List.of(MeterNames.TICKS, MeterNames.TICK_CPU, MeterNames.TICK_STAGE,
                        MeterNames.TICKETS, MeterNames.QUEUE_DEPTH, MeterNames.SANDBOXES, MeterNames.SANDBOX_RESETS,
                        MeterNames.SANDBOX_ACQUIRE, MeterNames.STORAGE_CALLS, MeterNames.WATCHDOG_ALERTS,
                        MeterNames.JIT_ACTIVE, MeterNames.JIT_COMPILER_CPU, MeterNames.JIT_COMPILATIONS,
                        MeterNames.JIT_DEOPTIMIZATIONS, MeterNames.JIT_INVALIDATIONS)) {
                    assertTrue(body.contains(prometheus(name)), prometheus(name) + " missing in\n" + body);
                }
                assertTrue(body.contains("tickrunner_ticks_seconds_count{result=\"failed\"} 1"), body);
                assertTrue(body.contains("tickrunner_ticks_seconds_bucket{result=\"failed\",le="), "histogram");
                assertTrue(body.contains("tickrunner_jit_active 0"), body);
                assertTrue(body.contains("tickrunner_jit_compilations_total{result=\"failed\"}"), body);

                HttpResponse<String> health = get(port, "/health");
                assertEquals(200, health.statusCode());
                JsonNode json = new ObjectMapper().readTree(health.body());
                assertEquals("UP", json.get("status").asText());
                assertEquals(RuntimeCoordinator.TICKETS_PER_RUNNER_THREAD, json.get("workerThreads").asInt(),
                        "one runner thread: that many tickets in flight");
                assertEquals(false, json.get("jitActive").asBoolean());

                HttpResponse<String> runtime = get(port, "/runtime/metrics");
                assertEquals(200, runtime.statusCode());
                assertTrue(new ObjectMapper().readTree(runtime.body()).isArray());

                assertEquals(404, get(port, "/metrics/nothing").statusCode());
            } finally {
                coordinator.close();
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** @return the Prometheus family prefix of a Micrometer name */
    static String prometheus(String meterName) {
        return meterName.replace('.', '_');
    }
}
