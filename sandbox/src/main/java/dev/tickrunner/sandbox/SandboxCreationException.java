package dev.tickrunner.sandbox;

/**
 * A new player sandbox could not be created because the trusted Screeps code failed to load (for example a
 * {@code --engine-dir} that is not a compatible {@code @screeps/engine}). The player's tick fails; others are not
 * affected.
 */
public final class SandboxCreationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the user
     * @param cause   the GraalJS or I/O error
     */
    public SandboxCreationException(String message, Throwable cause) {
        super(message, cause);
    }
}
