package io.natflow.nat.rules;

import java.util.List;
import java.util.Set;

/**
 * The router a rule list is checked against.
 *
 * @param lan         the LAN prefix
 * @param routerLanIp the router's LAN address
 * @param pool        the masquerade pool: the router's public addresses
 * @param portNames   every switch port name of the router (LAN ports and the WAN port)
 */
public record RuleContext(Prefix lan, int routerLanIp, List<Integer> pool, Set<String> portNames) {
    public RuleContext {
        pool = List.copyOf(pool);
        portNames = Set.copyOf(portNames);
    }

    boolean inPool(int address) {
        return pool.contains(address);
    }
}
