package io.natflow.nat.openflow;

import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Ipv4Prefix;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleError;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.RuleMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one switch needs to be a NAT router.
 *
 * @param lanPorts      LAN-side ports, by name ("s1-eth1") or number ("1")
 * @param wanPort       the upstream port, by name or number
 * @param forwards      port forwards and static address mappings present from startup
 * @param packetInLimits packets per second the switch may send the controller (meters)
 * @param routes        LAN prefixes behind LAN-side routers and static WAN routes; the LAN prefix
 *                      above is the directly connected one, the gateway the default route
 * @param rules         the ordered NAT rules (null: {@link #defaultRules}, today's behaviour)
 * @param segments      extra LAN segments, translated twice to and from the main LAN (null: none)
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
        Routes routes,
        RuleList rules,
        LanSegments segments) {

    /** Most LAN ports one router takes: each has its own packet-in meters. */
    public static final int MAX_LAN_PORTS = 1000;

    /** The number of the default masquerade rule (of the connected LAN prefix; routed ones follow by tens). */
    public static final int DEFAULT_MASQUERADE = 100;

    /** A router without extra LAN segments. */
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
            PacketInLimits packetInLimits,
            Routes routes,
            RuleList rules) {
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
                routes,
                rules,
                LanSegments.NONE);
    }

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
                Routes.NONE,
                null);
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
        if (segments == null) {
            segments = LanSegments.NONE;
        }
        segments.check(
                new Ipv4Prefix(lanNetwork, lanPrefixLength),
                lanPorts,
                wanPort,
                gatewayIp,
                nat.publicAddresses(),
                routes);
        if (rules == null) {
            rules = defaultRules(new Ipv4Prefix(lanNetwork, lanPrefixLength), routes);
        }
        List<RuleError> errors = rules.validate(
                RouterRules.context(lanNetwork, lanPrefixLength, routes, routerLanIp, nat, lanPorts, wanPort));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("rules: " + errors.get(0).message());
        }
    }

    /**
     * Today's behaviour as a rule list: rule 100 masquerades the connected LAN prefix to the public
     * addresses, rules 110, 120, ... each routed LAN prefix.
     */
    public static RuleList defaultRules(Ipv4Prefix connected, Routes routes) {
        List<NatRule> rules = new ArrayList<>();
        rules.add(masquerade(DEFAULT_MASQUERADE, connected, "the LAN to the public addresses"));
        for (Route r : routes.lan()) {
            rules.add(masquerade(DEFAULT_MASQUERADE + 10 * rules.size(), r.prefix(), "the routed LAN " + r.prefix()));
        }
        return RuleList.of(rules);
    }

    /** The default rules of a router with only its connected LAN prefix. */
    public static RuleList defaultRules(int lanNetwork, int lanPrefixLength) {
        return defaultRules(new Ipv4Prefix(lanNetwork, lanPrefixLength), Routes.NONE);
    }

    private static NatRule masquerade(int number, Ipv4Prefix prefix, String description) {
        return new NatRule.Masquerade(
                number, RuleMatch.outboundFrom(new Prefix(prefix.network(), prefix.length())), Set.of(), description);
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
