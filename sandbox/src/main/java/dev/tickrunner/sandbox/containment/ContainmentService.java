package dev.tickrunner.sandbox.containment;

import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.TruffleContext;
import com.oracle.truffle.api.impl.DefaultTruffleRuntime;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;

/**
 * What the sandbox needs from Truffle beyond the polyglot API: safepoint polls in player recursion
 * ({@link #expectStop}), a hard stop ({@link #stop}) and the heap a player context retains, closures and all.
 *
 * <p>Thread-safe. One per engine: {@link #enable(Engine)}.
 */
public final class ContainmentService {
    private final TruffleInstrument.Env env;
    private final StopRequests stops;
    private final boolean heapSizeSupported;

    ContainmentService(TruffleInstrument.Env env, StopRequests stops) {
        this.env = env;
        this.stops = stops;
        this.heapSizeSupported = !(Truffle.getRuntime() instanceof DefaultTruffleRuntime);
    }

    /**
     * Enables the containment instrument on an engine (idempotent) and returns its service.
     *
     * @param engine the shared engine; contexts created before or after both get the safepoint polls
     * @return the service
     * @throws IllegalStateException if the instrument is not on the class path (a broken packaging)
     */
    public static ContainmentService enable(Engine engine) {
        var instrument = engine.getInstruments().get(ContainmentInstrument.ID);
        if (instrument == null) {
            throw new IllegalStateException("Truffle instrument " + ContainmentInstrument.ID + " not found: "
                    + "META-INF/services of the sandbox jar missing from the class path");
        }
        return Objects.requireNonNull(instrument.lookup(ContainmentService.class), "containment service");
    }

    /**
     * @param context a player context, open; entered briefly on this thread, so no other thread may be running in it
     * @return the handle {@link #retainedBytes} needs
     * @throws IllegalStateException if the context is closed or in use by another thread
     */
    public ContextHandle handleOf(Context context) {
        context.enter();
        try {
            return new ContextHandle(Objects.requireNonNull(env.getEnteredContext(), "entered context"));
        } finally {
            context.leave();
        }
    }

    /**
     * @return whether {@link #retainedBytes} can measure: it needs the optimizing Truffle runtime (the launcher's
     * Graal JIT); the fallback runtime cannot size objects
     */
    public boolean heapSizeSupported() {
        return heapSizeSupported;
    }

    /**
     * Sizes what a player context keeps reachable on the JVM heap — its global, module closures, compiled-in
     * constants — excluding what the engine shares across contexts. Walks that object graph on this thread: a few
     * ms for a small context, about 1 ms per MB retained; stops early at {@code stopAtBytes}.
     *
     * @param handle      from {@link #handleOf}; the context must not be running on another thread (the figure
     *                    would be approximate)
     * @param stopAtBytes stop walking once this many bytes are counted, bytes
     * @return the retained size, bytes (at least {@code stopAtBytes} when it stopped early); empty when
     * {@link #heapSizeSupported()} is false or the context is closed
     */
    public OptionalLong retainedBytes(ContextHandle handle, long stopAtBytes) {
        if (!heapSizeSupported) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(env.calculateContextHeapSize(handle.context(), stopAtBytes, new AtomicBoolean()));
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Makes {@code thread} leave its player context for good, whatever the player's code does: from now on every
     * player function it enters throws {@link ExecutionStopped} (uncatchable by JavaScript), at any depth, without
     * Truffle's safepoint machinery (whose processing at the edge of the stack can overflow inside Truffle and leave
     * its locks held). The backstop behind {@code Context.close(true)}, whose delivery can be lost to a stack overflow.
     * A loop that calls no function is not reached by the mark; Truffle's cancel reaches it at the loop's back-edge.
     *
     * @param thread the player thread
     */
    public void stop(Thread thread) {
        stops.mark(thread, StopRequests.Level.STOP);
    }

    /**
     * Call before interrupting or cancelling {@code thread}'s context: from now on every player function it enters
     * polls a Truffle safepoint (with room left on the stack), so the interrupt or cancel reaches recursion that has
     * no loop. Cleared by {@link #release}.
     *
     * @param thread the player thread
     */
    public void expectStop(Thread thread) {
        stops.mark(thread, StopRequests.Level.POLL);
    }

    /**
     * Clears {@link #stop}'s and {@link #expectStop}'s marks once {@code thread} is out of the context (it may then run
     * other players' ticks).
     *
     * @param thread the player thread
     */
    public void release(Thread thread) {
        stops.release(thread);
    }

    /** A player context as Truffle knows it; opaque outside this package. */
    public static final class ContextHandle {
        private final TruffleContext context;

        private ContextHandle(TruffleContext context) {
            this.context = context;
        }

        private TruffleContext context() {
            return context;
        }
    }
}
