package io.natflow.nat.openflow;

/** Why the router itself (rather than the NAT core) dropped a packet-in. */
enum RouterDrop {
    NOT_IPV4,
    NO_IN_PORT,
    UNKNOWN_IN_PORT,
    TO_ROUTER_NOT_ECHO,
    UNSUPPORTED_PROTOCOL,
    TTL_EXCEEDED,
    NO_ROUTE_YET,
    HOLD_QUEUE_FULL,
    FRAGMENT_UNMATCHED,
    ICMP_ERROR_UNMATCHED,
    ICMP_UNSUPPORTED_TYPE,
    ARP_NOT_FOR_US,
    LAN_TO_LAN_VIA_ROUTER
}
