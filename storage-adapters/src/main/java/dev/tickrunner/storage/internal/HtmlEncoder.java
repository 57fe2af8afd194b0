package dev.tickrunner.storage.internal;

/**
 * {@code he.encode(text)} with he's default options (he 1.2): {@code " & ' < > `} and every character outside
 * printable ASCII (except tab, line feed and carriage return) become upper-case hexadecimal references
 * {@code &#xHH;}; astral symbols become one reference of their code point.
 *
 * <p>Mirrors: driver lib/index.js sendConsoleMessages ({@code item.escape ? he.encode(item.message) : item.message}).
 */
final class HtmlEncoder {

    private HtmlEncoder() {
    }

    static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                hex(sb, Character.toCodePoint(c, s.charAt(++i)));
            } else if (needsEscape(c)) {
                hex(sb, c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** he: regexEscape {@code /["&'<>`]/} and regexBmpWhitelist. */
    private static boolean needsEscape(char c) {
        return c == '"' || c == '&' || c == '\'' || c == '<' || c == '>' || c == '`'
                || (c >= 0x01 && c <= 0x09) || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                || c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D || c >= 0xA0;
    }

    private static void hex(StringBuilder sb, int codePoint) {
        sb.append("&#x").append(Integer.toHexString(codePoint).toUpperCase()).append(';');
    }
}
