/**
 * Tickrunner's telemetry vocabulary, free of any other tickrunner module: the meter names ({@link
 * dev.tickrunner.telemetry.MeterNames}), the tick stage events ({@link dev.tickrunner.telemetry.TickEvent}) and the
 * failure watchdog's policy ({@link dev.tickrunner.telemetry.FailureWatchdog}). The runner binds them to Micrometer,
 * the sandbox pool and storage.
 */
package dev.tickrunner.telemetry;
