package io.natflow.rest.api;

import java.util.Optional;

/** The one port notation of natflow.yml and the API: "8080" or "8000-8009", within 1..65535. */
public final class PortRanges {
    private PortRanges() {}

    /** {first, last}, or empty if {@code text} is not a port or a range with first <= last. */
    public static Optional<int[]> parse(String text) {
        String[] parts = text.trim().split("\\s*-\\s*");
        try {
            int first = Integer.parseInt(parts[0].trim());
            int last = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : first;
            if (parts.length <= 2 && first >= 1 && last <= 65535 && first <= last) {
                return Optional.of(new int[] {first, last});
            }
        } catch (NumberFormatException e) {
            // not a number: empty below
        }
        return Optional.empty();
    }
}
