package dev.tickrunner.sandbox.containment;

import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider;
import java.util.Collection;
import java.util.List;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Registers {@link ContainmentInstrument} with Truffle (what the Truffle DSL processor would generate; the processor
 * is not on Maven Central for 25.0.3). Listed in {@code META-INF/services}.
 */
@TruffleInstrument.Registration(id = ContainmentInstrument.ID, name = "tickrunner containment",
        services = ContainmentService.class, sandbox = SandboxPolicy.CONSTRAINED)
public final class ContainmentInstrumentProvider extends TruffleInstrumentProvider {
    @Override
    protected String getInstrumentClassName() {
        return ContainmentInstrument.class.getName();
    }

    @Override
    protected Object create() {
        return new ContainmentInstrument();
    }

    @Override
    protected Collection<String> getServicesClassNames() {
        return List.of(ContainmentService.class.getName());
    }
}
