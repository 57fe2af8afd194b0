package dev.tickrunner.it.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a tickrunner process's Prometheus endpoint ({@code --metrics-port}) on 127.0.0.1. */
final class RunnerMetrics {
    private RunnerMetrics() {
    }

    /**
     * @param port the runner's metrics port on 127.0.0.1
     * @return the text exposition of {@code /metrics}
     * @throws IOException if the endpoint does not answer within 10 s
     */
    static String scrape(int port) throws IOException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading the runner's metrics", e);
        }
    }
}
