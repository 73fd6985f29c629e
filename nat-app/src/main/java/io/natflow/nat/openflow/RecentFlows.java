package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sessions whose flows were sent within the last {@link #WINDOW_MILLIS}, with the sequence
 * number of the SYN that opened them. A packet of such a session that reaches the controller
 * raced its flows (it was already on its way, or matched a datapath flow the revalidator had
 * not yet replaced), as does a retransmission of that SYN: it is sent on, and the same flows
 * are not sent again, since every flow-mod makes the switch revalidate its whole datapath
 * cache, which would widen the window that let the packet through in the first place. A SYN
 * with another sequence number is a new connection on the same 4-tuple, not a race. Holds only
 * what was installed in the window, so its size follows the setup rate, not the table.
 */
final class RecentFlows {
    static final long WINDOW_MILLIS = 1_000;
    /** A hard bound besides the window (the packet-in meters bound the setup rate too): the oldest goes first. */
    static final int MAX_SESSIONS = 65_536;

    private record Session(long mappingId, long remote) {}

    /** No SYN opened the session (UDP, or a TCP packet of a session the switch lost). */
    static final long NO_SYN = -1;

    private record Sent(long at, long synSequence) {}

    private final LinkedHashMap<Session, Sent> sent = new LinkedHashMap<>();

    void sent(long mappingId, Endpoint remote, long synSequence, long now) {
        Session key = new Session(mappingId, Endpoint.pack(remote.ip(), remote.port()));
        sent.remove(key); // re-insert at the tail: the map stays in time order
        prune(now);
        if (sent.size() >= MAX_SESSIONS) {
            sent.remove(sent.keySet().iterator().next());
        }
        sent.put(key, new Sent(now, synSequence));
    }

    /**
     * True if the packet (a SYN with {@code synSequence}, or {@link #NO_SYN}) raced flows sent
     * moments ago for the same connection.
     */
    boolean raced(long mappingId, Endpoint remote, long synSequence, long now) {
        Sent s = sent.get(new Session(mappingId, Endpoint.pack(remote.ip(), remote.port())));
        if (s == null || now - s.at() >= WINDOW_MILLIS) {
            return false;
        }
        return synSequence == NO_SYN || synSequence == s.synSequence();
    }

    private void prune(long now) {
        for (Iterator<Map.Entry<Session, Sent>> it = sent.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue().at() < WINDOW_MILLIS) {
                return;
            }
            it.remove();
        }
    }
}
