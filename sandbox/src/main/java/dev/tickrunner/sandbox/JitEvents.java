package dev.tickrunner.sandbox;

import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what Truffle's JIT does to JavaScript in this JVM, from the JFR events that Truffle's runtime emits
 * ({@code jdk.graal.compiler.truffle.Compilation}, {@code …Deoptimization}, {@code …AssumptionInvalidation}; the
 * runtime's {@code JFRListener}): compilations that installed code and ones that failed or bailed out, deoptimisations
 * (compiled code left for the interpreter) and invalidations (compiled code thrown away because an assumption it made
 * no longer holds, e.g. a shape or a global property changed). On a settled shard all of them stop growing; a count
 * that grows by the tick or with the number of players is code compiled again and again. Complements
 * {@link CompilerActivity}, which gives the compiler threads' CPU.
 *
 * <p>Process-wide: {@link #start()} opens one in-process JFR {@link RecordingStream} with only these events enabled
 * (JFR keeps its chunks in its repository, by default under {@code java.io.tmpdir}); events reach the counts about
 * once a second, when JFR flushes. Works under the CONSTRAINED sandbox policy, where Truffle's own tracing options
 * ({@code engine.TraceCompilation}) are refused. Without JFR (a JVM without the {@code jdk.jfr} module, or a
 * recording that cannot start) the counts stay at zero and {@link #counting()} says so. Thread-safe.
 */
public final class JitEvents {
    /** JFR event names emitted by Truffle's runtime (truffle-runtime {@code com.oracle.truffle.runtime.jfr.impl}). */
    static final String COMPILATION = "jdk.graal.compiler.truffle.Compilation";
    static final String DEOPTIMIZATION = "jdk.graal.compiler.truffle.Deoptimization";
    static final String INVALIDATION = "jdk.graal.compiler.truffle.AssumptionInvalidation";

    /** System property: {@code -Dtickrunner.jitEvents=false} leaves JFR alone and the counts at zero. */
    public static final String DISABLE_PROPERTY = "tickrunner.jitEvents";

    private static final Logger LOG = LoggerFactory.getLogger(JitEvents.class);
    private static final LongAdder COMPILED = new LongAdder();
    private static final LongAdder FAILED = new LongAdder();
    private static final LongAdder DEOPTIMIZED = new LongAdder();
    private static final LongAdder INVALIDATED = new LongAdder();
    private static final Object FLUSHES_LOCK = new Object();
    private static long flushes;
    private static RecordingStream stream;

    private JitEvents() {
    }

    /**
     * Counts of JIT events since {@link #start()}, cumulative.
     *
     * @param compilations       compilations that installed code
     * @param failedCompilations compilations that failed or bailed out (the code keeps running in the interpreter)
     * @param deoptimizations    frames that left compiled code for the interpreter
     * @param invalidations      compiled code thrown away because an assumption it made no longer holds
     */
    public record Counts(long compilations, long failedCompilations, long deoptimizations, long invalidations) {
        /**
         * @param earlier counts taken before these
         * @return the events between the two
         */
        public Counts since(Counts earlier) {
            return new Counts(compilations - earlier.compilations, failedCompilations - earlier.failedCompilations,
                    deoptimizations - earlier.deoptimizations, invalidations - earlier.invalidations);
        }

        /** @return e.g. {@code 12 compilations (0 failed), 3 deoptimisations, 1 invalidation} */
        @Override
        public String toString() {
            return compilations + " compilations (" + failedCompilations + " failed), " + deoptimizations
                    + " deoptimisations, " + invalidations + " invalidations";
        }
    }

    /**
     * Starts counting, once per process; later calls do nothing, and so does this one when the system property
     * {@value #DISABLE_PROPERTY} is {@code false}. Never throws: when JFR cannot start, logs a WARN and the counts stay
     * at zero.
     */
    public static synchronized void start() {
        if (stream != null || "false".equals(System.getProperty(DISABLE_PROPERTY))) {
            return;
        }
        try {
            RecordingStream recording = new RecordingStream();
            recording.setReuse(true);
            recording.enable(COMPILATION);
            recording.enable(DEOPTIMIZATION);
            recording.enable(INVALIDATION);
            recording.onEvent(COMPILATION, JitEvents::onCompilation);
            recording.onEvent(DEOPTIMIZATION, event -> DEOPTIMIZED.increment());
            recording.onEvent(INVALIDATION, event -> INVALIDATED.increment());
            recording.onFlush(JitEvents::onFlush);
            recording.setMaxAge(java.time.Duration.ofSeconds(30));
            recording.startAsync();
            stream = recording;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("JIT event counts unavailable (JFR did not start): {}", e.toString());
        }
    }

    /** @return whether {@link #start()} got a JFR stream, so that the counts mean something */
    public static synchronized boolean counting() {
        return stream != null;
    }

    /** @return the counts so far (zeros before {@link #start()}) */
    public static Counts counts() {
        return new Counts(COMPILED.sum(), FAILED.sum(), DEOPTIMIZED.sum(), INVALIDATED.sum());
    }

    /**
     * The counts including every event that happened before this call: waits for JFR to flush twice (about 1–2 s).
     * For a measured window (a benchmark), not for every tick.
     *
     * @param timeout how long to wait at most
     * @return the counts after the flushes, or the counts so far when JFR did not flush within {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public static Counts countsAfterFlush(java.time.Duration timeout) throws InterruptedException {
        if (!counting()) {
            return counts();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (FLUSHES_LOCK) {
            long target = flushes + 2;
            long left;
            while (flushes < target && (left = deadline - System.nanoTime()) > 0) {
                FLUSHES_LOCK.wait(Math.max(1, left / 1_000_000));
            }
        }
        return counts();
    }

    private static void onFlush() {
        synchronized (FLUSHES_LOCK) {
            flushes++;
            FLUSHES_LOCK.notifyAll();
        }
    }

    private static void onCompilation(RecordedEvent event) {
        if (event.hasField("success") && event.getBoolean("success")) {
            COMPILED.increment();
        } else {
            FAILED.increment();
        }
    }
}
