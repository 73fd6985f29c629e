package io.natflow.nat.service;

/**
 * Every event a router counts: plain events, drops by reason and refusals by reason. The key is
 * the name in the {@code /api/stats} counters map; the label is the Prometheus label value.
 */
public enum NatEvent {
    PACKET_IN(Kind.EVENT, "packet_in"),
    SESSION_SETUP(Kind.EVENT, "session_setup"),
    INBOUND_SESSION_SETUP(Kind.EVENT, "inbound_session_setup"),
    SESSION_REOPENED(Kind.EVENT, "session_reopened"),
    TRANSLATED_IN_CONTROLLER(Kind.EVENT, "translated_in_controller"),
    SLOW_PATH(Kind.EVENT, "slow_path"),
    SENT_FLOW_MOD(Kind.EVENT, "sent.flow_mod"),
    SENT_PACKET_OUT(Kind.EVENT, "sent.packet_out"),
    ARP_REQUESTED(Kind.EVENT, "arp.requested"),
    ARP_REPLIED(Kind.EVENT, "arp.replied"),
    ARP_HOST_MOVED(Kind.EVENT, "arp.host_moved"),
    ARP_CLAIM_REFUSED(Kind.EVENT, "arp.claim_refused"),
    RESTORE_HELD(Kind.EVENT, "restore_held"),
    RESTORE_HELD_DISCARDED(Kind.EVENT, "restore_held_discarded"),
    MAPPING_RESTORED(Kind.EVENT, "mapping_restored"),
    MAPPING_RESTORE_REFUSED(Kind.EVENT, "mapping_restore_refused"),
    MAPPING_EXPIRED(Kind.EVENT, "mapping_expired"),
    MAPPING_REMOVED_BY_SWITCH(Kind.EVENT, "mapping_removed_by_switch"),
    SESSION_ENDED_BY_SWITCH(Kind.EVENT, "session_ended_by_switch"),
    SESSION_CONFIRMED_IDLE(Kind.EVENT, "session_confirmed_idle"),
    SESSION_ANSWER_IDLE(Kind.EVENT, "session_answer_idle"),
    REFUSAL_BACKOFF(Kind.EVENT, "refusal_backoff"),
    REFUSAL_ICMP_SENT(Kind.EVENT, "refusal_icmp_sent"),
    ECHO_ANSWERED(Kind.EVENT, "echo_answered"),
    REOPEN_WATCH_FULL(Kind.EVENT, "reopen_watch_full"),
    FRAGMENT_HELD(Kind.EVENT, "fragment_held"),
    PCP_ANNOUNCE_SENT(Kind.EVENT, "pcp.announce_sent"),
    LEASE_EXPIRED(Kind.EVENT, "lease_expired"),
    LEASE_DELETED(Kind.EVENT, "lease_deleted"),
    /** A virtual server chose a server for a new connection. */
    VSERVER_SESSION_OPENED(Kind.EVENT, "vserver.session_opened"),
    /** A virtual server session ended (its flows idled out or closed, or its rule went). */
    VSERVER_SESSION_ENDED(Kind.EVENT, "vserver.session_ended"),
    /** Twice NAT: a host pair's two flows between LAN segments sent to the switch. */
    TWICE_PAIR_FLOWS(Kind.EVENT, "twice.pair_flows"),
    /** Twice NAT: a packet between segments translated by the controller (its pair's flows were just sent or its host not yet known). */
    TWICE_TRANSLATED_IN_CONTROLLER(Kind.EVENT, "twice.translated_in_controller"),
    DROP_NOT_PUBLIC_ADDRESS(Kind.DROP, "NOT_PUBLIC_ADDRESS"),
    DROP_NO_MAPPING(Kind.DROP, "NO_MAPPING"),
    DROP_FILTERED(Kind.DROP, "FILTERED"),
    DROP_TABLE_FULL(Kind.DROP, "TABLE_FULL"),
    DROP_DMZ_UNAVAILABLE(Kind.DROP, "DMZ_UNAVAILABLE"),
    DROP_NOT_TRANSLATABLE(Kind.DROP, "NOT_TRANSLATABLE"),
    DROP_MARTIAN_SOURCE(Kind.DROP, "MARTIAN_SOURCE"),
    DROP_NOT_IPV4(Kind.DROP, "NOT_IPV4"),
    DROP_NO_IN_PORT(Kind.DROP, "NO_IN_PORT"),
    DROP_UNKNOWN_IN_PORT(Kind.DROP, "UNKNOWN_IN_PORT"),
    DROP_TO_ROUTER_NOT_ECHO(Kind.DROP, "TO_ROUTER_NOT_ECHO"),
    DROP_UNSUPPORTED_PROTOCOL(Kind.DROP, "UNSUPPORTED_PROTOCOL"),
    DROP_TTL_EXCEEDED(Kind.DROP, "TTL_EXCEEDED"),
    DROP_NO_ROUTE_YET(Kind.DROP, "NO_ROUTE_YET"),
    DROP_HOLD_QUEUE_FULL(Kind.DROP, "HOLD_QUEUE_FULL"),
    DROP_FRAGMENT_UNMATCHED(Kind.DROP, "FRAGMENT_UNMATCHED"),
    DROP_FRAGMENT_HOLD_FULL(Kind.DROP, "FRAGMENT_HOLD_FULL"),
    DROP_ICMP_ERROR_UNMATCHED(Kind.DROP, "ICMP_ERROR_UNMATCHED"),
    DROP_ICMP_UNSUPPORTED_TYPE(Kind.DROP, "ICMP_UNSUPPORTED_TYPE"),
    DROP_ARP_NOT_FOR_US(Kind.DROP, "ARP_NOT_FOR_US"),
    DROP_LAN_TO_LAN_VIA_ROUTER(Kind.DROP, "LAN_TO_LAN_VIA_ROUTER"),
    DROP_NOT_A_LAN_HOST(Kind.DROP, "NOT_A_LAN_HOST"),
    DROP_RESTORE_HOLD_FULL(Kind.DROP, "RESTORE_HOLD_FULL"),
    DROP_EVENT_QUEUE_FULL(Kind.DROP, "EVENT_QUEUE_FULL"),
    DROP_PCP_BAD_UDP_LENGTH(Kind.DROP, "PCP_BAD_UDP_LENGTH"),
    /** A drop rule took the packet (its flows count the rest in the switch). */
    DROP_RULE(Kind.DROP, "RULE"),
    /** A virtual server's table was full: the new connection was dropped. */
    DROP_VSERVER_FULL(Kind.DROP, "VSERVER_FULL"),
    /** To a virtual server, not a connection's first packet, and no session: dropped. */
    DROP_VSERVER_NO_SESSION(Kind.DROP, "VSERVER_NO_SESSION"),
    /** From the LAN, and no rule of the list matched. */
    DROP_NO_RULE(Kind.DROP, "NO_RULE"),
    /** From an extra LAN segment to neither another segment's alias nor the router: segments are not masqueraded. */
    DROP_SEGMENT_NOT_ROUTED(Kind.DROP, "SEGMENT_NOT_ROUTED"),
    /** To another segment's alias from a source that is not a host of the arrival segment. */
    DROP_TWICE_SOURCE_NOT_IN_SEGMENT(Kind.DROP, "TWICE_SOURCE_NOT_IN_SEGMENT"),
    /** To another segment's alias from a source ARP has not bound to this MAC and port. */
    DROP_TWICE_SOURCE_NOT_BOUND(Kind.DROP, "TWICE_SOURCE_NOT_BOUND"),
    /** To the arrival segment's own alias. */
    DROP_TWICE_OWN_ALIAS(Kind.DROP, "TWICE_OWN_ALIAS"),
    /** To an alias address whose real address is no host (network, broadcast, the router's). */
    DROP_TWICE_NOT_A_HOST(Kind.DROP, "TWICE_NOT_A_HOST"),
    DROP_ARP_BAD_OPERATION(Kind.DROP, "ARP_BAD_OPERATION"),
    DROP_ARP_SENDER_MAC_INVALID(Kind.DROP, "ARP_SENDER_MAC_INVALID"),
    DROP_ARP_SENDER_MAC_MISMATCH(Kind.DROP, "ARP_SENDER_MAC_MISMATCH"),
    DROP_ARP_SENDER_IP_INVALID(Kind.DROP, "ARP_SENDER_IP_INVALID"),
    DROP_ARP_CLAIMS_ROUTER_ADDRESS(Kind.DROP, "ARP_CLAIMS_ROUTER_ADDRESS"),
    DROP_ARP_BINDING_CONFLICT(Kind.DROP, "ARP_BINDING_CONFLICT"),
    DROP_ARP_HOST_TABLE_FULL(Kind.DROP, "ARP_HOST_TABLE_FULL"),
    DROP_INSIDE_SOURCE_RESERVED(Kind.DROP, "INSIDE_SOURCE_RESERVED"),
    DROP_OUTSIDE_SOURCE_IN_LAN(Kind.DROP, "OUTSIDE_SOURCE_IN_LAN"),
    DROP_TRUNCATED_ETHERNET(Kind.DROP, "TRUNCATED_ETHERNET"),
    DROP_TRUNCATED_ARP(Kind.DROP, "TRUNCATED_ARP"),
    DROP_UNSUPPORTED_ARP(Kind.DROP, "UNSUPPORTED_ARP"),
    DROP_TRUNCATED_IPV4(Kind.DROP, "TRUNCATED_IPV4"),
    DROP_BAD_IPV4_HEADER(Kind.DROP, "BAD_IPV4_HEADER"),
    DROP_TRUNCATED_L4(Kind.DROP, "TRUNCATED_L4"),
    REFUSAL_QUOTA_EXCEEDED(Kind.REFUSAL, "QUOTA_EXCEEDED"),
    REFUSAL_PORTS_EXHAUSTED(Kind.REFUSAL, "PORTS_EXHAUSTED"),
    REFUSAL_TABLE_FULL(Kind.REFUSAL, "TABLE_FULL"),
    REFUSAL_NOT_TRANSLATABLE(Kind.REFUSAL, "NOT_TRANSLATABLE"),
    REFUSAL_HAIRPIN_UNREACHABLE(Kind.REFUSAL, "HAIRPIN_UNREACHABLE"),
    REFUSAL_MARTIAN_DESTINATION(Kind.REFUSAL, "MARTIAN_DESTINATION"),
    REFUSAL_SESSIONS_PER_HOST(Kind.REFUSAL, "SESSIONS_PER_HOST"),
    REFUSAL_SESSIONS_PER_MAPPING(Kind.REFUSAL, "SESSIONS_PER_MAPPING");

    /** What an event is: something that happened, a packet dropped, or a packet refused (told so). */
    public enum Kind {
        EVENT,
        DROP,
        REFUSAL
    }

    private final Kind kind;
    private final String name;

    NatEvent(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public Kind kind() {
        return kind;
    }

    /** The reason (drops and refusals) or event name, lower case: a Prometheus label value. */
    public String label() {
        return kind == Kind.EVENT ? name.replace('.', '_') : name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The counters-map key: the event name, or "drop." + reason. Refusals count as "drop." +
     * reason as they always did, except the two reasons a drop also has: "refuse." + reason.
     */
    public String key() {
        return switch (kind) {
            case EVENT -> name;
            case DROP -> "drop." + name;
            case REFUSAL ->
                (this == REFUSAL_TABLE_FULL || this == REFUSAL_NOT_TRANSLATABLE ? "refuse." : "drop.") + name;
        };
    }
}
