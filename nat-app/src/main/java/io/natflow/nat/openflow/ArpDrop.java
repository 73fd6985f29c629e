package io.natflow.nat.openflow;

/** Why ARP inspection ({@link ArpService}) dropped an ARP: it is neither learned nor relayed. */
enum ArpDrop {
    /** Neither a request nor a reply. */
    ARP_BAD_OPERATION,
    /** Sender MAC is zero, broadcast, multicast or the router's own. */
    ARP_SENDER_MAC_INVALID,
    /** Sender MAC differs from the frame's Ethernet source. */
    ARP_SENDER_MAC_MISMATCH,
    /** From the LAN, a sender address no LAN host may have (outside the prefix, network or broadcast address). */
    ARP_SENDER_IP_INVALID,
    /** Sender address is one of the router's own: answered with the truth, never relayed. */
    ARP_CLAIMS_ROUTER_ADDRESS,
    /** Sender address is bound to another MAC or port: the current binding is asked first. */
    ARP_BINDING_CONFLICT,
    /** No room for another LAN binding ({@link Neighbors#MAX_LAN_HOSTS}). */
    ARP_HOST_TABLE_FULL
}
