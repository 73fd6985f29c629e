package io.natflow.nat.openflow;

/** Why {@link SourceFilter} dropped a packet (RFC 1812 §5.3.7, RFC 2827). */
enum MartianDrop {
    /** From the LAN, a source no LAN host has: the router's own address, the LAN's network or broadcast address. */
    INSIDE_SOURCE_RESERVED,
    /** From the WAN, a source inside the LAN prefix: it can only be spoofed. */
    OUTSIDE_SOURCE_IN_LAN
}
