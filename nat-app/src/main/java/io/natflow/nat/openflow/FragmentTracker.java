package io.natflow.nat.openflow;

import io.natflow.nat.packet.Ipv4Packet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fragmented datagrams in flight, by (source, destination, protocol, IP identification), the
 * key RFC 791 reassembles by: the ports their first fragment carried (later fragments carry
 * none), and later fragments that arrived before their first one, held a moment (RFC 4787
 * REQ-14). Bounded in entries and in time.
 */
final class FragmentTracker {
    static final int MAX_RECORDS = 65_536;
    /** A datagram's record is trusted this long after its first fragment (Linux ipfrag_time). */
    static final long RECORD_MILLIS = 30_000;

    static final int MAX_HELD = 256;
    static final int MAX_HELD_PER_DATAGRAM = 48;
    /** How long a later fragment waits for its first one. */
    static final long HOLD_MILLIS = 2_000;

    record Datagram(int src, int dst, int protocol, int ipId) {
        static Datagram of(Ipv4Packet p) {
            return new Datagram(p.src(), p.dst(), p.protocol(), p.identification());
        }
    }

    /** The first fragment's ports (ICMP queries: the identifier, both ways). */
    record Ports(int src, int dst) {}

    record Held(byte[] frame, boolean fromLan, long since) {}

    private record Seen(Ports ports, long at) {}

    private final Map<Datagram, Seen> firsts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Datagram, Seen> eldest) {
            return size() > MAX_RECORDS;
        }
    };
    private final Map<Datagram, List<Held>> held = new LinkedHashMap<>();
    private int heldCount;

    void first(Datagram d, Ports ports, long now) {
        firsts.put(d, new Seen(ports, now));
    }

    Optional<Ports> portsOf(Datagram d, long now) {
        Seen seen = firsts.get(d);
        return seen == null || now - seen.at() > RECORD_MILLIS ? Optional.empty() : Optional.of(seen.ports());
    }

    /** Holds a later fragment until its first one shows up; false if there is no room (dropped). */
    boolean hold(Datagram d, Held fragment) {
        List<Held> waiting = held.get(d);
        if (heldCount >= MAX_HELD || (waiting != null && waiting.size() >= MAX_HELD_PER_DATAGRAM)) {
            return false;
        }
        held.computeIfAbsent(d, k -> new ArrayList<>()).add(fragment);
        heldCount++;
        return true;
    }

    List<Held> release(Datagram d) {
        List<Held> waiting = held.remove(d);
        if (waiting == null) {
            return List.of();
        }
        heldCount -= waiting.size();
        return waiting;
    }

    /** Drops the fragments that waited longer than HOLD_MILLIS; returns how many. */
    int expire(long now) {
        int dropped = 0;
        for (Iterator<List<Held>> it = held.values().iterator(); it.hasNext(); ) {
            List<Held> waiting = it.next();
            int before = waiting.size();
            waiting.removeIf(h -> now - h.since() > HOLD_MILLIS);
            dropped += before - waiting.size();
            if (waiting.isEmpty()) {
                it.remove();
            }
        }
        heldCount -= dropped;
        return dropped;
    }

    int heldCount() {
        return heldCount;
    }
}
