package dev.tickrunner.sandbox.containment;

/**
 * Thrown on a player thread that must leave its context for good (see {@link ContainmentService#stop}). JavaScript
 * {@code catch} never sees it (GraalJS catches JS errors and stack overflows only), and Truffle passes it through
 * instrument nodes because it is a {@link ThreadDeath}, the type Truffle's own cancel uses. One preallocated instance
 * without a stack trace: throwing it needs no allocation and no Java frames, so it can be thrown at the very edge of
 * the stack.
 */
@SuppressWarnings({"removal", "serial"})
public final class ExecutionStopped extends ThreadDeath {
    static final ExecutionStopped INSTANCE = new ExecutionStopped();

    private ExecutionStopped() {
    }

    @Override
    public String getMessage() {
        return "Player execution stopped by the runner";
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
