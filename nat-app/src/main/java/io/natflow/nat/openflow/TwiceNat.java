package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Twice NAT between LAN segments, as a pure function of the addresses (NETMAP: the host bits
 * stay, the network bits change). A packet from segment A to an address in segment B's alias
 * leaves with its source in A's alias and its destination in B's real prefix; B answers to A's
 * alias and the reverse holds. Segment 0 is the main LAN; no clock, no I/O.
 */
final class TwiceNat {
    /** One segment as the translation sees it. */
    record Side(int index, String name, Ipv4Prefix prefix, int routerAddress, Ipv4Prefix alias) {
        boolean isHost(int ip) {
            return prefix.isHost(ip) && ip != routerAddress;
        }

        /** The same host bits in {@code to}'s network bits. */
        static int move(int ip, Ipv4Prefix from, Ipv4Prefix to) {
            return to.network() | (ip & ~from.mask());
        }
    }

    /**
     * A packet that crosses from segment {@code from} to segment {@code to}: its addresses as sent
     * ({@code src}, {@code dst}: a real address of {@code from}, an alias address of {@code to})
     * and as delivered ({@code newSrc} in {@code from}'s alias, {@code newDst} real in {@code to}).
     */
    record Crossing(int from, int to, int src, int dst, int newSrc, int newDst) {
        /** The answer's crossing: from {@code to}'s host back to this packet's sender. */
        Crossing reverse() {
            return new Crossing(to, from, newDst, newSrc, dst, src);
        }
    }

    /** Why a packet to an alias address does not cross. */
    enum Refusal {
        /** The source is not a host of the segment it arrived on. */
        SOURCE_NOT_IN_SEGMENT,
        /** The alias address is the segment's own: a segment does not reach itself through its alias. */
        OWN_ALIAS,
        /** The address behind the alias is no host (network, broadcast, the router's address). */
        NOT_A_HOST
    }

    /** A crossing or why none. */
    record Result(Crossing crossing, Refusal refusal) {}

    private final List<Side> sides;

    TwiceNat(RouterConfig config) {
        this(sides(config));
    }

    TwiceNat(List<Side> sides) {
        this.sides = List.copyOf(sides);
    }

    private static List<Side> sides(RouterConfig config) {
        LanSegments segments = config.segments();
        if (segments.isEmpty()) {
            return List.of();
        }
        List<Side> out = new ArrayList<>();
        out.add(new Side(0, "lan", config.lanPrefix(), config.routerLanIp(), segments.lanAlias()));
        for (LanSegment s : segments.segments()) {
            out.add(new Side(out.size(), s.name(), s.prefix(), s.routerAddress(), s.alias()));
        }
        return out;
    }

    boolean enabled() {
        return !sides.isEmpty();
    }

    List<Side> sides() {
        return sides;
    }

    Side side(int index) {
        return sides.get(index);
    }

    /** The segment whose alias holds {@code ip}, if any. */
    Optional<Side> aliasOwner(int ip) {
        for (Side s : sides) {
            if (s.alias().contains(ip)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** How a packet from {@code src} on segment {@code from} to {@code dst} crosses; null if dst is no alias. */
    Result translate(int from, int src, int dst) {
        Optional<Side> target = aliasOwner(dst);
        if (target.isEmpty()) {
            return null;
        }
        Side a = sides.get(from);
        Side b = target.get();
        if (!a.isHost(src)) {
            return new Result(null, Refusal.SOURCE_NOT_IN_SEGMENT);
        }
        if (b.index() == from) {
            return new Result(null, Refusal.OWN_ALIAS);
        }
        int realDst = Side.move(dst, b.alias(), b.prefix());
        if (!b.isHost(realDst)) {
            return new Result(null, Refusal.NOT_A_HOST);
        }
        return new Result(
                new Crossing(from, b.index(), src, dst, Side.move(src, a.prefix(), a.alias()), realDst), null);
    }
}
