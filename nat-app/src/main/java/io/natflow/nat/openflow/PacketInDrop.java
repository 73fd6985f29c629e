package io.natflow.nat.openflow;

/** Why the router itself (rather than the NAT core) dropped a packet-in. */
enum PacketInDrop {
    NOT_IPV4,
    NO_IN_PORT,
    UNKNOWN_IN_PORT,
    TO_ROUTER_NOT_ECHO,
    UNSUPPORTED_PROTOCOL,
    TTL_EXCEEDED,
    NO_ROUTE_YET,
    HOLD_QUEUE_FULL,
    FRAGMENT_UNMATCHED,
    /** A later fragment that came before its first one found the hold queue full. */
    FRAGMENT_HOLD_FULL,
    ICMP_ERROR_UNMATCHED,
    ICMP_UNSUPPORTED_TYPE,
    ARP_NOT_FOR_US,
    LAN_TO_LAN_VIA_ROUTER,
    /** Routed to a LAN address no host has (the router's own, the network or broadcast address). */
    NOT_A_LAN_HOST,
    /** Arrived while the switch's flows were read back and the hold for such events was full. */
    RESTORE_HOLD_FULL,
    /** Arrived while the router's event loop already had its most switch events waiting. */
    EVENT_QUEUE_FULL,
    /** A datagram to the PCP/NAT-PMP port whose UDP length field disagrees with the packet. */
    PCP_BAD_UDP_LENGTH
}
