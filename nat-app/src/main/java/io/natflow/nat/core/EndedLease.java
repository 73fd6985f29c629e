package io.natflow.nat.core;

import java.util.List;

/** A lease that ended (ran out, or its host deleted it), with the sessions it had opened (removed with it; their flows must go). */
public record EndedLease(ForwardLease lease, List<Mapping> sessions) {
    public EndedLease {
        sessions = List.copyOf(sessions);
    }
}
