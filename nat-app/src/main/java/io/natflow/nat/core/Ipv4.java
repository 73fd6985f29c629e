package io.natflow.nat.core;

/** IPv4 addresses as {@code int} (network order, so 10.0.0.1 is 0x0A000001) for speed. */
public final class Ipv4 {
    private Ipv4() {}

    /** Parses a dotted quad of ASCII digits such as {@code "203.0.113.7"}; rejects anything else (other scripts' digits too). */
    public static int parse(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted-quad IPv4 address: " + dotted);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a dotted-quad IPv4 address: " + dotted);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("octet out of range in " + dotted);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Formats as a dotted quad. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The address as an unsigned value, for sorting and printing. */
    public static long unsigned(int address) {
        return address & 0xffff_ffffL;
    }
}
