package dev.tickrunner.sandbox.json;

import com.oracle.truffle.api.strings.TruffleString;
import com.oracle.truffle.js.runtime.JSRealm;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.graalvm.polyglot.Engine;

/**
 * Serialises Memory at the end of a tick in Java when it is plain data ({@link PlainJsonWriter}), for the runtime's
 * {@code tickrunnerStringifyMemory} ({@link MemoryJsonInstrument}), and counts how often it did and how often it left
 * the value to GraalJS's built-in {@code JSON.stringify}.
 *
 * <p>Thread-safe. One per engine: {@link #enable(Engine)}.
 */
public final class MemoryJsonService {
    private final PlainJsonWriter writer = new PlainJsonWriter();
    private final LongAdder written = new LongAdder();
    private final LongAdder leftToBuiltIn = new LongAdder();

    MemoryJsonService() {
    }

    /**
     * Enables the instrument on an engine (idempotent) and returns its service.
     *
     * @param engine the shared engine; contexts created before or after both get the Java serialiser
     * @return the service
     * @throws IllegalStateException if the instrument is not on the class path (a broken packaging)
     */
    public static MemoryJsonService enable(Engine engine) {
        var instrument = engine.getInstruments().get(MemoryJsonInstrument.ID);
        if (instrument == null) {
            throw new IllegalStateException("Truffle instrument " + MemoryJsonInstrument.ID + " not found: "
                    + "META-INF/services of the sandbox jar missing from the class path");
        }
        return Objects.requireNonNull(instrument.lookup(MemoryJsonService.class), "Memory serialiser service");
    }

    /** @return how many Memory values were serialised in Java since the engine started */
    public long written() {
        return written.sum();
    }

    /** @return how many Memory values were left to the built-in {@code JSON.stringify} since the engine started */
    public long leftToBuiltIn() {
        return leftToBuiltIn.sum();
    }

    TruffleString serialise(Object value, JSRealm realm) {
        TruffleString text = writer.write(value, realm.getObjectPrototype(), realm.getArrayPrototype());
        (text == null ? leftToBuiltIn : written).increment();
        return text;
    }
}
