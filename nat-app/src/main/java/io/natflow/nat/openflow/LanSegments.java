package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The router's extra LAN segments and the alias of its main LAN (twice NAT): with none, the
 * router is what it was. Segment 0 is the main LAN (the connected prefix on {@code lanPorts}),
 * segments 1.. are {@link #segments} in order.
 *
 * @param lanAlias the prefix the extra segments reach the main LAN under (null without segments)
 */
public record LanSegments(Ipv4Prefix lanAlias, List<LanSegment> segments) {
    public static final LanSegments NONE = new LanSegments(null, List.of());
    /** Most extra segments one router takes: each adds flows per port and per other segment. */
    public static final int MAX_SEGMENTS = 16;

    public LanSegments {
        segments = List.copyOf(segments);
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("at most " + MAX_SEGMENTS + " LAN segments, got " + segments.size());
        }
        if (!segments.isEmpty() && lanAlias == null) {
            throw new IllegalArgumentException(
                    "LAN segments need an alias for the main LAN: the prefix the segments reach it under");
        }
        if (segments.isEmpty() && lanAlias != null) {
            throw new IllegalArgumentException(
                    "alias " + lanAlias + " is given but there is no LAN segment to see the main LAN under it");
        }
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /**
     * Checks the segments against the rest of the router: every alias as long as its prefix and
     * overlapping no real prefix (LAN, routed, static route, any segment's), no public address,
     * the gateway or another alias; every port on one segment only and not a LAN or WAN port.
     *
     * @throws IllegalArgumentException naming the segment and the problem
     */
    void check(
            Ipv4Prefix lan,
            List<String> lanPorts,
            String wanPort,
            int gatewayIp,
            int[] publicAddresses,
            Routes routes) {
        if (isEmpty()) {
            return;
        }
        if (lanAlias.length() != lan.length()) {
            throw new IllegalArgumentException(
                    "alias " + lanAlias + " must be as long as the LAN prefix " + lan + " (host bits are kept)");
        }
        List<Named> real = new ArrayList<>();
        real.add(new Named("the LAN prefix", lan));
        routes.lan().forEach(r -> real.add(new Named("the routed LAN prefix", r.prefix())));
        routes.wan().forEach(r -> real.add(new Named("the static route's prefix", r.prefix())));
        segments.forEach(s -> real.add(new Named("the prefix of segment " + s.name(), s.prefix())));
        List<Named> aliases = new ArrayList<>();
        aliases.add(new Named("alias (of the main LAN)", lanAlias));
        segments.forEach(s -> aliases.add(new Named("segment " + s.name() + ": alias", s.alias())));
        for (int i = 0; i < aliases.size(); i++) {
            Named a = aliases.get(i);
            for (Named r : real) {
                if (a.prefix().overlaps(r.prefix())) {
                    throw new IllegalArgumentException(
                            a.what() + " " + a.prefix() + " overlaps " + r.what() + " " + r.prefix());
                }
            }
            for (Named b : aliases.subList(0, i)) {
                if (a.prefix().overlaps(b.prefix())) {
                    throw new IllegalArgumentException(
                            a.what() + " " + a.prefix() + " overlaps " + b.what() + " " + b.prefix());
                }
            }
            for (int pub : publicAddresses) {
                if (a.prefix().contains(pub)) {
                    throw new IllegalArgumentException(
                            a.what() + " " + a.prefix() + " holds the public address " + Ipv4.format(pub));
                }
            }
            if (a.prefix().contains(gatewayIp)) {
                throw new IllegalArgumentException(
                        a.what() + " " + a.prefix() + " holds the gateway " + Ipv4.format(gatewayIp));
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> taken = new HashSet<>(lanPorts);
        taken.add(wanPort);
        for (LanSegment s : segments) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two LAN segments are named " + s.name());
            }
            for (String port : s.ports()) {
                if (!taken.add(port)) {
                    throw new IllegalArgumentException("segment " + s.name() + ": port " + port
                            + " is already a LAN port, the WAN port or another segment's port");
                }
            }
        }
    }

    private record Named(String what, Ipv4Prefix prefix) {}
}
