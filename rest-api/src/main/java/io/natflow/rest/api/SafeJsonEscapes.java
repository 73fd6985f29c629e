package io.natflow.rest.api;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Jackson escapes for JSON that people read in a terminal: besides what JSON requires (quotes,
 * backslash, U+0000-001F) every {@link SafeText#isUnsafe unsafe} character (DEL, C1 controls,
 * bidi controls, line separators) is written as {@code \\uXXXX}. The JSON means the same.
 */
public final class SafeJsonEscapes extends CharacterEscapes {
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        ASCII[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch > 0x7F && SafeText.isUnsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
}
