package io.natflow.rest.switches;

import java.util.OptionalLong;

/** Datapath ids as users type and read them: 16 hex digits, colons optional on input. */
public final class DatapathIds {
    private DatapathIds() {}

    public static String format(long datapathId) {
        return String.format("%016x", datapathId);
    }

    /** The datapath id {@code input} names, or empty if it is not 1..16 hex digits (colons allowed). */
    public static OptionalLong parse(String input) {
        String hex = input.trim().replace(":", "");
        if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseUnsignedLong(hex, 16));
    }
}
