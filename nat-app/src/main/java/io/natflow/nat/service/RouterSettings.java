package io.natflow.nat.service;

import io.natflow.nat.core.NatConfig;

/**
 * What a router was configured with, as its users need it (validation of forwards, messages).
 *
 * @param lanNetwork      the LAN prefix's network address
 * @param gatewayIp       the upstream gateway
 * @param nat             the NAT's settings: public addresses, port range, timeouts, quarantine
 */
public record RouterSettings(
        long datapathId, int lanNetwork, int lanPrefixLength, int routerLanIp, int gatewayIp, NatConfig nat) {

    /** The LAN prefix as a mask. */
    public int lanMask() {
        return (int) (0xffff_ffffL << (32 - lanPrefixLength));
    }

    /** Whether {@code ip} is on the router's LAN. */
    public boolean inLan(int ip) {
        return (ip & lanMask()) == lanNetwork;
    }

    /** The router's address on the WAN side: the first public address. */
    public int routerWanIp() {
        return nat.publicAddresses()[0];
    }
}
