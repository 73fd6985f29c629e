package io.natflow.nat.core;

import io.natflow.nat.core.ForwardRule.AddressForward;
import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Adds, removes and replaces forward rules: all conflict checks first, then every change, or
 * nothing. A replacement is checked as if the rule it replaces, with its ports and sessions,
 * were already gone; the checks take that rule as {@code replacing} (null when adding).
 */
final class ForwardManager {
    private final NatConfig config;
    private final MappingTable table;
    private final Forwards forwards;

    ForwardManager(NatConfig config, MappingTable table, Forwards forwards) {
        this.config = config;
        this.table = table;
        this.forwards = forwards;
    }

    ForwardResult add(ForwardRule rule) {
        ForwardConflict conflict = check(rule, null);
        if (conflict != null) {
            return new ForwardResult.Conflict(rule, conflict);
        }
        reservePorts(rule, null);
        forwards.add(rule);
        return new ForwardResult.Added(rule);
    }

    /**
     * Swaps {@code old} for {@code replacement} in one step, so the two may share public ports
     * and internal endpoints. Ports both hold stay reserved throughout and skip the quarantine:
     * no other mapping could have had them in between, and the quarantine guards only reuse by
     * another mapping. Ports only the old rule held go to quarantine, as on removal. The old
     * rule's sessions are removed (their target may change) and returned. An equal replacement
     * changes nothing.
     */
    ReplaceResult replace(ForwardRule old, ForwardRule replacement, long now) {
        if (!forwards.contains(old)) {
            return new ReplaceResult.Unknown(old);
        }
        if (old.equals(replacement)) {
            return new ReplaceResult.Replaced(replacement, List.of());
        }
        ForwardConflict conflict = check(replacement, old);
        if (conflict != null) {
            return new ReplaceResult.Conflict(replacement, conflict);
        }
        List<Mapping> removed = removeSessions(old, now);
        forwards.remove(old);
        releasePorts(old, replacement, now);
        reservePorts(replacement, old);
        forwards.add(replacement);
        return new ReplaceResult.Replaced(replacement, removed);
    }

    /** Removes the rule and its sessions (returned, so their flows can go); empty if unknown. */
    Optional<List<Mapping>> remove(ForwardRule rule, long now) {
        if (!forwards.contains(rule)) {
            return Optional.empty();
        }
        List<Mapping> removed = removeSessions(rule, now);
        forwards.remove(rule);
        releasePorts(rule, null, now);
        return Optional.of(removed);
    }

    // --- checks -----------------------------------------------------------------------------

    private ForwardConflict check(ForwardRule rule, ForwardRule replacing) {
        if (forwards.contains(rule)) {
            return ForwardConflict.OVERLAPS_FORWARD;
        }
        return rule instanceof PortForward p ? check(p, replacing) : check((AddressForward) rule, replacing);
    }

    private ForwardConflict check(PortForward p, ForwardRule replacing) {
        if (p.protocol() == null
                || p.protocol() == Protocol.ICMP
                || p.count() < 1
                || p.publicPort() < 1
                || p.internalPort() < 1
                || p.publicPort() + p.count() - 1 > 0xffff
                || p.internalPort() + p.count() - 1 > 0xffff) {
            return ForwardConflict.INVALID;
        }
        int address = config.addressIndex(p.publicIp());
        if (address < 0) {
            return ForwardConflict.NOT_A_PUBLIC_ADDRESS;
        }
        if (isOtherStaticTarget(p.internalIp(), replacing)) {
            return ForwardConflict.INTERNAL_ENDPOINT_TAKEN;
        }
        Protocol proto = p.protocol();
        for (int i = 0; i < p.count(); i++) {
            int pub = p.publicPort() + i;
            int in = p.internalPort() + i;
            if (isOther(forwards.portForwardAtPublic(proto, p.publicIp(), pub), replacing)) {
                return ForwardConflict.OVERLAPS_FORWARD;
            }
            if (isOther(forwards.portForwardAtInternal(proto, p.internalIp(), in), replacing)) {
                return ForwardConflict.INTERNAL_ENDPOINT_TAKEN;
            }
            if (isForeign(table.peekPublic(proto, p.publicIp(), pub), replacing)
                    || isForeign(table.peekInternal(proto, p.internalIp(), in), replacing)) {
                return ForwardConflict.OVERLAPS_MAPPING;
            }
            if (!table.ports.isFree(proto, address, pub) && !holdsPort(replacing, proto, p.publicIp(), pub)) {
                return ForwardConflict.PORT_IN_QUARANTINE;
            }
        }
        return null;
    }

    private ForwardConflict check(AddressForward a, ForwardRule replacing) {
        if (config.addressIndex(a.publicIp()) >= 0) {
            return ForwardConflict.ADDRESS_IN_POOL;
        }
        boolean replacesAddress = replacing instanceof AddressForward r && r.publicIp() == a.publicIp();
        if (forwards.isStaticAddress(a.publicIp()) && !replacesAddress) {
            return ForwardConflict.OVERLAPS_FORWARD;
        }
        boolean isDmz = config.unsolicited() == UnsolicitedPolicy.DMZ && config.dmzHost() == a.internalIp();
        if (isOtherStaticTarget(a.internalIp(), replacing)
                || isDmz
                || forwards.portForwardsTo(a.internalIp()).stream().anyMatch(f -> isOther(f, replacing))) {
            return ForwardConflict.INTERNAL_ENDPOINT_TAKEN;
        }
        // dynamic mappings only: sessions of forwards are FORWARD and not counted per host
        if (table.hosts.mappings(a.internalIp()) > 0) {
            return ForwardConflict.OVERLAPS_MAPPING;
        }
        return null;
    }

    private static boolean isOther(ForwardRule found, ForwardRule replacing) {
        return found != null && !found.equals(replacing);
    }

    private boolean isOtherStaticTarget(int internalIp, ForwardRule replacing) {
        return forwards.isStaticTarget(internalIp)
                && !(replacing instanceof AddressForward r && r.internalIp() == internalIp);
    }

    /** A live mapping in the way: anything but a session of the rule being replaced. */
    private static boolean isForeign(Mapping m, ForwardRule replacing) {
        return m != null && !isSessionOf(replacing, m);
    }

    private static boolean isSessionOf(ForwardRule rule, Mapping m) {
        if (rule == null || m.origin() != Origin.FORWARD) {
            return false;
        }
        return rule instanceof AddressForward a
                ? a.publicIp() == m.publicIp()
                : holdsPort(rule, m.protocol(), m.publicIp(), m.publicPort());
    }

    /** Whether {@code rule} is a port forward reserving this public port (false for null). */
    private static boolean holdsPort(ForwardRule rule, Protocol proto, int publicIp, int port) {
        return rule instanceof PortForward p
                && p.protocol() == proto
                && p.publicIp() == publicIp
                && port >= p.publicPort()
                && port < p.publicPort() + p.count();
    }

    // --- changes ----------------------------------------------------------------------------

    /** Reserves the rule's public ports, except those {@code holder} already holds. */
    private void reservePorts(ForwardRule rule, ForwardRule holder) {
        if (rule instanceof PortForward p) {
            int address = config.addressIndex(p.publicIp());
            portsNotHeldBy(p, holder).forEach(port -> table.ports.reserve(p.protocol(), address, port));
        }
    }

    /** Releases the rule's public ports through the quarantine, except those {@code successor} takes over. */
    private void releasePorts(ForwardRule rule, ForwardRule successor, long now) {
        if (rule instanceof PortForward p) {
            int address = config.addressIndex(p.publicIp());
            portsNotHeldBy(p, successor).forEach(port -> table.ports.release(p.protocol(), address, port, now));
        }
    }

    private static IntStream portsNotHeldBy(PortForward p, ForwardRule other) {
        return IntStream.range(p.publicPort(), p.publicPort() + p.count())
                .filter(port -> !holdsPort(other, p.protocol(), p.publicIp(), port));
    }

    private List<Mapping> removeSessions(ForwardRule rule, long now) {
        List<Mapping> removed = new ArrayList<>();
        if (rule instanceof PortForward p) {
            for (int i = 0; i < p.count(); i++) {
                removeSession(p.protocol(), p.publicIp(), p.publicPort() + i, now, removed);
            }
        } else {
            AddressForward a = (AddressForward) rule;
            for (Protocol proto : Protocol.values()) {
                for (int port = 0; port <= 0xffff; port++) {
                    removeSession(proto, a.publicIp(), port, now, removed);
                }
            }
        }
        return removed;
    }

    private void removeSession(Protocol proto, int ip, int port, long now, List<Mapping> out) {
        Mapping m = table.peekPublic(proto, ip, port);
        if (m != null && m.origin() == Origin.FORWARD) {
            table.remove(m, now);
            out.add(m);
        }
    }
}
