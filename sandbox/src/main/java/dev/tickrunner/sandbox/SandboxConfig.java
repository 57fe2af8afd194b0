package dev.tickrunner.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and lifecycle settings of player sandboxes. Immutable; built with {@link #builder()} and checked field by
 * field when built.
 *
 * @param idleTimeout        a warm sandbox unused this long is closed (Node: 3 min)
 * @param maxSandboxes       at most this many warm sandboxes; beyond it the least recently used idle one is closed
 * @param wallClockBackstop  a tick still running after this wall-clock time is cancelled and the player's global reset
 * @param interruptGrace     an interrupted tick that has not stopped after this long is cancelled
 * @param finishCpuBudget    CPU time allowed to collect a tick's results after {@code loop} (Memory serialisation)
 * @param watchdogPoll       how often the tick watchdog checks running ticks
 * @param tickAllocationBudgetBytes bytes the executing thread may allocate in one tick (prepare, loop, collect)
 *                           before the context is cancelled and the global reset ("unable to allocate memory")
 * @param retainedHeapLimitBytes    what a player's context may keep reachable across ticks, bytes (sized by Truffle
 *                           under the Graal JIT, estimated by walking the global without it); over it the global is
 *                           reset with a console message
 * @param retainedCheckIntervalTicks the retained heap is measured at least every this many ticks of a sandbox, and
 *                           whenever the last figure plus the bytes allocated since could pass the limit, ticks
 * @param statementLimitPerTick     statements of player code one tick may execute; the deterministic backstop of
 *                           the CPU watchdog (GraalJS ResourceLimits); over it the context is cancelled; 0 for none
 *                           (no statement counting at all)
 * @param failureHistorySize failures kept per player in the {@link FailureHistory}
 * @param engineWarmup       the most wall time a runner spends warming the engine ({@link EngineWarmup}) before it
 *                           takes its first ticket; zero for none (the fallback runtime never warms up)
 * @param jitMode            Truffle's compilation mode ({@code engine.Mode}), for the Graal JIT only
 * @param interShardMemory   whether player code gets the MMO's {@code InterShardMemory} (over the Redis hash
 *                           {@code interShardMemory:<userId>}); off by default, as in the private server's Node
 *                           runtime (driver 5.3.0 has none, and bots test for it to decide whether they run on the
 *                           official MMO); an operator of a multi-shard setup turns it on
 */
public record SandboxConfig(Duration idleTimeout, int maxSandboxes, Duration wallClockBackstop,
                            Duration interruptGrace, Duration finishCpuBudget, Duration watchdogPoll,
                            long tickAllocationBudgetBytes, long retainedHeapLimitBytes, int retainedCheckIntervalTicks,
                            long statementLimitPerTick, int failureHistorySize, Duration engineWarmup,
                            JitMode jitMode, boolean interShardMemory) {
    /** Mirrors: driver lib/runtime/user-vm.js (VMs unused for more than 3 minutes are released). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(3);
    /** A cap, not a Node default (Node has none): 2000 warm players × tens of MB stays inside a large heap. */
    public static final int DEFAULT_MAX_SANDBOXES = 2000;
    /** Mirrors: driver lib/runtime/make.js, {@code max(5000, mainLoopResetInterval)} ms. */
    public static final Duration DEFAULT_WALL_CLOCK_BACKSTOP = Duration.ofSeconds(5);
    /** How long an interrupt may take before the context is cancelled. */
    public static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofMillis(500);
    /** Serialising a 2 MB Memory takes a few ms; a second means something hostile. */
    public static final Duration DEFAULT_FINISH_CPU_BUDGET = Duration.ofSeconds(1);
    /** One thread-CPU read per running tick per millisecond. */
    public static final Duration DEFAULT_WATCHDOG_POLL = Duration.ofMillis(1);
    /**
     * Not a Node default (V8 limits the heap, not allocation): 1 GiB in one tick is far above what a 500 ms tick of
     * a real bot allocates, and small enough that a handful of hostile ticks at once leave the JVM heap intact.
     */
    public static final long DEFAULT_TICK_ALLOCATION_BUDGET_BYTES = 1024L * 1024 * 1024;
    /** Mirrors: driver lib/runtime/user-vm.js {@code memoryLimit: 256} MB (terrain is shared here, not per player). */
    public static final long DEFAULT_RETAINED_HEAP_LIMIT_BYTES = 256L * 1024 * 1024;
    /**
     * Sizing a context walks its whole object graph (about 15 ms for a fresh Screeps context of 4 MB, measured with
     * JFR: a third of an empty bot's runner CPU when it ran every 10th tick). A context cannot retain more than its
     * thread allocated, so it is sized whenever the last figure plus what was allocated since could pass the limit,
     * and otherwise only every this many ticks, to keep {@code Game.cpu.getHeapStatistics()} current.
     */
    public static final int DEFAULT_RETAINED_CHECK_INTERVAL_TICKS = 1000;
    /** 2e9 statements: compiled code needs more than 1 s of CPU for that, so a 500 ms tick never reaches it. */
    public static final long DEFAULT_STATEMENT_LIMIT_PER_TICK = 2_000_000_000L;
    /** Recent failures kept per player. */
    public static final int DEFAULT_FAILURE_HISTORY_SIZE = 20;
    /** {@link EngineWarmup#DEFAULT_BUDGET}: it ends sooner when the JIT has caught up. */
    public static final Duration DEFAULT_ENGINE_WARMUP = EngineWarmup.DEFAULT_BUDGET;
    /**
     * {@link JitMode#LATENCY}: one tier, no inlining and no splitting. On a live shard (the demo's, 4 simplebots, 2
     * cores) it settles: Truffle's compiler threads idle from minute 5 on (3–5 % of the process CPU compiling), at the
     * same tick times as {@link JitMode#DEFAULT}, whose second tier and call-site splitting kept one compiler thread
     * busy past minute 7 (splits invalidate their callers' code, "validRootAssumption Split call node"). README
     * "Speed".
     */
    public static final JitMode DEFAULT_JIT_MODE = JitMode.LATENCY;

    /** Truffle's {@code engine.Mode}: how the Graal JIT trades compile time for peak speed. */
    public enum JitMode {
        /** Truffle's default: two compilation tiers. */
        DEFAULT,
        /** Fewer, cheaper compilations: settles sooner on few cores. */
        LATENCY,
        /** Fewer, more aggressive compilations, later. */
        THROUGHPUT;

        /** @return the option value, e.g. {@code latency} */
        public String optionValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @throws IllegalArgumentException if a duration but {@code engineWarmup} is not positive, {@code engineWarmup} is
     *                                  negative, {@code maxSandboxes < 1} or a byte, tick, statement or history size
     *                                  is {@code < 1}
     */
    public SandboxConfig {
        positive("idleTimeout", idleTimeout);
        positive("wallClockBackstop", wallClockBackstop);
        positive("interruptGrace", interruptGrace);
        positive("finishCpuBudget", finishCpuBudget);
        positive("watchdogPoll", watchdogPoll);
        if (maxSandboxes < 1) {
            throw new IllegalArgumentException("maxSandboxes must be >= 1, was " + maxSandboxes);
        }
        atLeastOne("tickAllocationBudgetBytes", tickAllocationBudgetBytes);
        atLeastOne("retainedHeapLimitBytes", retainedHeapLimitBytes);
        atLeastOne("retainedCheckIntervalTicks", retainedCheckIntervalTicks);
        if (statementLimitPerTick < 0) {
            throw new IllegalArgumentException("statementLimitPerTick must be >= 0, was " + statementLimitPerTick);
        }
        atLeastOne("failureHistorySize", failureHistorySize);
        Objects.requireNonNull(jitMode, "jitMode");
        Objects.requireNonNull(engineWarmup, "engineWarmup");
        if (engineWarmup.isNegative()) {
            throw new IllegalArgumentException("engineWarmup must be >= 0, was " + engineWarmup);
        }
    }

    /** @return the defaults above */
    public static SandboxConfig ofDefaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    private static void atLeastOne(String field, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, was " + value);
        }
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }

    /** Builds a {@link SandboxConfig}; every setter keeps the last value, {@link #build()} checks them. */
    public static final class Builder {
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxSandboxes = DEFAULT_MAX_SANDBOXES;
        private Duration wallClockBackstop = DEFAULT_WALL_CLOCK_BACKSTOP;
        private Duration interruptGrace = DEFAULT_INTERRUPT_GRACE;
        private Duration finishCpuBudget = DEFAULT_FINISH_CPU_BUDGET;
        private Duration watchdogPoll = DEFAULT_WATCHDOG_POLL;
        private long tickAllocationBudgetBytes = DEFAULT_TICK_ALLOCATION_BUDGET_BYTES;
        private long retainedHeapLimitBytes = DEFAULT_RETAINED_HEAP_LIMIT_BYTES;
        private int retainedCheckIntervalTicks = DEFAULT_RETAINED_CHECK_INTERVAL_TICKS;
        private long statementLimitPerTick = DEFAULT_STATEMENT_LIMIT_PER_TICK;
        private int failureHistorySize = DEFAULT_FAILURE_HISTORY_SIZE;
        private Duration engineWarmup = DEFAULT_ENGINE_WARMUP;
        private JitMode jitMode = DEFAULT_JIT_MODE;
        private boolean interShardMemory;

        private Builder() {
        }

        public Builder idleTimeout(Duration value) { this.idleTimeout = value; return this; }
        public Builder maxSandboxes(int value) { this.maxSandboxes = value; return this; }
        public Builder wallClockBackstop(Duration value) { this.wallClockBackstop = value; return this; }
        public Builder interruptGrace(Duration value) { this.interruptGrace = value; return this; }
        public Builder finishCpuBudget(Duration value) { this.finishCpuBudget = value; return this; }
        public Builder watchdogPoll(Duration value) { this.watchdogPoll = value; return this; }
        public Builder tickAllocationBudgetBytes(long value) { this.tickAllocationBudgetBytes = value; return this; }
        public Builder retainedHeapLimitBytes(long value) { this.retainedHeapLimitBytes = value; return this; }
        public Builder retainedCheckIntervalTicks(int value) { this.retainedCheckIntervalTicks = value; return this; }
        public Builder statementLimitPerTick(long value) { this.statementLimitPerTick = value; return this; }
        public Builder failureHistorySize(int value) { this.failureHistorySize = value; return this; }
        public Builder engineWarmup(Duration value) { this.engineWarmup = value; return this; }
        public Builder jitMode(JitMode value) { this.jitMode = value; return this; }
        public Builder interShardMemory(boolean value) { this.interShardMemory = value; return this; }

        /** @throws IllegalArgumentException as {@link SandboxConfig#SandboxConfig} */
        public SandboxConfig build() {
            return new SandboxConfig(idleTimeout, maxSandboxes, wallClockBackstop, interruptGrace, finishCpuBudget,
                    watchdogPoll, tickAllocationBudgetBytes, retainedHeapLimitBytes, retainedCheckIntervalTicks,
                    statementLimitPerTick, failureHistorySize, engineWarmup, jitMode, interShardMemory);
        }
    }
}
