package dev.tickrunner.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns the tick stage events into meters: {@code tickrunner.ticks{result}} (timer with a histogram),
 * {@code tickrunner.tick.cpu} (ms), {@code tickrunner.tick.allocation} (bytes), {@code tickrunner.tick.stage{stage}},
 * {@code tickrunner.tickets{result=done|failed}} and {@code tickrunner.storage.calls{operation,result}}. No
 * {@code user} tag: per-player figures are in {@link RuntimeMetrics}. Thread-safe; {@code close()} removes its meters.
 */
public final class TickMeters implements dev.tickrunner.telemetry.TickEventListener, AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<ResultTag, Timer> ticks = new EnumMap<>(ResultTag.class);
    private final DistributionSummary cpu;
    private final DistributionSummary allocation;
    private final Timer loadStage;
    private final Timer runStage;
    private final Timer saveStage;
    private final Counter ticketsDone;
    private final Counter ticketsFailed;
    private final Timer loadOk;
    private final Timer loadError;
    private final Timer saveOk;
    private final Timer saveError;

    /** @param registry where the meters go */
    public TickMeters(MeterRegistry registry) {
        this.registry = registry;
        for (ResultTag result : ResultTag.values()) {
            ticks.put(result, add(Timer.builder(MeterNames.TICKS)
                    .description("User tickets from load to the end of save, by outcome")
                    .tag(MeterNames.TAG_RESULT, result.tagValue()).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry)));
        }
        this.cpu = add(DistributionSummary.builder(MeterNames.TICK_CPU)
                .description("Player CPU used per tick (lastUsedCpu: script CPU + 0.2 per intent)")
                .baseUnit(MeterNames.UNIT_MILLISECONDS).publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue(10_000.0).register(registry));
        this.allocation = add(DistributionSummary.builder(MeterNames.TICK_ALLOCATION)
                .description("Bytes allocated by the worker thread while a tick ran in its sandbox")
                .baseUnit(BaseUnits.BYTES).register(registry));
        this.loadStage = stage(MeterNames.STAGE_LOAD);
        this.runStage = stage(MeterNames.STAGE_RUN);
        this.saveStage = stage(MeterNames.STAGE_SAVE);
        this.ticketsDone = tickets(MeterNames.TICKET_DONE);
        this.ticketsFailed = tickets(MeterNames.TICKET_FAILED);
        this.loadOk = storage(MeterNames.OPERATION_LOAD, MeterNames.CALL_SUCCESS);
        this.loadError = storage(MeterNames.OPERATION_LOAD, MeterNames.CALL_ERROR);
        this.saveOk = storage(MeterNames.OPERATION_SAVE, MeterNames.CALL_SUCCESS);
        this.saveError = storage(MeterNames.OPERATION_SAVE, MeterNames.CALL_ERROR);
    }

    @Override
    public void onEvent(TickEvent event) {
        switch (event) {
            case TickEvent.SaveResultFinish save ->
                    (save.saved() ? saveOk : saveError).record(save.saveNanos(), TimeUnit.NANOSECONDS);
            case TickEvent.Finish finish -> onFinish(finish);
            default -> { }
        }
    }

    /** Removes every meter this binder registered. */
    @Override
    public void close() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }

    private void onFinish(TickEvent.Finish finish) {
        ticks.get(finish.result()).record(finish.totalNanos(), TimeUnit.NANOSECONDS);
        (finish.loaded() ? loadOk : loadError).record(finish.loadNanos(), TimeUnit.NANOSECONDS);
        loadStage.record(finish.loadNanos(), TimeUnit.NANOSECONDS);
        if (finish.ran()) {
            runStage.record(finish.runNanos(), TimeUnit.NANOSECONDS);
            cpu.record(finish.cpuUsedMs());
            allocation.record(finish.allocatedBytes());
        }
        if (finish.saveNanos() > 0) {
            saveStage.record(finish.saveNanos(), TimeUnit.NANOSECONDS);
        }
        (finish.result() == ResultTag.SAVE_FAILED || finish.result() == ResultTag.LOAD_FAILED ? ticketsFailed
                : ticketsDone).increment();
    }

    private Timer stage(String stage) {
        return add(Timer.builder(MeterNames.TICK_STAGE).description("Time in one stage of a tick: load, run, save")
                .tag(MeterNames.TAG_STAGE, stage).register(registry));
    }

    private Counter tickets(String result) {
        return add(Counter.builder(MeterNames.TICKETS)
                .description("User tickets finished: done (results saved) or failed (load or save failed)")
                .tag(MeterNames.TAG_RESULT, result).register(registry));
    }

    private Timer storage(String operation, String result) {
        return add(Timer.builder(MeterNames.STORAGE_CALLS)
                .description("Runner calls to storage (load runtime data, save results) by outcome")
                .tag(MeterNames.TAG_OPERATION, operation).tag(MeterNames.TAG_RESULT, result).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        synchronized (meters) {
            meters.add(meter);
        }
        return meter;
    }
}
