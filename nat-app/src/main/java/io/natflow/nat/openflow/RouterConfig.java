package io.natflow.nat.openflow;

import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.rules.NatRule;
import io.natflow.nat.rules.Prefix;
import io.natflow.nat.rules.RuleError;
import io.natflow.nat.rules.RuleList;
import io.natflow.nat.rules.RuleMatch;
import java.time.Duration;
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
 * @param rules         the ordered NAT rules (null: {@link #defaultRules}, today's behaviour)
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
        RuleList rules) {

    /** Most LAN ports one router takes: each has its own packet-in meters. */
    public static final int MAX_LAN_PORTS = 1000;

    /** The number of the default masquerade rule. */
    public static final int DEFAULT_MASQUERADE = 100;

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

    /** A router with the default rules: masquerade of the LAN prefix (see {@link #defaultRules}). */
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
        for (int pub : nat.publicAddresses()) {
            if (((pub ^ lanNetwork) & lanMask(lanPrefixLength)) == 0) {
                throw new IllegalArgumentException("public address " + Ipv4.format(pub) + " is inside the LAN prefix");
            }
        }
        if (rules == null) {
            rules = defaultRules(lanNetwork, lanPrefixLength);
        }
        List<RuleError> errors =
                rules.validate(RouterRules.context(lanNetwork, lanPrefixLength, routerLanIp, nat, lanPorts, wanPort));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("rules: " + errors.get(0).message());
        }
    }

    /** Today's behaviour as a rule list: rule 100 masquerades the LAN prefix to the public addresses. */
    public static RuleList defaultRules(int lanNetwork, int lanPrefixLength) {
        return RuleList.of(List.of(new NatRule.Masquerade(
                DEFAULT_MASQUERADE,
                RuleMatch.outboundFrom(new Prefix(lanNetwork & lanMask(lanPrefixLength), lanPrefixLength)),
                Set.of(),
                "the LAN to the public addresses")));
    }

    public int lanMask() {
        return lanMask(lanPrefixLength);
    }

    public boolean inLan(int ip) {
        return (ip & lanMask()) == lanNetwork;
    }

    /** An address a LAN host may have: in the prefix, not the router's, not the network or broadcast address. */
    public boolean isLanHost(int ip) {
        return inLan(ip) && ip != routerLanIp && ip != lanNetwork && ip != (lanNetwork | ~lanMask());
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
