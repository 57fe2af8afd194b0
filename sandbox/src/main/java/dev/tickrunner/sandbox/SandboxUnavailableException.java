package dev.tickrunner.sandbox;

/**
 * A player's sandbox could not be leased because another thread is running that player's tick (the same user
 * ticket taken twice). Carries the pool's state: "… (total=, inUse=, idle=)".
 */
public final class SandboxUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private SandboxUnavailableException(String message) {
        super(message, null, false, false);
    }

    static SandboxUnavailableException inUse(String userId, SandboxPoolStats stats) {
        return new SandboxUnavailableException("Sandbox of user " + userId + " is in use by another tick " + stats);
    }
}
