/**
 * The runner's telemetry: Micrometer meters over the coordinator's tick events and the sandbox pool
 * ({@link dev.tickrunner.runner.telemetry.TickMeters}, {@link dev.tickrunner.runner.telemetry.MicrometerSandboxMetricsTracker},
 * {@link dev.tickrunner.runner.telemetry.ShardGauges}), the per-sandbox runtime metrics, the failure watchdog's
 * enforcement and alert sink, and the HTTP endpoint ({@code /metrics}, {@code /health}, {@code /runtime/metrics}).
 * {@link dev.tickrunner.runner.telemetry.RunnerTelemetry} wires them; the names and the watchdog policy live in the
 * {@code telemetry} module.
 */
package dev.tickrunner.runner.telemetry;
