package io.natflow.nat.rules;

import io.natflow.nat.core.Ipv4;

/**
 * An IPv4 prefix: {@code network/length}, the network's host bits zero. {@link #ANY} (0.0.0.0/0)
 * matches every address.
 */
public record Prefix(int network, int length) {
    public static final Prefix ANY = new Prefix(0, 0);

    public Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + length);
        }
        if ((network & ~mask(length)) != 0) {
            throw new IllegalArgumentException("prefix " + Ipv4.format(network) + "/" + length
                    + " has host bits set (network is " + Ipv4.format(network & mask(length)) + "/" + length + ")");
        }
    }

    /** One address: a /32. */
    public static Prefix host(int address) {
        return new Prefix(address, 32);
    }

    /** Parses {@code "10.0.0.0/24"}, {@code "10.0.0.5"} (a /32) or {@code "any"}; rejects host bits set. */
    public static Prefix parse(String text) {
        if (text == null || text.isBlank() || text.equals("any")) {
            return ANY;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return host(Ipv4.parse(text));
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("prefix length of " + text + " is not 0..32");
        }
        return new Prefix(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(len));
    }

    public int mask() {
        return mask(length);
    }

    public boolean contains(int address) {
        return (address & mask(length)) == network;
    }

    public boolean isAny() {
        return length == 0;
    }

    /** True if every address of {@code other} is in this prefix. */
    public boolean covers(Prefix other) {
        return other.length >= length && contains(other.network);
    }

    /** True if the two prefixes share an address. */
    public boolean overlaps(Prefix other) {
        return covers(other) || other.covers(this);
    }

    private static int mask(int length) {
        return length == 0 ? 0 : (int) (0xffff_ffffL << (32 - length));
    }

    @Override
    public String toString() {
        return isAny() ? "any" : length == 32 ? Ipv4.format(network) : Ipv4.format(network) + "/" + length;
    }
}
