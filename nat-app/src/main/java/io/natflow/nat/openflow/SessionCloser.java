package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.TcpFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * TCP close of one session of a mapping that has others. The core keeps TCP state per mapping,
 * so a FIN or RST of one connection must not reach it while another connection still uses the
 * mapping (endpoint-independent mapping lets one internal endpoint talk to several remotes):
 * this class follows the closing session instead, and reports it due once the transitory timer
 * has run after FIN both ways, or after an RST (RFC 5382 REQ-5).
 */
final class SessionCloser {
    /** A session whose close is due: its flows go, and the mapping if it was the last one. */
    record Due(long mappingId, Endpoint remote) {}

    private static final class Closing {
        boolean finOut;
        boolean finIn;
        long deadline = Long.MAX_VALUE;
    }

    private final Map<Long, Map<Endpoint, Closing>> byMapping = new HashMap<>();
    private final long transitoryMillis;

    SessionCloser(long transitoryMillis) {
        this.transitoryMillis = transitoryMillis;
    }

    void observe(long mappingId, Endpoint remote, boolean outbound, int flags, long now) {
        Closing c = byMapping.computeIfAbsent(mappingId, id -> new HashMap<>()).computeIfAbsent(remote, r -> new Closing());
        if ((flags & TcpFlags.FIN) != 0) {
            if (outbound) {
                c.finOut = true;
            } else {
                c.finIn = true;
            }
        }
        boolean closed = (flags & TcpFlags.RST) != 0 || (c.finOut && c.finIn);
        if (closed && c.deadline == Long.MAX_VALUE) {
            c.deadline = now + transitoryMillis;
        }
    }

    /** Removes and returns the sessions whose close is due. */
    List<Due> due(long now) {
        List<Due> out = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Map<Endpoint, Closing>>> it = byMapping.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Map<Endpoint, Closing>> mapping = it.next();
            mapping.getValue().entrySet().removeIf(session -> {
                boolean due = session.getValue().deadline <= now;
                if (due) {
                    out.add(new Due(mapping.getKey(), session.getKey()));
                }
                return due;
            });
            if (mapping.getValue().isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /** The mapping is gone: nothing of it is followed any more. */
    void forget(long mappingId) {
        byMapping.remove(mappingId);
    }
}
