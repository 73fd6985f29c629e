package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import java.util.List;
import java.util.Objects;

/**
 * A LAN of its own on some of the router's ports, whose prefix may be the main LAN's or another
 * segment's (twice NAT, issue 14 item 2). Its hosts are learned by ARP apart from every other
 * segment's; the other segments see it under {@code alias}, host bits kept (NETMAP).
 *
 * @param name          how the config and the logs call it
 * @param ports         its switch ports, by name or number
 * @param prefix        its real prefix
 * @param routerAddress the router's address on it (answers ARP and ping there)
 * @param alias         the prefix the other segments reach it under, as long as {@code prefix}
 */
public record LanSegment(String name, List<String> ports, Ipv4Prefix prefix, int routerAddress, Ipv4Prefix alias) {
    /** Longest segment name: it appears in logs and error messages. */
    public static final int MAX_NAME = 32;

    public LanSegment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(alias, "alias");
        ports = List.copyOf(ports);
        if (name.isBlank() || name.length() > MAX_NAME || !name.chars().allMatch(LanSegment::nameChar)) {
            throw new IllegalArgumentException(
                    "segment name must be 1.." + MAX_NAME + " letters, digits, '-' or '_', got '" + name + "'");
        }
        if (ports.isEmpty() || ports.size() > RouterConfig.MAX_LAN_PORTS) {
            throw new IllegalArgumentException("segment " + name + ": 1.." + RouterConfig.MAX_LAN_PORTS
                    + " ports are needed, got " + ports.size());
        }
        if (prefix.length() < 8 || prefix.length() > 30) {
            throw new IllegalArgumentException(
                    "segment " + name + ": prefix length must be 8..30, got " + prefix.length());
        }
        if (!prefix.isHost(routerAddress)) {
            throw new IllegalArgumentException("segment " + name + ": routerAddress " + Ipv4.format(routerAddress)
                    + " is not a host address of its prefix " + prefix);
        }
        if (alias.length() != prefix.length()) {
            throw new IllegalArgumentException("segment " + name + ": alias " + alias
                    + " must be as long as its prefix " + prefix + " (host bits are kept)");
        }
    }

    private static boolean nameChar(int c) {
        return Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_';
    }
}
