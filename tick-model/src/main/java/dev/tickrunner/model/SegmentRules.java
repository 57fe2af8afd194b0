package dev.tickrunner.model;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for a player's memory segments ({@code RawMemory.segments}), in one place: ids 0–99, at most
 * {@value #MAX_PER_TICK} segments saved per tick, each at most {@value #MAX_CHARS} characters (100 KB), with the texts
 * the player sees when a rule is broken, word for word from Node.
 *
 * <p>Mirrors: driver lib/runtime/runtime.js (the checks of {@code RawMemory.segments} after the player's code ran, and
 * their thrown texts). The same 100 KB bound applies to the inter-shard segment ({@code InterShardMemory}, not in the
 * private-server driver).
 * Stateless.
 */
public final class SegmentRules {
    /** The lowest segment id. */
    public static final int MIN_ID = 0;
    /** The highest segment id (runtime.js: {@code id > 99} is invalid). */
    public static final int MAX_ID = 99;
    /** Segments that may be saved in one tick (runtime.js: {@code > 10} is an error). */
    public static final int MAX_PER_TICK = 10;
    /** Longest segment, characters (runtime.js: {@code 100 * 1024}). */
    public static final int MAX_CHARS = 100 * 1024;

    /** runtime.js, more than {@value #MAX_PER_TICK} segments saved in one tick. */
    public static final String TOO_MANY_SEGMENTS = "Cannot save more than 10 memory segments on the same tick";
    /** runtime.js, a segment id that is not 0–99; {@code %s} is the id. */
    public static final String SEGMENT_ID_INVALID = "\"%s\" is not a valid memory segment ID";
    /** runtime.js, a segment longer than {@value #MAX_CHARS}; {@code %s} is the segment id. */
    public static final String SEGMENT_LIMIT_EXCEEDED = "Memory segment #%s has exceeded 100 KB length limit";

    /** A segment id as it appears as a key of a JSON object: one or two decimal digits. */
    private static final Pattern ID_TEXT = Pattern.compile("[0-9]{1,2}");

    private SegmentRules() {
    }

    /** @return true if {@code id} is in {@value #MIN_ID}–{@value #MAX_ID} */
    public static boolean isValidId(int id) {
        return id >= MIN_ID && id <= MAX_ID;
    }

    /**
     * @param key a key of a JSON object of segments, e.g. {@code "7"}
     * @return true if it is one or two decimal digits (so an id in 0–99; {@code "07"} counts as 7)
     */
    public static boolean isValidIdText(String key) {
        return ID_TEXT.matcher(key).matches();
    }

    /** @return true if {@code segment} is at most {@value #MAX_CHARS} characters long */
    public static boolean fitsLength(String segment) {
        return segment.length() <= MAX_CHARS;
    }

    /**
     * Checks the segments one tick saves, in runtime.js's order: the count, then each entry's id and length, in the
     * map's iteration order.
     *
     * @param segments segment id → content (a null content is not checked for length), or null for none
     * @return null when every rule holds, else the Node text of the first broken one ({@link #TOO_MANY_SEGMENTS},
     *         {@link #SEGMENT_ID_INVALID} or {@link #SEGMENT_LIMIT_EXCEEDED} with the id filled in)
     */
    public static String violation(Map<Integer, String> segments) {
        if (segments == null) {
            return null;
        }
        if (segments.size() > MAX_PER_TICK) {
            return TOO_MANY_SEGMENTS;
        }
        for (Map.Entry<Integer, String> e : segments.entrySet()) {
            if (!isValidId(e.getKey())) {
                return SEGMENT_ID_INVALID.formatted(e.getKey());
            }
            if (e.getValue() != null && !fitsLength(e.getValue())) {
                return SEGMENT_LIMIT_EXCEEDED.formatted(e.getKey());
            }
        }
        return null;
    }
}
