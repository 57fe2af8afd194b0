package dev.tickrunner.runner;

import dev.tickrunner.sandbox.SandboxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start which GraalJS runtime runs player code, and loudly when it is not the optimizing one.
 */
public final class JitStatus {
    private static final Logger LOG = LoggerFactory.getLogger(JitStatus.class);

    private JitStatus() {
    }

    /**
     * Logs the GraalJS implementation name of {@code factory}'s engine; a WARN with the reason and the fix when the
     * optimizing Graal JIT is not active.
     *
     * @return whether the optimizing runtime is active
     */
    public static boolean report(SandboxFactory factory) {
        String launcher = System.getProperty("tickrunner.jit", "unknown (not started by ./tickrunner)");
        if (factory.optimizing()) {
            LOG.info("GraalJS runtime: {} (optimizing Graal JIT {}; engine.Mode {})", factory.implementationName(),
                    launcher, System.getProperty("polyglot.engine.Mode", factory.jitMode().optionValue()));
            return true;
        }
        LOG.warn("GraalJS runtime: {} -- the optimizing Graal JIT is NOT active, player code runs 2-190x slower. "
                        + "Launcher: {}. Fix: start with ./tickrunner on a JDK >= 25.0.3, which adds "
                        + "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=runner/target/jvmci/*.jar",
                factory.implementationName(), launcher);
        return false;
    }
}
