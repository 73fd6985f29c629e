package io.natflow.rest.switches;

import java.util.Locale;

/** Datapath ids as users type and read them: 16 hex digits, colons optional on input. */
final class DatapathIds {
    private DatapathIds() {}

    static String format(long datapathId) {
        return String.format("%016x", datapathId);
    }

    /** Lower-case, colons removed, left-padded to 16 digits; garbage stays garbage (and matches nothing). */
    static String normalize(String input) {
        String hex = input.replace(":", "").toLowerCase(Locale.ROOT);
        return hex.length() >= 16 ? hex : "0".repeat(16 - hex.length()) + hex;
    }
}
