package io.natflow.nat.openflow;

import java.util.HashMap;
import java.util.Map;

/**
 * The MACs of the static routes' WAN next hops, learned by ARP as the gateway's is
 * ({@link Neighbors}). Only configured next hops are kept, so the table is bounded by the config.
 */
final class WanHops {
    private static final class Hop {
        long mac = -1;
        long learnedAt;
        long lastQuery = Long.MIN_VALUE / 2;
    }

    private final Map<Integer, Hop> hops = new HashMap<>();

    WanHops(Iterable<Integer> configured) {
        configured.forEach(ip -> hops.put(ip, new Hop()));
    }

    boolean isHop(int ip) {
        return hops.containsKey(ip);
    }

    /** True if the hop's MAC is new or changed (its routes' flows must be rewritten). */
    boolean learn(int ip, long mac, long now) {
        Hop hop = hops.get(ip);
        if (hop == null) {
            return false;
        }
        boolean changed = hop.mac != mac;
        hop.mac = mac;
        hop.learnedAt = now;
        return changed;
    }

    boolean known(int ip) {
        Hop hop = hops.get(ip);
        return hop != null && hop.mac >= 0;
    }

    /** The hop's MAC, or -1 if not known. */
    long mac(int ip) {
        Hop hop = hops.get(ip);
        return hop == null ? -1 : hop.mac;
    }

    /** True if the hop is unknown or was learned more than {@code refreshMillis} ago. */
    boolean stale(int ip, long now, long refreshMillis) {
        Hop hop = hops.get(ip);
        return hop != null && (hop.mac < 0 || now - hop.learnedAt > refreshMillis);
    }

    /** Rate-limits ARP requests for one hop to one per {@code interval}. */
    boolean shouldQuery(int ip, long now, long interval) {
        Hop hop = hops.get(ip);
        if (hop == null || now - hop.lastQuery < interval) {
            return false;
        }
        hop.lastQuery = now;
        return true;
    }

    Iterable<Integer> ips() {
        return hops.keySet();
    }
}
