package dev.tickrunner.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tickrunner.telemetry.TelemetryConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MetricsPortOptionTest {
    @Test
    void runAndDemoServeMetricsOnPort9464ByDefault() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs();
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        assertEquals(TelemetryConfig.DEFAULT_METRICS_PORT, run.metricsPort);
        assertEquals(TelemetryConfig.DEFAULT_METRICS_PORT, demo.metricsPort);
    }

    @Test
    void metricsPortFlagIsParsedOnBothCommands() {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--metrics-port", "0");
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--metrics-port", "-1");
        assertEquals(0, run.metricsPort);
        assertEquals(TelemetryConfig.NO_SERVER, demo.metricsPort);
    }
}
