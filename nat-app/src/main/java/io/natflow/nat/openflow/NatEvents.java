package io.natflow.nat.openflow;

import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.RefuseReason;
import io.natflow.nat.packet.MalformedPacketException;
import io.natflow.nat.service.NatEvent;

/** Each reason enum to its event: exhaustive switches, so an unmapped new reason does not compile. */
final class NatEvents {
    private NatEvents() {}

    static NatEvent of(DropReason reason) {
        return switch (reason) {
            case NOT_PUBLIC_ADDRESS -> NatEvent.DROP_NOT_PUBLIC_ADDRESS;
            case NO_MAPPING -> NatEvent.DROP_NO_MAPPING;
            case FILTERED -> NatEvent.DROP_FILTERED;
            case TABLE_FULL -> NatEvent.DROP_TABLE_FULL;
            case DMZ_UNAVAILABLE -> NatEvent.DROP_DMZ_UNAVAILABLE;
            case NOT_TRANSLATABLE -> NatEvent.DROP_NOT_TRANSLATABLE;
            case MARTIAN_SOURCE -> NatEvent.DROP_MARTIAN_SOURCE;
        };
    }

    static NatEvent of(PacketInDrop reason) {
        return switch (reason) {
            case NOT_IPV4 -> NatEvent.DROP_NOT_IPV4;
            case NO_IN_PORT -> NatEvent.DROP_NO_IN_PORT;
            case UNKNOWN_IN_PORT -> NatEvent.DROP_UNKNOWN_IN_PORT;
            case TO_ROUTER_NOT_ECHO -> NatEvent.DROP_TO_ROUTER_NOT_ECHO;
            case UNSUPPORTED_PROTOCOL -> NatEvent.DROP_UNSUPPORTED_PROTOCOL;
            case TTL_EXCEEDED -> NatEvent.DROP_TTL_EXCEEDED;
            case NO_ROUTE_YET -> NatEvent.DROP_NO_ROUTE_YET;
            case HOLD_QUEUE_FULL -> NatEvent.DROP_HOLD_QUEUE_FULL;
            case FRAGMENT_UNMATCHED -> NatEvent.DROP_FRAGMENT_UNMATCHED;
            case FRAGMENT_HOLD_FULL -> NatEvent.DROP_FRAGMENT_HOLD_FULL;
            case ICMP_ERROR_UNMATCHED -> NatEvent.DROP_ICMP_ERROR_UNMATCHED;
            case ICMP_UNSUPPORTED_TYPE -> NatEvent.DROP_ICMP_UNSUPPORTED_TYPE;
            case ARP_NOT_FOR_US -> NatEvent.DROP_ARP_NOT_FOR_US;
            case LAN_TO_LAN_VIA_ROUTER -> NatEvent.DROP_LAN_TO_LAN_VIA_ROUTER;
            case NOT_A_LAN_HOST -> NatEvent.DROP_NOT_A_LAN_HOST;
            case RESTORE_HOLD_FULL -> NatEvent.DROP_RESTORE_HOLD_FULL;
            case EVENT_QUEUE_FULL -> NatEvent.DROP_EVENT_QUEUE_FULL;
            case PCP_BAD_UDP_LENGTH -> NatEvent.DROP_PCP_BAD_UDP_LENGTH;
        };
    }

    static NatEvent of(ArpDrop reason) {
        return switch (reason) {
            case ARP_BAD_OPERATION -> NatEvent.DROP_ARP_BAD_OPERATION;
            case ARP_SENDER_MAC_INVALID -> NatEvent.DROP_ARP_SENDER_MAC_INVALID;
            case ARP_SENDER_MAC_MISMATCH -> NatEvent.DROP_ARP_SENDER_MAC_MISMATCH;
            case ARP_SENDER_IP_INVALID -> NatEvent.DROP_ARP_SENDER_IP_INVALID;
            case ARP_CLAIMS_ROUTER_ADDRESS -> NatEvent.DROP_ARP_CLAIMS_ROUTER_ADDRESS;
            case ARP_BINDING_CONFLICT -> NatEvent.DROP_ARP_BINDING_CONFLICT;
            case ARP_HOST_TABLE_FULL -> NatEvent.DROP_ARP_HOST_TABLE_FULL;
        };
    }

    static NatEvent of(MartianDrop reason) {
        return switch (reason) {
            case INSIDE_SOURCE_RESERVED -> NatEvent.DROP_INSIDE_SOURCE_RESERVED;
            case OUTSIDE_SOURCE_IN_LAN -> NatEvent.DROP_OUTSIDE_SOURCE_IN_LAN;
        };
    }

    static NatEvent of(MalformedPacketException.Reason reason) {
        return switch (reason) {
            case TRUNCATED_ETHERNET -> NatEvent.DROP_TRUNCATED_ETHERNET;
            case TRUNCATED_ARP -> NatEvent.DROP_TRUNCATED_ARP;
            case UNSUPPORTED_ARP -> NatEvent.DROP_UNSUPPORTED_ARP;
            case TRUNCATED_IPV4 -> NatEvent.DROP_TRUNCATED_IPV4;
            case BAD_IPV4_HEADER -> NatEvent.DROP_BAD_IPV4_HEADER;
            case TRUNCATED_L4 -> NatEvent.DROP_TRUNCATED_L4;
        };
    }

    static NatEvent of(RefuseReason reason) {
        return switch (reason) {
            case QUOTA_EXCEEDED -> NatEvent.REFUSAL_QUOTA_EXCEEDED;
            case PORTS_EXHAUSTED -> NatEvent.REFUSAL_PORTS_EXHAUSTED;
            case TABLE_FULL -> NatEvent.REFUSAL_TABLE_FULL;
            case NOT_TRANSLATABLE -> NatEvent.REFUSAL_NOT_TRANSLATABLE;
            case HAIRPIN_UNREACHABLE -> NatEvent.REFUSAL_HAIRPIN_UNREACHABLE;
            case MARTIAN_DESTINATION -> NatEvent.REFUSAL_MARTIAN_DESTINATION;
            case SESSIONS_PER_HOST -> NatEvent.REFUSAL_SESSIONS_PER_HOST;
            case SESSIONS_PER_MAPPING -> NatEvent.REFUSAL_SESSIONS_PER_MAPPING;
        };
    }
}
