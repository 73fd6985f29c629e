package io.natflow.nat.core;

/**
 * Addresses a router never forwards between networks (RFC 1812 §5.3.7 "martian" addresses,
 * RFC 3927 §7, RFC 6890), so the NAT never maps to or from them: "this network" 0/8, loopback
 * 127/8, link-local 169.254/16, multicast 224/4 and the reserved 240/4 with the limited
 * broadcast 255.255.255.255. Private and shared ranges (10/8, 100.64/10, ...) are not martians:
 * a NAT may well sit behind another one.
 */
public final class Martians {
    private Martians() {}

    public static boolean isMartian(int ip) {
        int first = ip >>> 24;
        return first == 0
                || first == 127
                || first >= 224 // 224/4 multicast, 240/4 reserved, 255.255.255.255
                || (ip >>> 16) == ((169 << 8) | 254); // 169.254/16 link-local
    }
}
