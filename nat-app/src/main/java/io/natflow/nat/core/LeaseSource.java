package io.natflow.nat.core;

/** The protocol a host used to lease a forward for itself. */
public enum LeaseSource {
    /** Port Control Protocol, RFC 6887 (MAP). */
    PCP,
    /** NAT Port Mapping Protocol, RFC 6886. */
    NATPMP
}
