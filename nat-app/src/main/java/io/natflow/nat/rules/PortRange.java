package io.natflow.nat.rules;

/** TCP/UDP ports {@code low..high}, both included; {@link #ANY} is 0-65535. */
public record PortRange(int low, int high) {
    public static final PortRange ANY = new PortRange(0, 65535);

    public PortRange {
        if (low < 0 || high > 65535 || low > high) {
            throw new IllegalArgumentException(
                    "port range must be within 0-65535 with low <= high, got " + low + "-" + high);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /** Parses {@code "80"}, {@code "1024-2047"} or {@code "any"}. */
    public static PortRange parse(String text) {
        if (text == null || text.isBlank() || text.equals("any")) {
            return ANY;
        }
        int dash = text.indexOf('-');
        return dash < 0
                ? single(number(text, text))
                : new PortRange(number(text.substring(0, dash), text), number(text.substring(dash + 1), text));
    }

    private static int number(String digits, String whole) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port range '" + whole + "' is not N or N-M with ports 0-65535");
        }
        return Integer.parseInt(digits);
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    public boolean isAny() {
        return low == 0 && high == 65535;
    }

    public boolean isSingle() {
        return low == high;
    }

    @Override
    public String toString() {
        return isAny() ? "any" : low == high ? Integer.toString(low) : low + "-" + high;
    }
}
