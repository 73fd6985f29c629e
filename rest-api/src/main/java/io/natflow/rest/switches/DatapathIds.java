package io.natflow.rest.switches;

import io.natflow.rest.api.AsciiNumbers;
import java.util.OptionalLong;

/** Datapath ids as users type and read them: 16 hex digits, colons optional on input. */
public final class DatapathIds {
    private DatapathIds() {}

    public static String format(long datapathId) {
        return String.format("%016x", datapathId);
    }

    /** The datapath id {@code input} names, or empty if it is not 1..16 ASCII hex digits (colons allowed). */
    public static OptionalLong parse(String input) {
        return AsciiNumbers.hex(input.trim().replace(":", ""), 16);
    }
}
