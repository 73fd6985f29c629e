package io.natflow.nat.core;

/**
 * An IPv4 prefix such as 10.0.0.0/24: the network address (host bits cleared) and its length.
 *
 * @param network the network address, host bits zero
 * @param length  0..32
 */
public record Ipv4Prefix(int network, int length) {
    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + length);
        }
        network &= mask(length);
    }

    /** "10.0.0.0/24"; host bits of the address are cleared. */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not a prefix like 10.0.0.0/24: " + text);
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a prefix length: " + text);
        }
        return new Ipv4Prefix(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(length));
    }

    public int mask() {
        return mask(length);
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network;
    }

    /** True if the two prefixes share an address (one holds the other). */
    public boolean overlaps(Ipv4Prefix other) {
        int shorter = Math.min(length, other.length);
        return ((network ^ other.network) & mask(shorter)) == 0;
    }

    /** An address a host may have: inside, and (up to /30) neither the network nor the broadcast address. */
    public boolean isHost(int ip) {
        if (!contains(ip)) {
            return false;
        }
        return length > 30 || (ip != network && ip != (network | ~mask()));
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + length;
    }

    private static int mask(int length) {
        return length == 0 ? 0 : (int) (0xffff_ffffL << (32 - length));
    }
}
