package io.natflow.nat.openflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Packets waiting for their next hop's MAC, a few per hop for a few seconds, so ARP loses nothing. */
final class PendingPackets {
    private static final int MAX_PER_HOP = 16;

    private record Held(byte[] frame, long since) {}

    private final Map<Integer, ArrayDeque<Held>> byNextHop = new HashMap<>();
    private final long maxAgeMillis;

    PendingPackets(long maxAgeMillis) {
        this.maxAgeMillis = maxAgeMillis;
    }

    /** False if the hop's queue is full (the packet is dropped). */
    boolean hold(int nextHop, byte[] frame, long now) {
        ArrayDeque<Held> queue = byNextHop.computeIfAbsent(nextHop, h -> new ArrayDeque<>());
        if (queue.size() >= MAX_PER_HOP) {
            return false;
        }
        queue.add(new Held(frame, now));
        return true;
    }

    List<byte[]> release(int nextHop) {
        ArrayDeque<Held> queue = byNextHop.remove(nextHop);
        List<byte[]> out = new ArrayList<>();
        if (queue != null) {
            queue.forEach(h -> out.add(h.frame()));
        }
        return out;
    }

    /** Drops what waited too long; returns how many. */
    int expire(long now) {
        int dropped = 0;
        for (Iterator<ArrayDeque<Held>> it = byNextHop.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Held> queue = it.next();
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
