package io.natflow.rest.api;

import java.util.Optional;

/**
 * Characters that can change what a terminal shows rather than being shown: C0 and C1 controls
 * (ESC starts escape sequences, CR and LF rewrite lines), DEL, the bidirectional overrides and
 * isolates (they reorder text), and the Unicode line and paragraph separators. The API refuses
 * them in text it stores; everything that prints for people escapes them as {@code \\uXXXX}.
 */
public final class SafeText {
    private SafeText() {}

    public static boolean isUnsafe(int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL // U+0000-001F, U+007F-009F
                || codePoint == 0x061C // Arabic letter mark
                || codePoint == 0x200E
                || codePoint == 0x200F // LRM, RLM
                || (codePoint >= 0x202A && codePoint <= 0x202E) // embeddings and overrides
                || (codePoint >= 0x2066 && codePoint <= 0x2069) // isolates
                || codePoint == 0x2028
                || codePoint == 0x2029; // line and paragraph separators
    }

    /** "U+001B at position 4" for the first unsafe character, if any. */
    public static Optional<String> firstUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isUnsafe(cp)) {
                return Optional.of(String.format("U+%04X at position %d", cp, i));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** The text with every unsafe character written as {@code \\uXXXX} (all of them are in the BMP). */
    public static String escape(String text) {
        if (text == null || firstUnsafe(text).isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (isUnsafe(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
