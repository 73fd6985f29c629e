package io.natflow.rest.api;

import java.util.Optional;
import java.util.OptionalLong;

/** The one port notation of natflow.yml and the API: "8080" or "8000-8009", within 1..65535. */
public final class PortRanges {
    private PortRanges() {}

    /** {first, last}, or empty if {@code text} is not a port or a range with first <= last. */
    public static Optional<int[]> parse(String text) {
        String[] parts = text.trim().split("\\s*-\\s*", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        OptionalLong first = AsciiNumbers.decimal(parts[0].trim(), 5);
        OptionalLong last = parts.length == 2 ? AsciiNumbers.decimal(parts[1].trim(), 5) : first;
        if (first.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        long a = first.getAsLong();
        long b = last.getAsLong();
        return a >= 1 && b <= 65535 && a <= b ? Optional.of(new int[] {(int) a, (int) b}) : Optional.empty();
    }
}
