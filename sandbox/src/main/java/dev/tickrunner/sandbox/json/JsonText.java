package dev.tickrunner.sandbox.json;

import com.oracle.truffle.api.strings.InternalByteArray;
import com.oracle.truffle.api.strings.TruffleString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text {@link PlainJsonWriter} builds: ISO-8859-1 bytes for as long as every character fits in one (Memory is
 * nearly always such text), UTF-16 chars from the first that does not. A GraalJS string of one-byte characters (a
 * TruffleString of compaction level S1) is quoted straight from its internal bytes, without making a Java string of it.
 *
 * <p>Not thread-safe: one per serialisation.
 */
final class JsonText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /** The text so far while it is one-byte characters; null once {@link #wide} has taken over. */
    private byte[] bytes = new byte[8192];
    private int length;
    /** The text from the first character wider than a byte on. */
    private StringBuilder wide;

    /** @return characters so far */
    int length() {
        return wide == null ? length : wide.length();
    }

    /** Appends an ASCII character. */
    void ascii(char c) {
        if (wide != null) {
            wide.append(c);
            return;
        }
        if (length == bytes.length) {
            grow(1);
        }
        bytes[length++] = (byte) c;
    }

    /** Appends ASCII text (literals, numbers). */
    void ascii(String s) {
        if (wide != null) {
            wide.append(s);
            return;
        }
        int n = s.length();
        if (length + n > bytes.length) {
            grow(n);
        }
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    /** Appends an int in decimal, as {@code Integer.toString} writes it. */
    void integer(int value) {
        if (wide != null) {
            wide.append(value);
            return;
        }
        if (length + 11 > bytes.length) {
            grow(11);
        }
        if (value < 0) {
            if (value == Integer.MIN_VALUE) {
                ascii("-2147483648");
                return;
            }
            bytes[length++] = '-';
            value = -value;
        }
        int end = length + digits(value);
        int at = end;
        do {
            bytes[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        length = end;
    }

    private static int digits(int value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    /**
     * Appends a quoted key and its colon.
     *
     * @param text   the key, quoted, with its colon
     * @param latin1 the same as ISO-8859-1 bytes, or null if it has a wider character
     */
    void key(String text, byte[] latin1) {
        if (wide == null && latin1 != null) {
            if (length + latin1.length > bytes.length) {
                grow(latin1.length);
            }
            System.arraycopy(latin1, 0, bytes, length, latin1.length);
            length += latin1.length;
        } else {
            widen();
            wide.append(text);
        }
    }

    /** Appends a string as JSON.stringify quotes it ({@link PlainJsonWriter#quote}). */
    void quoted(TruffleString s) {
        if (wide == null && s.getStringCompactionLevelUncached(TruffleString.Encoding.UTF_16)
                == TruffleString.CompactionLevel.S1) {
            InternalByteArray internal = s.getInternalByteArrayUncached(TruffleString.Encoding.ISO_8859_1);
            quotedLatin1(internal.getArray(), internal.getOffset(), internal.getEnd());
        } else {
            widen();
            PlainJsonWriter.quote(wide, s.toJavaStringUncached());
        }
    }

    private void quotedLatin1(byte[] source, int start, int end) {
        // At most 6 bytes out for each byte in (a control character as \\u00XX), plus the quotes.
        int room = (end - start) * 6 + 2;
        if (length + room > bytes.length) {
            grow(room);
        }
        byte[] out = bytes;
        int at = length;
        out[at++] = '"';
        int from = start;
        for (int i = start; i < end; i++) {
            int c = source[i] & 0xFF;
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            System.arraycopy(source, from, out, at, i - from);
            at += i - from;
            from = i + 1;
            out[at++] = '\\';
            switch (c) {
                case '"' -> out[at++] = '"';
                case '\\' -> out[at++] = '\\';
                case '\b' -> out[at++] = 'b';
                case '\f' -> out[at++] = 'f';
                case '\n' -> out[at++] = 'n';
                case '\r' -> out[at++] = 'r';
                case '\t' -> out[at++] = 't';
                default -> {
                    out[at++] = 'u';
                    out[at++] = '0';
                    out[at++] = '0';
                    out[at++] = HEX[c >> 4];
                    out[at++] = HEX[c & 0xF];
                }
            }
        }
        System.arraycopy(source, from, out, at, end - from);
        at += end - from;
        out[at++] = '"';
        length = at;
    }

    private void grow(int extra) {
        long needed = (long) length + extra;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new OutOfMemoryError("JSON text over 2^31 characters");
        }
        bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 16)));
    }

    private void widen() {
        if (wide == null) {
            wide = new StringBuilder(length + 1024).append(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
            bytes = null;
        }
    }

    /** @return the text as a GraalJS (UTF-16) string */
    TruffleString toTruffleString() {
        String text = wide == null ? new String(bytes, 0, length, StandardCharsets.ISO_8859_1) : wide.toString();
        return TruffleString.fromJavaStringUncached(text, 0, text.length(), TruffleString.Encoding.UTF_16, false);
    }

    /** @return the text as ISO-8859-1 bytes, or null if it has a character wider than a byte */
    static byte[] latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return null;
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
