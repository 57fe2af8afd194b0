package dev.tickrunner.sandbox.json;

import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider;
import java.util.Collection;
import java.util.List;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Registers {@link MemoryJsonInstrument} with Truffle (what the Truffle DSL processor would generate; the processor
 * is not on Maven Central for 25.0.3). Listed in {@code META-INF/services}.
 */
@TruffleInstrument.Registration(id = MemoryJsonInstrument.ID, name = "tickrunner Memory serialiser",
        services = MemoryJsonService.class, sandbox = SandboxPolicy.CONSTRAINED)
public final class MemoryJsonInstrumentProvider extends TruffleInstrumentProvider {
    @Override
    protected String getInstrumentClassName() {
        return MemoryJsonInstrument.class.getName();
    }

    @Override
    protected Object create() {
        return new MemoryJsonInstrument();
    }

    @Override
    protected Collection<String> getServicesClassNames() {
        return List.of(MemoryJsonService.class.getName());
    }
}
