package dev.tickrunner.sandbox.containment;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.instrumentation.ExecutionEventNode;
import com.oracle.truffle.api.instrumentation.SourceSectionFilter;
import com.oracle.truffle.api.instrumentation.StandardTags;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;

/**
 * The Truffle instrument behind {@link ContainmentService}. Enabled by looking the service up on the engine; from
 * then on every function of player code (any source not built by {@link TrustedSources}) polls a Truffle safepoint
 * when it is entered while the runner is interrupting or cancelling that thread ({@link ContainmentService#expectStop}).
 *
 * <p>Why: GraalJS polls safepoints on loop back-edges only. A player recursion without a loop — e.g. {@code function
 * f() { try { return f(); } catch (e) { return f(); } }}, exponential and catching every stack overflow — never
 * reaches one, so neither {@code Context.interrupt} nor {@code close(true)} could stop its thread. With a poll on
 * every call, both are delivered within one call — unless the call is at the edge of the stack, where processing them
 * could overflow inside Truffle (see {@link StackHeadroom}); they wait for a shallower call there. Polls are asked
 * for, not made on every call: Truffle's query for pending actions takes a lock, too costly and too risky per call.
 *
 * <p>That is not always enough: such a recursion spends its time at the edge of the stack, where Truffle's own
 * delivery of a cancel can itself overflow the stack and be lost. {@link ContainmentService#stop} is the backstop: a
 * sticky per-thread mark checked on every player function entry.
 *
 * <p>Registered by {@link ContainmentInstrumentProvider} (a {@code META-INF/services} entry); allowed under the
 * CONSTRAINED sandbox policy.
 */
public final class ContainmentInstrument extends TruffleInstrument {
    /** The instrument id, for {@code engine.getInstruments().get(ID)}. */
    public static final String ID = "tickrunner-containment";

    @Override
    protected void onCreate(Env env) {
        SourceSectionFilter playerFunctions = SourceSectionFilter.newBuilder()
                .tagIs(StandardTags.RootTag.class)
                .sourceIs(source -> !TrustedSources.isTrusted(source.getURI()))
                .build();
        StopRequests stops = new StopRequests();
        env.getInstrumenter().attachExecutionEventFactory(playerFunctions, context -> new OnPlayerFunctionEntry(stops));
        env.registerService(new ContainmentService(env, stops));
    }

    /**
     * On entry to a player function: does what the runner asked of this thread ({@link StopRequests}): nothing, poll
     * a safepoint so that an interrupt or cancel reaches recursion, or throw to stop it for good.
     */
    private static final class OnPlayerFunctionEntry extends ExecutionEventNode {
        private final StopRequests stops;

        OnPlayerFunctionEntry(StopRequests stops) {
            this.stops = stops;
        }

        @Override
        protected void onEnter(VirtualFrame frame) {
            stops.check(this);
        }
    }
}
