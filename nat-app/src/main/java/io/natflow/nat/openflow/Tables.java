package io.natflow.nat.openflow;

import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The switch pipeline. CLASSIFY does ARP, anti-spoofing and intra-LAN forwarding; WATCH copies
 * TCP FIN and RST to the controller (the only way to follow TCP state while the
 * datapath carries the connection); NAT holds one flow per session and direction; ROUTE sets the
 * MACs and output port by destination.
 */
public final class Tables {
    public static final TableId CLASSIFY = TableId.of(0);
    public static final TableId WATCH = TableId.of(1);
    public static final TableId NAT = TableId.of(2);
    public static final TableId ROUTE = TableId.of(3);

    /** Cookies of the static flows live above any mapping id (mapping ids count up from 1). */
    public static final U64 STATIC_COOKIE = U64.of(0x4e46_0000_0000_0000L); // "NF"
    public static final U64 WATCH_COOKIE = U64.of(0x4e46_0000_0000_0001L);
    public static final U64 ROUTE_COOKIE = U64.of(0x4e46_0000_0000_0002L);
    public static final U64 BACKOFF_COOKIE = U64.of(0x4e46_0000_0000_0003L);
    /** The bits that tell the router's own cookies ("NF") from mapping ids, for cookie-masked deletes. */
    public static final U64 STATIC_COOKIE_MASK = U64.of(0xffff_0000_0000_0000L);

    private Tables() {}

    public static boolean isMappingCookie(U64 cookie) {
        return cookie.getValue() > 0 && cookie.getValue() < STATIC_COOKIE.getValue();
    }
}
