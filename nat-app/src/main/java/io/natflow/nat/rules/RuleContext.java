package io.natflow.nat.rules;

import java.util.List;
import java.util.Set;

/**
 * The router a rule list is checked against.
 *
 * @param lan         the directly connected LAN prefix
 * @param routed      LAN prefixes behind routers on the LAN (inside the NAT too)
 * @param routerLanIp the router's LAN address
 * @param pool        the masquerade pool: the router's public addresses
 * @param portNames   every switch port name of the router (LAN ports and the WAN port)
 */
public record RuleContext(Prefix lan, List<Prefix> routed, int routerLanIp, List<Integer> pool, Set<String> portNames) {
    public RuleContext {
        routed = List.copyOf(routed);
        pool = List.copyOf(pool);
        portNames = Set.copyOf(portNames);
    }

    /** A router with only its connected LAN prefix. */
    public RuleContext(Prefix lan, int routerLanIp, List<Integer> pool, Set<String> portNames) {
        this(lan, List.of(), routerLanIp, pool, portNames);
    }

    boolean inPool(int address) {
        return pool.contains(address);
    }

    /** In the connected or a routed LAN prefix. */
    boolean inAnyLan(int address) {
        return lan.contains(address) || routed.stream().anyMatch(p -> p.contains(address));
    }

    /** A host address of a LAN prefix: not the router's, not a network or broadcast address. */
    boolean isLanHost(int ip) {
        if (ip == routerLanIp) {
            return false;
        }
        for (Prefix p : lanPrefixes()) {
            if (p.contains(ip)) {
                int broadcast = p.network() | ~p.mask();
                return ip != p.network() && ip != broadcast;
            }
        }
        return false;
    }

    /** Every LAN prefix, the connected one first. */
    List<Prefix> lanPrefixes() {
        return routed.isEmpty()
                ? List.of(lan)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(lan), routed.stream())
                        .toList();
    }
}
