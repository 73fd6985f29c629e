package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sessions whose flows were sent within the last {@link #WINDOW_MILLIS}. A packet of such a
 * session that reaches the controller raced its flows (it was already on its way, or matched a
 * datapath flow the revalidator had not yet replaced): it is sent on, and the same flows are
 * not sent again, since every flow-mod makes the switch revalidate its whole datapath cache,
 * which would widen the window that let the packet through in the first place. Holds only what
 * was installed in the window, so its size follows the setup rate, not the table.
 */
final class RecentFlows {
    static final long WINDOW_MILLIS = 1_000;

    private record Session(long mappingId, long remote) {}

    private final LinkedHashMap<Session, Long> sentAt = new LinkedHashMap<>();

    void sent(long mappingId, Endpoint remote, long now) {
        Session key = new Session(mappingId, Endpoint.pack(remote.ip(), remote.port()));
        sentAt.remove(key); // re-insert at the tail: the map stays in time order
        sentAt.put(key, now);
        prune(now);
    }

    boolean sentMomentsAgo(long mappingId, Endpoint remote, long now) {
        Long at = sentAt.get(new Session(mappingId, Endpoint.pack(remote.ip(), remote.port())));
        return at != null && now - at < WINDOW_MILLIS;
    }

    void prune(long now) {
        for (Iterator<Map.Entry<Session, Long>> it = sentAt.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue() < WINDOW_MILLIS) {
                return;
            }
            it.remove();
        }
    }

    int size() {
        return sentAt.size();
    }
}
