package io.natflow.nat.core;

/** Why a forward was not added or replaced. Nothing changed when one is returned. */
public enum ForwardConflict {
    /** Port range empty, beyond 65535, port 0, or ICMP for a port forward. */
    INVALID,
    /** A port forward's public address is not in the pool. */
    NOT_A_PUBLIC_ADDRESS,
    /** A 1:1 address forward on a pool address (it would take the whole address). */
    ADDRESS_IN_POOL,
    /** Overlaps the public side of an existing forward. */
    OVERLAPS_FORWARD,
    /** A live mapping holds one of the public ports or one of the internal endpoints. */
    OVERLAPS_MAPPING,
    /** A public port is in quarantine after a recent release. */
    PORT_IN_QUARANTINE,
    /** Another forward already targets one of the internal endpoints (or the internal host). */
    INTERNAL_ENDPOINT_TAKEN
}
