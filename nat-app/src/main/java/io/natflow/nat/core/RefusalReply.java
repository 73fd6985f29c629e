package io.natflow.nat.core;

/**
 * What the sender of a new outbound session hears when the NAT refuses it for a limit (see
 * {@link RefuseReason#isLimit}): quota, ports, table or sessions.
 */
public enum RefusalReply {
    /** Nothing: the packet is dropped. */
    DROP,
    /**
     * ICMP destination unreachable, code 13 "communication administratively prohibited", from the
     * router's LAN address (RFC 5508 REQ-8); the caller builds it. The default.
     */
    ADMIN_PROHIBITED
}
