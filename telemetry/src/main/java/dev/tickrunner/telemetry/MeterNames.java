package dev.tickrunner.telemetry;

/**
 * Every meter name, tag key and bounded tag value of tickrunner, in one place. Names are dotted lowercase
 * {@code tickrunner.<noun>[.<aspect>]}; an outcome is a tag on one name, never a new name. There is never a
 * {@code user} tag: per-player figures go in the runtime-metrics snapshot ({@code /runtime/metrics}), like the
 * driver's user-vm.js {@code getMetrics()}. Storage meters keep the names Resilience4j gives them.
 */
public final class MeterNames {
    /** Timer (histogram): one user ticket from load to the end of save, tag {@link #TAG_RESULT} = {@link ResultTag}. */
    public static final String TICKS = "tickrunner.ticks";
    /** Distribution summary, ms: {@code lastUsedCpu} of a tick whose loop ran (player CPU + 0.2 per intent). */
    public static final String TICK_CPU = "tickrunner.tick.cpu";
    /** Distribution summary, bytes: bytes the worker thread allocated while the tick ran in its sandbox. */
    public static final String TICK_ALLOCATION = "tickrunner.tick.allocation";
    /** Timer: one stage of a tick, tag {@link #TAG_STAGE} = load | run | save. */
    public static final String TICK_STAGE = "tickrunner.tick.stage";
    /** Counter: tickets finished, tag {@link #TAG_RESULT} = done (results saved) | failed (load or save failed). */
    public static final String TICKETS = "tickrunner.tickets";
    /** Gauge: length of a users queue list, tag {@link #TAG_QUEUE} = pending | processing. */
    public static final String QUEUE_DEPTH = "tickrunner.queue.depth";
    /** Timer: leasing a player's sandbox, including creating one. */
    public static final String SANDBOX_ACQUIRE = "tickrunner.sandbox.acquire";
    /** Timer: creating a new player context; its count is the number of sandboxes created. */
    public static final String SANDBOX_CREATION = "tickrunner.sandbox.creation";
    /** Gauge: warm sandboxes alive, tag {@link #TAG_STATE} = idle | in_use. */
    public static final String SANDBOXES = "tickrunner.sandboxes";
    /** Counter: sandboxes thrown away (global resets), tag {@link #TAG_REASON} = code_changed | halt | timeout | watchdog | idle | restart. */
    public static final String SANDBOX_RESETS = "tickrunner.sandbox.resets";
    /** Timer: one call to storage made by the runner, tags {@link #TAG_OPERATION} = load | save and {@link #TAG_RESULT} = success | error. */
    public static final String STORAGE_CALLS = "tickrunner.storage.calls";
    /** Counter: watchdog alerts, tag {@link #TAG_RESULT} = raised | throttled. */
    public static final String WATCHDOG_ALERTS = "tickrunner.watchdog.alerts";
    /** Gauge: 1 when the optimizing Graal JIT runs player code, 0 when GraalJS is interpreted. */
    public static final String JIT_ACTIVE = "tickrunner.jit.active";
    /**
     * Function counter: CPU time of Truffle's compiler threads (the Graal JIT compiling JavaScript), seconds; its rate
     * is the cores spent compiling, which should fall near zero once the JIT has settled.
     */
    public static final String JIT_COMPILER_CPU = "tickrunner.jit.compiler.cpu";
    /**
     * Function counter: Truffle compilations of JavaScript, tag {@link #TAG_RESULT} = succeeded | failed
     * ({@code JitEvents}); stops growing once the JIT has settled.
     */
    public static final String JIT_COMPILATIONS = "tickrunner.jit.compilations";
    /** Function counter: frames that left compiled JavaScript for the interpreter ({@code JitEvents}). */
    public static final String JIT_DEOPTIMIZATIONS = "tickrunner.jit.deoptimizations";
    /** Function counter: compiled JavaScript thrown away because an assumption it made broke ({@code JitEvents}). */
    public static final String JIT_INVALIDATIONS = "tickrunner.jit.invalidations";

    /** Tag key: how something ended. */
    public static final String TAG_RESULT = "result";
    /** Tag key: tick stage. */
    public static final String TAG_STAGE = "stage";
    /** Tag key: sandbox state. */
    public static final String TAG_STATE = "state";
    /** Tag key: why a sandbox was reset. */
    public static final String TAG_REASON = "reason";
    /** Tag key: users queue list. */
    public static final String TAG_QUEUE = "queue";
    /** Tag key: storage operation. */
    public static final String TAG_OPERATION = "operation";

    /** {@link #TAG_STAGE} value. */
    public static final String STAGE_LOAD = "load";
    /** {@link #TAG_STAGE} value. */
    public static final String STAGE_RUN = "run";
    /** {@link #TAG_STAGE} value. */
    public static final String STAGE_SAVE = "save";
    /** {@link #TAG_STATE} value. */
    public static final String STATE_IDLE = "idle";
    /** {@link #TAG_STATE} value. */
    public static final String STATE_IN_USE = "in_use";
    /** {@link #TAG_QUEUE} value. */
    public static final String QUEUE_PENDING = "pending";
    /** {@link #TAG_QUEUE} value. */
    public static final String QUEUE_PROCESSING = "processing";
    /** {@link #TAG_OPERATION} value. */
    public static final String OPERATION_LOAD = "load";
    /** {@link #TAG_OPERATION} value. */
    public static final String OPERATION_SAVE = "save";
    /** {@link #TAG_RESULT} value of {@link #TICKETS}. */
    public static final String TICKET_DONE = "done";
    /** {@link #TAG_RESULT} value of {@link #TICKETS}. */
    public static final String TICKET_FAILED = "failed";
    /** {@link #TAG_RESULT} value of {@link #STORAGE_CALLS}. */
    public static final String CALL_SUCCESS = "success";
    /** {@link #TAG_RESULT} value of {@link #STORAGE_CALLS}. */
    public static final String CALL_ERROR = "error";
    /** {@link #TAG_RESULT} value of {@link #WATCHDOG_ALERTS}. */
    public static final String ALERT_RAISED = "raised";
    /** {@link #TAG_RESULT} value of {@link #WATCHDOG_ALERTS}. */
    public static final String ALERT_THROTTLED = "throttled";

    /** Base unit of {@link #TICK_CPU}. */
    public static final String UNIT_MILLISECONDS = "milliseconds";

    private MeterNames() {
    }

    /**
     * @param enumName an enum constant's name, e.g. {@code CODE_CHANGED}
     * @return its tag value, e.g. {@code code_changed}
     */
    public static String tagValue(Enum<?> enumName) {
        return enumName.name().toLowerCase(java.util.Locale.ROOT);
    }
}
