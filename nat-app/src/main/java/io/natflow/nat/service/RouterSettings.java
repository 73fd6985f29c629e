package io.natflow.nat.service;

import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.NatConfig;
import java.util.List;

/**
 * What a router was configured with, as its users need it (validation of forwards, messages).
 *
 * @param lanNetwork      the LAN prefix's network address
 * @param gatewayIp       the upstream gateway
 * @param nat             the NAT's settings: public addresses, port range, timeouts, quarantine
 * @param routedLanPrefixes LAN prefixes behind routers on the LAN (their hosts are inside too)
 */
public record RouterSettings(
        long datapathId,
        int lanNetwork,
        int lanPrefixLength,
        int routerLanIp,
        int gatewayIp,
        NatConfig nat,
        List<Ipv4Prefix> routedLanPrefixes) {

    public RouterSettings {
        routedLanPrefixes = List.copyOf(routedLanPrefixes);
    }

    /** A router with one, directly connected, LAN prefix. */
    public RouterSettings(
            long datapathId, int lanNetwork, int lanPrefixLength, int routerLanIp, int gatewayIp, NatConfig nat) {
        this(datapathId, lanNetwork, lanPrefixLength, routerLanIp, gatewayIp, nat, List.of());
    }

    /** The LAN prefix as a mask. */
    public int lanMask() {
        return (int) (0xffff_ffffL << (32 - lanPrefixLength));
    }

    /** Whether {@code ip} is inside: on the router's LAN or in a routed LAN prefix. */
    public boolean inLan(int ip) {
        return (ip & lanMask()) == lanNetwork || routedLanPrefixes.stream().anyMatch(p -> p.contains(ip));
    }

    /** An address a LAN host may have: inside, not the router's, not a prefix's network or broadcast address. */
    public boolean isLanHost(int ip) {
        if ((ip & lanMask()) == lanNetwork) {
            int hostBits = ~lanMask();
            return (ip & hostBits) != 0 && (ip & hostBits) != hostBits && ip != routerLanIp;
        }
        return routedLanPrefixes.stream().anyMatch(p -> p.isHost(ip));
    }

    /** The router's address on the WAN side: the first public address. */
    public int routerWanIp() {
        return nat.publicAddresses()[0];
    }
}
