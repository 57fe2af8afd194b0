package dev.tickrunner.sandbox.json;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.instrumentation.EventContext;
import com.oracle.truffle.api.instrumentation.ExecutionEventNode;
import com.oracle.truffle.api.instrumentation.SourceSectionFilter;
import com.oracle.truffle.api.instrumentation.StandardTags;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.strings.TruffleString;
import com.oracle.truffle.js.runtime.JSArguments;
import com.oracle.truffle.js.runtime.JSRealm;
import dev.tickrunner.sandbox.containment.TrustedSources;

/**
 * The Truffle instrument behind {@link MemoryJsonService}: on entry to the runtime's Memory serialiser (the trusted
 * function named {@link #FUNCTION}, {@code function tickrunnerStringifyMemory(value) { return JSON.stringify(value); }}
 * in {@code runtime.js}) it serialises the argument with {@link PlainJsonWriter} and, when that takes the value,
 * returns the text in place of the function's body; otherwise the body runs GraalJS's built-in. The function is
 * called on the player's clock at the end of the tick, where Node's runtime calls {@code JSON.stringify}
 * ({@code @screeps/driver lib/runtime/runtime.js}), so the player's CPU counts this serialisation as Node's counts its.
 *
 * <p>A player function of that name is not matched: only trusted sources ({@link TrustedSources}) are.
 *
 * <p>Registered by {@link MemoryJsonInstrumentProvider} (a {@code META-INF/services} entry); allowed under the
 * CONSTRAINED sandbox policy.
 */
public final class MemoryJsonInstrument extends TruffleInstrument {
    /** The instrument id, for {@code engine.getInstruments().get(ID)}. */
    public static final String ID = "tickrunner-memory-json";
    /** The name of the runtime's function whose body this instrument replaces when it can. */
    public static final String FUNCTION = "tickrunnerStringifyMemory";

    @Override
    protected void onCreate(Env env) {
        MemoryJsonService service = new MemoryJsonService();
        SourceSectionFilter serialiser = SourceSectionFilter.newBuilder()
                .tagIs(StandardTags.RootTag.class)
                .rootNameIs(FUNCTION::equals)
                .sourceIs(source -> TrustedSources.isTrusted(source.getURI()))
                .build();
        env.getInstrumenter().attachExecutionEventFactory(serialiser, context -> new OnSerialiserEntry(context, service));
        env.registerService(service);
    }

    /** Serialises the argument in Java and unwinds with the text, or lets the body run. */
    private static final class OnSerialiserEntry extends ExecutionEventNode {
        private final EventContext context;
        private final MemoryJsonService service;

        OnSerialiserEntry(EventContext context, MemoryJsonService service) {
            this.context = context;
            this.service = service;
        }

        @Override
        protected void onEnter(VirtualFrame frame) {
            TruffleString text = serialise(frame.getArguments(), JSRealm.get(this));
            if (text != null) {
                throw context.createUnwind(text);
            }
        }

        @TruffleBoundary
        private TruffleString serialise(Object[] arguments, JSRealm realm) {
            if (JSArguments.getUserArgumentCount(arguments) < 1) {
                return null;
            }
            return service.serialise(JSArguments.getUserArgument(arguments, 0), realm);
        }

        @Override
        protected Object onUnwind(VirtualFrame frame, Object info) {
            return info;
        }
    }
}
