package dev.tickrunner.storage;

import dev.tickrunner.model.SegmentRules;

/** Texts the player sees that come from the storage adapters, word for word from the Node file noted beside each. */
public final class PlayerMessages {

    /** driver lib/runtime/make.js getUserData, {@code user.cpuAvailable < 0}. */
    public static final String CPU_BUCKET_EMPTY = "Script execution has been terminated: CPU bucket is empty";

    /** driver lib/runtime/make.js getUserData, {@code user.skipTicksPenalty > 0}. */
    public static final String SKIP_TICKS_PENALTY = "Your script is temporary blocked due to a hard reset inflicted "
            + "to the runtime process.\nPlease try to change your code in order to prevent causing hard timeout resets.";

    /** driver lib/index.js saveUserMemory, {@code memory.data.length > 2*1024*1024}. */
    public static final String MEMORY_LIMIT_REACHED = "Script execution has been terminated: memory allocation limit reached";

    /** {@link SegmentRules#SEGMENT_LIMIT_EXCEEDED}: a segment longer than 100 KB; {@code %s} is the segment id. */
    public static final String SEGMENT_LIMIT_EXCEEDED = SegmentRules.SEGMENT_LIMIT_EXCEEDED;

    /** {@link SegmentRules#SEGMENT_ID_INVALID}: a segment id that is not 0–99; {@code %s} is the id. */
    public static final String SEGMENT_ID_INVALID = SegmentRules.SEGMENT_ID_INVALID;

    /** {@link SegmentRules#TOO_MANY_SEGMENTS}: more than 10 segments saved in one tick. */
    public static final String TOO_MANY_SEGMENTS = SegmentRules.TOO_MANY_SEGMENTS;

    /**
     * Not a Node text: the Node runner fails with a {@code TypeError} ("Cannot read property 'cpu' of null") when
     * the ticket's user has no {@code users} document.
     */
    public static final String USER_NOT_FOUND = "User %s not found";

    /**
     * Not a Node text (issue #5): a tick whose results could not be saved because MongoDB or Redis failed;
     * {@code %d} is the game time, {@code %s} the reason ({@link #STORAGE_UNAVAILABLE}). Sent by
     * {@link ResultWriter#report} for a {@link dev.tickrunner.model.TickOutcome.StorageUnavailable} tick.
     */
    public static final String TICK_SKIPPED = "Tick %d skipped: %s. Nothing of this run was saved; the tick runs "
            + "again if storage returns in time.";

    /** The reason in {@link #TICK_SKIPPED} when MongoDB or Redis was unavailable. */
    public static final String STORAGE_UNAVAILABLE = "storage unavailable";

    /**
     * Not a Node text (the MMO's InterShardMemory limit; the private-server driver has no InterShardMemory): an
     * inter-shard segment longer than {@link SegmentRules#MAX_CHARS} ({@code 100 * 1024}) characters.
     */
    public static final String INTER_SHARD_LIMIT_EXCEEDED = "InterShardMemory segment has exceeded 100 KB length limit";

    private PlayerMessages() {
    }
}
