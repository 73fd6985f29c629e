package io.natflow.nat.openflow;

/**
 * How many packets per second the switch may send the controller: per switch port and kind,
 * and all together. The switch enforces them with OpenFlow meters and drops the excess (see
 * {@link PacketInMeters}); the defaults leave a busy LAN host or a server behind a forward room
 * while a scan of the public address cannot take the controller from everyone else.
 *
 * @param sessions new TCP/UDP sessions and later fragments (NAT-table misses), per port
 * @param icmp     ICMP through the NAT or to the router (the slow path), per port
 * @param arp      ARP, per port
 * @param routes   translated packets whose next hop the switch does not know yet, per port
 * @param total    every packet-in of the switch together (its controller meter)
 */
public record PacketInLimits(int sessions, int icmp, int arp, int routes, int total) {
    public static final int MAX_RATE = 1_000_000;
    public static final PacketInLimits DEFAULTS = new PacketInLimits(2000, 500, 200, 500, 10_000);

    public PacketInLimits {
        check("sessions", sessions);
        check("icmp", icmp);
        check("arp", arp);
        check("routes", routes);
        check("total", total);
    }

    private static void check(String name, int rate) {
        if (rate < 1 || rate > MAX_RATE) {
            throw new IllegalArgumentException(
                    "packetInLimits." + name + " must be 1.." + MAX_RATE + " packets/s, got " + rate);
        }
    }
}
