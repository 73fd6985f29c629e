package io.natflow.nat.openflow;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.Martians;
import io.natflow.nat.core.NatConfig;

/**
 * Checks a router's routes against its addressing: a routed LAN prefix lies outside the
 * connected one and is reached through a host of it; a WAN route's prefix and next hop are
 * outside every LAN prefix, and the next hop is none of the router's own addresses.
 */
final class RouteChecks {
    private RouteChecks() {}

    static void check(Ipv4Prefix connected, int routerLanIp, int gatewayIp, NatConfig nat, Routes routes) {
        for (Route r : routes.lan()) {
            if (r.prefix().overlaps(connected)) {
                throw new IllegalArgumentException(
                        "LAN prefix " + r.prefix() + " overlaps the connected LAN prefix " + connected);
            }
            if (!connected.isHost(r.via()) || r.via() == routerLanIp) {
                throw new IllegalArgumentException("LAN prefix " + r.prefix() + ": via " + Ipv4.format(r.via())
                        + " is not a host of the connected LAN prefix " + connected);
            }
        }
        for (int pub : nat.publicAddresses()) {
            if (inLan(connected, routes, pub)) {
                throw new IllegalArgumentException("public address " + Ipv4.format(pub) + " is inside a LAN prefix");
            }
        }
        if (inLan(connected, routes, gatewayIp)) {
            throw new IllegalArgumentException("gateway " + Ipv4.format(gatewayIp) + " is inside a LAN prefix");
        }
        for (Route r : routes.wan()) {
            if (r.prefix().overlaps(connected)
                    || routes.lan().stream().anyMatch(l -> l.prefix().overlaps(r.prefix()))) {
                throw new IllegalArgumentException("route " + r + ": its prefix overlaps a LAN prefix");
            }
            if (inLan(connected, routes, r.via()) || Martians.isMartian(r.via()) || isPublic(nat, r.via())) {
                throw new IllegalArgumentException("route " + r + ": via " + Ipv4.format(r.via())
                        + " must be a WAN neighbour, not a LAN, martian or router address");
            }
        }
    }

    private static boolean inLan(Ipv4Prefix connected, Routes routes, int ip) {
        return connected.contains(ip) || routes.lanVia(ip) != 0;
    }

    private static boolean isPublic(NatConfig nat, int ip) {
        for (int pub : nat.publicAddresses()) {
            if (pub == ip) {
                return true;
            }
        }
        return false;
    }
}
