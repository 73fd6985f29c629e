package io.natflow.nat.core;

/** Why an outbound packet was not translated. */
public enum RefuseReason {
    /** The internal host already holds its RFC 6888 quota of mappings. */
    QUOTA_EXCEEDED,
    /** No free port (outside quarantine) on the host's public address; live mappings are never evicted. */
    PORTS_EXHAUSTED,
    /** The global mapping cap is reached. */
    TABLE_FULL,
    /** Malformed for NAT purposes (port 0, source is a public address of this NAT, ...). */
    NOT_TRANSLATABLE,
    /** Hairpin to a public endpoint of this NAT that has no owner or filters the sender. */
    HAIRPIN_UNREACHABLE,
    /** The remote address is one no router forwards to (RFC 1812 §5.3.7, see {@link Martians}). */
    MARTIAN_DESTINATION,
    /** The internal host's mappings already hold its limit of sessions (RFC 6888 REQ-5). */
    SESSIONS_PER_HOST,
    /** The mapping already holds its limit of sessions (RFC 6888 REQ-5). */
    SESSIONS_PER_MAPPING;

    /**
     * A refusal for lack of resources or by an administrative limit, rather than of a packet the
     * NAT cannot translate: the sender may be told (RFC 5508 REQ-8) and should back off.
     */
    public boolean isLimit() {
        return this == QUOTA_EXCEEDED
                || this == PORTS_EXHAUSTED
                || this == TABLE_FULL
                || this == SESSIONS_PER_HOST
                || this == SESSIONS_PER_MAPPING;
    }
}
