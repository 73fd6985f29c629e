package io.natflow.rest.api;

/** Path parameters that are numbers. */
public final class Ids {
    private Ids() {}

    /** A positive decimal id, or 400 naming what it should have been. */
    public static long parse(String what, String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.badRequest(what + " id '" + text + "' is not a positive number");
    }
}
