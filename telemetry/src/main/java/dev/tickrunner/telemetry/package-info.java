/**
 * Tickrunner's telemetry. The vocabulary: the meter names ({@link dev.tickrunner.telemetry.MeterNames}), the tick
 * stage events ({@link dev.tickrunner.telemetry.TickEvent}) and the failure watchdog's policy ({@link
 * dev.tickrunner.telemetry.FailureWatchdog}). Their Micrometer side: meters over the tick events ({@link
 * dev.tickrunner.telemetry.TickMeters}), the sandbox pool ({@link dev.tickrunner.telemetry.MicrometerSandboxMetricsTracker}),
 * the queue and the JIT ({@link dev.tickrunner.telemetry.ShardGauges}) and the storage breakers and retries ({@link
 * dev.tickrunner.telemetry.StorageMeters}); the per-sandbox runtime metrics; the watchdog's enforcement and alert
 * sinks; the HTTP endpoint ({@code /metrics}, {@code /health}, {@code /runtime/metrics}, {@link
 * dev.tickrunner.telemetry.TelemetryServer}). {@link dev.tickrunner.telemetry.RunnerTelemetry} puts them together;
 * the runner creates it, binds it to its coordinator's events ({@link dev.tickrunner.telemetry.TickEventPublisher},
 * {@link dev.tickrunner.telemetry.WorkerStatus}) and closes it. Uses the sandbox and storage-adapters types, never
 * the runner's.
 */
package dev.tickrunner.telemetry;
