package io.natflow.nat.core;

import java.util.List;

/** A lease that ran out, with the sessions it had opened (removed with it; their flows must go). */
public record ExpiredLease(ForwardLease lease, List<Mapping> sessions) {
    public ExpiredLease {
        sessions = List.copyOf(sessions);
    }
}
