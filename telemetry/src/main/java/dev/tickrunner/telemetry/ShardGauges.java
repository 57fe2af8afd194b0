package dev.tickrunner.telemetry;

import dev.tickrunner.sandbox.CompilerActivity;
import dev.tickrunner.sandbox.JitEvents;
import dev.tickrunner.storage.UsersQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The runner's process-wide gauges: {@code tickrunner.queue.depth{queue=pending|processing}} (the Redis lists'
 * lengths, read on scrape; NaN while Redis cannot answer), {@code tickrunner.jit.active},
 * {@code tickrunner.jit.compiler.cpu} and the JIT's event counts ({@code tickrunner.jit.compilations{result}},
 * {@code tickrunner.jit.deoptimizations}, {@code tickrunner.jit.invalidations}: {@link JitEvents}, which the
 * constructor starts). Each gauge holds only a
 * weak reference to the queue; the storage owns it. {@code close()} removes them.
 */
public final class ShardGauges implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    /**
     * @param registry  where the gauges go
     * @param queue     the users queue
     * @param jitActive whether the optimizing Graal JIT runs player code
     */
    public ShardGauges(MeterRegistry registry, UsersQueue queue, boolean jitActive) {
        this.registry = registry;
        queueDepth(queue, MeterNames.QUEUE_PENDING, UsersQueue::pendingCount);
        queueDepth(queue, MeterNames.QUEUE_PROCESSING, UsersQueue::processingCount);
        double jit = jitActive ? 1 : 0;
        meters.add(Gauge.builder(MeterNames.JIT_ACTIVE, () -> jit)
                .description("1 when the optimizing Graal JIT runs player code, 0 when GraalJS is interpreted")
                .register(registry));
        meters.add(FunctionCounter.builder(MeterNames.JIT_COMPILER_CPU, this,
                        gauges -> CompilerActivity.snapshot().truffleCompilerNanos() / 1e9)
                .baseUnit("seconds")
                .description("CPU time of Truffle's compiler threads (the Graal JIT compiling JavaScript)")
                .register(registry));
        JitEvents.start();
        jitCount(MeterNames.JIT_COMPILATIONS, "succeeded", JitEvents.Counts::compilations,
                "Truffle compilations of JavaScript");
        jitCount(MeterNames.JIT_COMPILATIONS, "failed", JitEvents.Counts::failedCompilations,
                "Truffle compilations of JavaScript");
        jitCount(MeterNames.JIT_DEOPTIMIZATIONS, null, JitEvents.Counts::deoptimizations,
                "Frames that left compiled JavaScript for the interpreter");
        jitCount(MeterNames.JIT_INVALIDATIONS, null, JitEvents.Counts::invalidations,
                "Compiled JavaScript thrown away because an assumption it made broke");
    }

    private void jitCount(String name, String result, ToLongFunction<JitEvents.Counts> count, String description) {
        FunctionCounter.Builder<ShardGauges> builder = FunctionCounter.builder(name, this,
                gauges -> count.applyAsLong(JitEvents.counts())).description(description);
        if (result != null) {
            builder.tag(MeterNames.TAG_RESULT, result);
        }
        meters.add(builder.register(registry));
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void queueDepth(UsersQueue queue, String list, ToLongFunction<UsersQueue> length) {
        meters.add(Gauge.builder(MeterNames.QUEUE_DEPTH, queue, q -> {
                    try {
                        return length.applyAsLong(q);
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                }).description("User tickets in the users queue lists (usersIvmPending, usersIvmProcessing)")
                .tag(MeterNames.TAG_QUEUE, list).register(registry));
    }
}
