package io.natflow.rest.api;

import java.util.OptionalLong;

/** Path parameters that are numbers. */
public final class Ids {
    private Ids() {}

    /** A positive decimal id, or 400 naming what it should have been. */
    public static long parse(String what, String text) {
        OptionalLong id = AsciiNumbers.decimal(text.trim(), 18);
        if (id.isPresent() && id.getAsLong() > 0) {
            return id.getAsLong();
        }
        throw ApiException.badRequest(what + " id '" + text + "' is not a positive number");
    }
}
