package io.natflow.nat.openflow;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.ForwardRule;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Nat;
import io.natflow.nat.core.NatConfig;
import io.natflow.nat.core.Origin;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.service.MappingInfo;
import io.natflow.nat.service.PortPoolUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of one router's core, answered as service records (copies: a {@link Mapping} is mutable
 * and never leaves the loop). Run on the router's event loop only.
 */
final class RouterQueries {
    private RouterQueries() {}

    static MappingInfo info(long datapathId, Mapping m) {
        return new MappingInfo(
                datapathId,
                m.id(),
                m.protocol(),
                m.origin(),
                m.internalIp(),
                m.internalPort(),
                m.publicIp(),
                m.publicPort(),
                m.remotes().stream().map(Endpoint::toString).toList(),
                m.protocol() == Protocol.TCP ? m.tcpState() : null,
                m.createdAt(),
                m.lastUsed(),
                m.expiresAt());
    }

    /** Live mappings by protocol name, every protocol present. */
    static Map<String, Long> byProtocol(Nat nat) {
        Map<String, Long> out = zeroByProtocol();
        nat.forEachMapping(m -> out.merge(name(m.protocol()), 1L, Long::sum));
        return out;
    }

    /** One pass over the mappings and forwards: use of each public address's port range per protocol. */
    static PortPoolUsage usage(Nat nat, long now) {
        NatConfig c = nat.config();
        int[] addresses = c.publicAddresses();
        Protocol[] protocols = Protocol.values();
        int[][] used = new int[addresses.length][protocols.length];
        int[][] forwarded = new int[addresses.length][protocols.length];
        Map<String, Long> byProtocol = zeroByProtocol();
        for (Mapping m : nat.mappings()) {
            byProtocol.merge(name(m.protocol()), 1L, Long::sum);
            int a = Arrays.binarySearch(addresses, m.publicIp());
            if (a >= 0 && m.origin() != Origin.FORWARD && inRange(c, m.publicPort())) {
                used[a][m.protocol().ordinal()]++;
            }
        }
        for (ForwardRule rule : nat.forwards()) {
            if (rule instanceof ForwardRule.PortForward f) {
                int a = Arrays.binarySearch(addresses, f.publicIp());
                for (int i = 0; a >= 0 && i < f.count(); i++) {
                    if (inRange(c, f.publicPort() + i)) {
                        forwarded[a][f.protocol().ordinal()]++;
                    }
                }
            }
        }
        int size = c.portMax() - c.portMin() + 1;
        List<PortPoolUsage.PortUse> ports = new ArrayList<>();
        for (int a = 0; a < addresses.length; a++) {
            for (Protocol p : protocols) {
                int u = used[a][p.ordinal()];
                int f = forwarded[a][p.ordinal()];
                int free = nat.freePorts(p, addresses[a], now);
                ports.add(
                        new PortPoolUsage.PortUse(addresses[a], p, size, u, f, Math.max(0, size - u - f - free), free));
            }
        }
        return new PortPoolUsage(
                nat.size(),
                byProtocol,
                ports,
                nat.quarantinedPorts(),
                nat.forwards().size());
    }

    /** Sessions of a forward: mappings of origin forward on its public ports. */
    static int forwardSessions(Nat nat, ForwardRule.PortForward rule) {
        int n = 0;
        for (int i = 0; i < rule.count(); i++) {
            var m = nat.lookupPublic(rule.protocol(), new Endpoint(rule.publicIp(), rule.publicPort() + i));
            if (m.isPresent() && m.get().origin() == Origin.FORWARD) {
                n++;
            }
        }
        return n;
    }

    /**
     * The first live mapping on one of the rule's public ports or internal endpoints. Sessions of
     * forwards are skipped: the core reports those as the forward's conflict, and on a
     * replacement the old rule's own sessions are not in the way.
     */
    static Optional<Mapping> inTheWay(Nat nat, ForwardRule.PortForward rule) {
        for (int i = 0; i < rule.count(); i++) {
            Endpoint pub = new Endpoint(rule.publicIp(), rule.publicPort() + i);
            Endpoint in = new Endpoint(rule.internalIp(), rule.internalPort() + i);
            Optional<Mapping> m = nat.lookupPublic(rule.protocol(), pub)
                    .filter(RouterQueries::notASession)
                    .or(() -> nat.lookupInternal(rule.protocol(), in).filter(RouterQueries::notASession));
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    private static boolean notASession(Mapping m) {
        return m.origin() != Origin.FORWARD;
    }

    private static Map<String, Long> zeroByProtocol() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Protocol p : Protocol.values()) {
            out.put(name(p), 0L);
        }
        return out;
    }

    private static boolean inRange(NatConfig c, int port) {
        return port >= c.portMin() && port <= c.portMax();
    }

    static String name(Protocol p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
