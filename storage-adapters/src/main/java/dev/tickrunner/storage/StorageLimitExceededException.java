package dev.tickrunner.storage;

/**
 * A tick result broke a storage limit (Memory over 2 MB, a segment over 100 KB, a bad segment id); nothing of the tick
 * was saved. The message is the text the Node runner gives, word for word (see {@link PlayerMessages}).
 */
public final class StorageLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String userId;

    /**
     * @param userId  the player's user id
     * @param message the Node text
     */
    public StorageLimitExceededException(String userId, String message) {
        super(message, null, false, false);
        this.userId = userId;
    }

    /** @return the player's user id */
    public String getUserId() {
        return userId;
    }
}
