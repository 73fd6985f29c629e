package io.natflow.nat.openflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Packets waiting for their next hop's MAC, for a few seconds, so ARP loses nothing. A LAN host
 * gets a few; the gateway, the next hop of every outbound first packet (the controller sends
 * them on itself), gets many: after a controller restart every new connection waits for the
 * gateway's ARP answer at once. Bounded in hops and in packets overall.
 */
final class PendingPackets {
    private static final int MAX_PER_HOP = 16;
    private static final int MAX_FOR_GATEWAY = 2048;
    private static final int MAX_HOPS = 256;

    /** What {@link #hold} did: the first packet for a hop is the moment to ask ARP. */
    enum Held {
        FIRST,
        QUEUED,
        FULL
    }

    private record Waiting(byte[] frame, long since) {}

    private final Map<Integer, ArrayDeque<Waiting>> byNextHop = new HashMap<>();
    private final long maxAgeMillis;
    private final int gatewayIp;

    PendingPackets(long maxAgeMillis, int gatewayIp) {
        this.maxAgeMillis = maxAgeMillis;
        this.gatewayIp = gatewayIp;
    }

    /** Holds the frame; FULL means it was dropped. */
    Held hold(int nextHop, byte[] frame, long now) {
        ArrayDeque<Waiting> queue = byNextHop.get(nextHop);
        if (queue == null) {
            if (byNextHop.size() >= MAX_HOPS) {
                return Held.FULL;
            }
            queue = new ArrayDeque<>();
            byNextHop.put(nextHop, queue);
        } else if (queue.size() >= (nextHop == gatewayIp ? MAX_FOR_GATEWAY : MAX_PER_HOP)) {
            return Held.FULL;
        }
        queue.add(new Waiting(frame, now));
        return queue.size() == 1 ? Held.FIRST : Held.QUEUED;
    }

    List<byte[]> release(int nextHop) {
        ArrayDeque<Waiting> queue = byNextHop.remove(nextHop);
        List<byte[]> out = new ArrayList<>();
        if (queue != null) {
            queue.forEach(h -> out.add(h.frame()));
        }
        return out;
    }

    /** Drops what waited too long; returns how many. */
    int expire(long now) {
        int dropped = 0;
        for (Iterator<ArrayDeque<Waiting>> it = byNextHop.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Waiting> queue = it.next();
            while (!queue.isEmpty() && now - queue.peek().since() > maxAgeMillis) {
                queue.poll();
                dropped++;
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        return dropped;
    }
}
