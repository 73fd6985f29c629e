package io.natflow.nat.rules;

import io.natflow.nat.core.Ipv4;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What makes a virtual server rule unfit for its router, as {@link RuleError}s (RuleList.validate). */
final class VirtualServerChecks {
    private VirtualServerChecks() {}

    /** The rule by itself against its router: direction, protocol, servers, public address. */
    static void check(NatRule.VirtualServer v, RuleContext c, List<RuleError> errors) {
        int n = v.number();
        if (v.match().direction() != Direction.INBOUND) {
            errors.add(new RuleError(
                    RuleError.Kind.WRONG_DIRECTION, n, "rule " + n + ": a virtual server works inbound only"));
        }
        if (!v.protocol().hasPorts()) {
            errors.add(new RuleError(
                    RuleError.Kind.PORTS_WITHOUT_PROTOCOL,
                    n,
                    "rule " + n + ": a virtual server's protocol must be tcp or udp"));
        }
        if (v.servers().isEmpty()) {
            errors.add(new RuleError(RuleError.Kind.BAD_SERVERS, n, "rule " + n + ": a virtual server needs servers"));
        }
        if (v.servers().size() > NatRule.VirtualServer.MAX_SERVERS) {
            errors.add(new RuleError(
                    RuleError.Kind.BAD_SERVERS,
                    n,
                    "rule " + n + ": at most " + NatRule.VirtualServer.MAX_SERVERS + " servers, got "
                            + v.servers().size()));
        }
        Set<NatRule.VirtualServer.Server> seen = new HashSet<>();
        for (NatRule.VirtualServer.Server s : v.servers()) {
            if (!seen.add(s)) {
                errors.add(new RuleError(
                        RuleError.Kind.BAD_SERVERS, n, "rule " + n + ": server " + s + " is listed twice"));
            }
            if (!c.isLanHost(s.address())) {
                errors.add(new RuleError(
                        RuleError.Kind.NOT_A_LAN_ADDRESS,
                        n,
                        "rule " + n + ": server " + s + " is not a host of a LAN prefix " + c.lanPrefixes()));
            }
        }
        String pub = Ipv4.format(v.publicAddress());
        if (c.inAnyLan(v.publicAddress()) || v.publicAddress() == c.routerLanIp()) {
            errors.add(new RuleError(
                    RuleError.Kind.NOT_A_PUBLIC_ADDRESS,
                    n,
                    "rule " + n + ": public address " + pub + " is inside the LAN " + c.lanPrefixes()));
        }
        if (c.inPool(v.publicAddress())) {
            errors.add(new RuleError(
                    RuleError.Kind.PUBLIC_ADDRESS_IN_POOL,
                    n,
                    "rule " + n + ": public address " + pub
                            + " is in the masquerade pool (publicAddresses); a virtual server needs an address"
                            + " of its own"));
        }
    }

    /**
     * Public endpoints against each other: a virtual server's must not be another virtual
     * server's or a destination NAT's, nor on a static NAT's public address.
     */
    static void checkEndpoints(
            List<NatRule.VirtualServer> vservers,
            List<NatRule.DestinationNat> dnats,
            Map<Integer, Integer> staticPublic,
            List<RuleError> errors) {
        for (int i = 0; i < vservers.size(); i++) {
            NatRule.VirtualServer v = vservers.get(i);
            int n = v.number();
            String endpoint = Ipv4.format(v.publicAddress()) + " port " + v.publicPort();
            Integer owner = staticPublic.get(v.publicAddress());
            if (owner != null) {
                errors.add(new RuleError(
                        RuleError.Kind.PUBLIC_ADDRESS_TAKEN,
                        n,
                        "rule " + n + ": public address " + Ipv4.format(v.publicAddress())
                                + " belongs to static NAT rule " + owner));
            }
            for (int j = 0; j < i; j++) {
                NatRule.VirtualServer e = vservers.get(j);
                if (e.publicAddress() == v.publicAddress()
                        && e.protocol() == v.protocol()
                        && e.publicPort() == v.publicPort()) {
                    errors.add(new RuleError(
                            RuleError.Kind.PUBLIC_PORT_TAKEN,
                            n,
                            "rule " + n + ": " + endpoint + " is already virtual server rule " + e.number() + "'s"));
                }
            }
            for (NatRule.DestinationNat d : dnats) {
                if (d.publicAddress() == v.publicAddress()
                        && d.protocol() == v.protocol()
                        && d.publicPorts().contains(v.publicPort())) {
                    errors.add(new RuleError(
                            RuleError.Kind.PUBLIC_PORT_TAKEN,
                            n,
                            "rule " + n + ": " + endpoint + " overlaps destination NAT rule " + d.number()));
                }
            }
        }
    }
}
