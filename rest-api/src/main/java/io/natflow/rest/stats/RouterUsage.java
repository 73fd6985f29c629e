package io.natflow.rest.stats;

import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.Origin;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.openflow.NatRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One pass over a router's mappings under its lock: mappings by protocol and port use per
 * public address and protocol.
 */
public record RouterUsage(long mappings, Map<String, Long> mappingsByProtocol, List<PortUsage> ports,
                          int quarantinedPorts, int forwards) {

    public static RouterUsage of(NatRouter router) {
        long now = System.currentTimeMillis();
        return router.withNat(nat -> of(nat, now));
    }

    /** Live mappings by protocol alone: for the metrics gauges, without the port accounting of {@link #of}. */
    public static Map<String, Long> mappingsByProtocol(NatRouter router) {
        return router.withNat(nat -> {
            Map<String, Long> byProtocol = zeroByProtocol();
            nat.forEachMapping(m -> byProtocol.merge(name(m.protocol()), 1L, Long::sum));
            return byProtocol;
        });
    }

    static RouterUsage of(Nat nat, long now) {
        NatConfig c = nat.config();
        int[] addresses = c.publicAddresses();
        Protocol[] protocols = Protocol.values();
        int[][] used = new int[addresses.length][protocols.length];
        int[][] forwarded = new int[addresses.length][protocols.length];
        Map<String, Long> byProtocol = zeroByProtocol();
        for (Mapping m : nat.mappings()) {
            byProtocol.merge(name(m.protocol()), 1L, Long::sum);
            int a = indexOf(addresses, m.publicIp());
            if (a >= 0 && m.origin() != Origin.FORWARD && inRange(c, m.publicPort())) {
                used[a][m.protocol().ordinal()]++;
            }
        }
        for (ForwardRule rule : nat.forwards()) {
            if (rule instanceof ForwardRule.PortForward f) {
                int a = indexOf(addresses, f.publicIp());
                for (int i = 0; a >= 0 && i < f.count(); i++) {
                    if (inRange(c, f.publicPort() + i)) {
                        forwarded[a][f.protocol().ordinal()]++;
                    }
                }
            }
        }
        int size = c.portMax() - c.portMin() + 1;
        List<PortUsage> ports = new ArrayList<>();
        for (int a = 0; a < addresses.length; a++) {
            for (Protocol p : protocols) {
                int u = used[a][p.ordinal()];
                int f = forwarded[a][p.ordinal()];
                int free = nat.freePorts(p, addresses[a], now);
                ports.add(new PortUsage(Ipv4.format(addresses[a]), name(p), size, u, f, Math.max(0, size - u - f - free), free));
            }
        }
        return new RouterUsage(nat.size(), byProtocol, ports, nat.quarantinedPorts(), nat.forwards().size());
    }

    private static Map<String, Long> zeroByProtocol() {
        Map<String, Long> byProtocol = new LinkedHashMap<>();
        for (Protocol p : Protocol.values()) {
            byProtocol.put(name(p), 0L);
        }
        return byProtocol;
    }

    private static boolean inRange(NatConfig c, int port) {
        return port >= c.portMin() && port <= c.portMax();
    }

    private static int indexOf(int[] addresses, int ip) {
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i] == ip) {
                return i;
            }
        }
        return -1;
    }

    static String name(Protocol p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
