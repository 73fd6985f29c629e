package io.natflow.nat.core;

/** Why an inbound packet was not translated (carried by both drop and reject decisions). */
public enum DropReason {
    /** The destination is not a public address of this NAT. */
    NOT_PUBLIC_ADDRESS,
    /** No mapping and no forward for the destination endpoint. */
    NO_MAPPING,
    /** A mapping exists but the filtering mode does not admit this remote. */
    FILTERED,
    /** A new session (forward or DMZ) was needed but the global cap is reached. */
    TABLE_FULL,
    /** DMZ policy, but the port or the DMZ host's endpoint is taken. */
    DMZ_UNAVAILABLE,
    /** Malformed for NAT purposes (port 0). */
    NOT_TRANSLATABLE,
    /** The remote source address is one no router forwards from (RFC 1812 §5.3.7, see {@link Martians}). */
    MARTIAN_SOURCE
}
