package io.natflow.nat.openflow;

import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.NatConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one switch needs to be a NAT router.
 *
 * @param lanPorts      LAN-side ports, by name ("s1-eth1") or number ("1")
 * @param wanPort       the upstream port, by name or number
 * @param forwards      port forwards and static address mappings present from startup
 * @param packetInLimits packets per second the switch may send the controller (meters)
 * @param routes        LAN prefixes behind LAN-side routers and static WAN routes; the LAN prefix
 *                      above is the directly connected one, the gateway the default route
 */
public record RouterConfig(
        long datapathId,
        int lanNetwork,
        int lanPrefixLength,
        int routerLanIp,
        long routerMac,
        List<String> lanPorts,
        String wanPort,
        int gatewayIp,
        NatConfig nat,
        List<ForwardRule> forwards,
        Duration arpRetry,
        PacketInLimits packetInLimits,
        Routes routes) {

    /** Most LAN ports one router takes: each has its own packet-in meters. */
    public static final int MAX_LAN_PORTS = 1000;

    /** A router with the default packet-in limits. */
    public RouterConfig(
            long datapathId,
            int lanNetwork,
            int lanPrefixLength,
            int routerLanIp,
            long routerMac,
            List<String> lanPorts,
            String wanPort,
            int gatewayIp,
            NatConfig nat,
            List<ForwardRule> forwards,
            Duration arpRetry) {
        this(
                datapathId,
                lanNetwork,
                lanPrefixLength,
                routerLanIp,
                routerMac,
                lanPorts,
                wanPort,
                gatewayIp,
                nat,
                forwards,
                arpRetry,
                PacketInLimits.DEFAULTS);
    }

    /** A router with only its connected LAN prefix and the default route. */
    public RouterConfig(
            long datapathId,
            int lanNetwork,
            int lanPrefixLength,
            int routerLanIp,
            long routerMac,
            List<String> lanPorts,
            String wanPort,
            int gatewayIp,
            NatConfig nat,
            List<ForwardRule> forwards,
            Duration arpRetry,
            PacketInLimits packetInLimits) {
        this(
                datapathId,
                lanNetwork,
                lanPrefixLength,
                routerLanIp,
                routerMac,
                lanPorts,
                wanPort,
                gatewayIp,
                nat,
                forwards,
                arpRetry,
                packetInLimits,
                Routes.NONE);
    }

    public RouterConfig {
        if (lanPrefixLength < 8 || lanPrefixLength > 30) {
            throw new IllegalArgumentException("LAN prefix length must be 8..30, got " + lanPrefixLength);
        }
        lanNetwork &= lanMask(lanPrefixLength);
        lanPorts = List.copyOf(lanPorts);
        forwards = List.copyOf(forwards);
        Objects.requireNonNull(wanPort, "wanPort");
        Objects.requireNonNull(nat, "nat");
        Objects.requireNonNull(packetInLimits, "packetInLimits");
        Objects.requireNonNull(routes, "routes");
        if (lanPorts.isEmpty() || lanPorts.size() > MAX_LAN_PORTS) {
            throw new IllegalArgumentException("1.." + MAX_LAN_PORTS + " LAN ports are needed, got " + lanPorts.size());
        }
        if (lanPorts.contains(wanPort)) {
            throw new IllegalArgumentException("port " + wanPort + " is both a LAN port and the WAN port");
        }
        if (((routerLanIp ^ lanNetwork) & lanMask(lanPrefixLength)) != 0) {
            throw new IllegalArgumentException("router LAN address " + Ipv4.format(routerLanIp)
                    + " is outside the LAN prefix " + Ipv4.format(lanNetwork) + "/" + lanPrefixLength);
        }
        RouteChecks.check(new Ipv4Prefix(lanNetwork, lanPrefixLength), routerLanIp, gatewayIp, nat, routes);
    }

    public int lanMask() {
        return lanMask(lanPrefixLength);
    }

    /** The directly connected LAN prefix (hosts there are learned by ARP). */
    public Ipv4Prefix lanPrefix() {
        return new Ipv4Prefix(lanNetwork, lanPrefixLength);
    }

    /** Every LAN prefix: the connected one first, then the routed ones. */
    public List<Ipv4Prefix> lanPrefixes() {
        List<Ipv4Prefix> all = new ArrayList<>(1 + routes.lan().size());
        all.add(lanPrefix());
        routes.lan().forEach(r -> all.add(r.prefix()));
        return all;
    }

    /** In any LAN prefix, connected or routed: the inside of the NAT. */
    public boolean inLan(int ip) {
        return onLink(ip) || routes.lanVia(ip) != 0;
    }

    /** In the directly connected LAN prefix. */
    public boolean onLink(int ip) {
        return (ip & lanMask()) == lanNetwork;
    }

    /** An address a LAN host may have: in a LAN prefix, not the router's, not a network or broadcast address. */
    public boolean isLanHost(int ip) {
        if (onLink(ip)) {
            return isOnLinkHost(ip);
        }
        for (Route r : routes.lan()) {
            if (r.prefix().contains(ip)) {
                return r.prefix().isHost(ip);
            }
        }
        return false;
    }

    /** A host of the connected prefix: in it, not the router's, not the network or broadcast address. */
    public boolean isOnLinkHost(int ip) {
        return onLink(ip) && ip != routerLanIp && ip != lanNetwork && ip != (lanNetwork | ~lanMask());
    }

    /** The router's address on the WAN side: the first public address. */
    public int routerWanIp() {
        return nat.publicAddresses()[0];
    }

    public boolean isRouterAddress(int ip) {
        if (ip == routerLanIp) {
            return true;
        }
        for (int pub : nat.publicAddresses()) {
            if (pub == ip) {
                return true;
            }
        }
        return false;
    }

    private static int lanMask(int length) {
        return (int) (0xffff_ffffL << (32 - length));
    }
}
