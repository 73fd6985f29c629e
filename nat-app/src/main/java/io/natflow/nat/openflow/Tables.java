package io.natflow.nat.openflow;

import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The switch pipeline. CLASSIFY does ARP, anti-spoofing and intra-LAN forwarding; WATCH sends
 * every TCP SYN without ACK (a connection's first packet) to the controller, which also puts
 * the SYN and ACK bits into every TCP datapath flow's mask (see docs/design.md); NAT holds one
 * flow per session and direction; ROUTE sets the MACs and output port by destination; MISS
 * takes NAT's misses; UP sends first packets to the controller, metered per port.
 */
public final class Tables {
    public static final TableId CLASSIFY = TableId.of(0);
    public static final TableId WATCH = TableId.of(1);
    public static final TableId NAT = TableId.of(2);
    public static final TableId ROUTE = TableId.of(3);
    /**
     * Where NAT's misses go: a UDP datagram that is not a fragment first looks itself up in the
     * connection tracker (zone {@link #MISS_CT_ZONE}), so that a later datagram of the same flow
     * can be told from the first one (PipelineFlows.missFlows); then to the controller.
     */
    public static final TableId MISS = TableId.of(4);

    public static final int MISS_CT_ZONE = 0x4e46; // "NF"
    /**
     * The one way up for first packets: TCP SYNs from WATCH and NAT's misses from MISS reach the
     * controller here, through a meter per input port (PacketInMeters); its table-miss is the
     * unmetered fallback.
     */
    public static final TableId UP = TableId.of(5);

    /** Cookies of the static flows live above any mapping id (mapping ids count up from 1). */
    public static final U64 STATIC_COOKIE = U64.of(0x4e46_0000_0000_0000L); // "NF"
    /** The WATCH flow that sends TCP SYNs (without ACK) to the controller. */
    public static final U64 SYN_COOKIE = U64.of(0x4e46_0000_0000_0001L);

    public static final U64 ROUTE_COOKIE = U64.of(0x4e46_0000_0000_0002L);
    public static final U64 BACKOFF_COOKIE = U64.of(0x4e46_0000_0000_0003L);
    /** Header copies of first fragments (CLASSIFY): a later fragment is translated by its first one's ports. */
    public static final U64 FRAGMENT_COOKIE = U64.of(0x4e46_0000_0000_0010L);
    /** The same header copies above the NAT rules' flows (RuleFlows): replaced with the rule list. */
    public static final U64 RULE_FRAGMENT_COOKIE = U64.of(0x4e46_0000_0000_0011L);
    /** The bits that tell the router's own cookies ("NF") from mapping ids, for cookie-masked deletes. */
    public static final U64 STATIC_COOKIE_MASK = U64.of(0xffff_0000_0000_0000L);

    private Tables() {}

    /** Whether a packet-in is a first fragment's header copy (the datapath translates the fragment itself). */
    public static boolean isHeaderCopy(U64 cookie) {
        return FRAGMENT_COOKIE.equals(cookie) || RULE_FRAGMENT_COOKIE.equals(cookie);
    }

    public static boolean isMappingCookie(U64 cookie) {
        return cookie.getValue() > 0 && cookie.getValue() < STATIC_COOKIE.getValue();
    }
}
