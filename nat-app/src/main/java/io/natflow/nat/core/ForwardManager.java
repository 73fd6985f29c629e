package io.natflow.nat.core;

import io.natflow.nat.core.ForwardRule.AddressForward;
import io.natflow.nat.core.ForwardRule.PortForward;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adds and removes forward rules: all conflict checks first, then every change, or nothing. */
final class ForwardManager {
    private final NatConfig config;
    private final MappingTable table;
    private final Forwards forwards;

    ForwardManager(NatConfig config, MappingTable table, Forwards forwards) {
        this.config = config;
        this.table = table;
        this.forwards = forwards;
    }

    ForwardResult add(ForwardRule rule, long now) {
        ForwardConflict conflict = forwards.contains(rule) ? ForwardConflict.OVERLAPS_FORWARD
                : rule instanceof PortForward p ? check(p) : check((AddressForward) rule);
        if (conflict != null) {
            return new ForwardResult.Conflict(rule, conflict);
        }
        if (rule instanceof PortForward p) {
            int address = config.addressIndex(p.publicIp());
            for (int i = 0; i < p.count(); i++) {
                table.ports.reserve(p.protocol(), address, p.publicPort() + i);
            }
        }
        forwards.add(rule);
        return new ForwardResult.Added(rule);
    }

    private ForwardConflict check(PortForward p) {
        if (p.protocol() == null || p.protocol() == Protocol.ICMP || p.count() < 1 || p.publicPort() < 1
                || p.internalPort() < 1 || p.publicPort() + p.count() - 1 > 0xffff
                || p.internalPort() + p.count() - 1 > 0xffff) {
            return ForwardConflict.INVALID;
        }
        int address = config.addressIndex(p.publicIp());
        if (address < 0) {
            return ForwardConflict.NOT_A_PUBLIC_ADDRESS;
        }
        if (forwards.isStaticTarget(p.internalIp())) {
            return ForwardConflict.INTERNAL_ENDPOINT_TAKEN;
        }
        Protocol proto = p.protocol();
        for (int i = 0; i < p.count(); i++) {
            int pub = p.publicPort() + i;
            int in = p.internalPort() + i;
            if (forwards.portForwardAtPublic(proto, p.publicIp(), pub) != null) {
                return ForwardConflict.OVERLAPS_FORWARD;
            }
            if (forwards.portForwardAtInternal(proto, p.internalIp(), in) != null) {
                return ForwardConflict.INTERNAL_ENDPOINT_TAKEN;
            }
            if (table.peekPublic(proto, p.publicIp(), pub) != null
                    || table.peekInternal(proto, p.internalIp(), in) != null) {
                return ForwardConflict.OVERLAPS_MAPPING;
            }
            if (!table.ports.isFree(proto, address, pub)) {
                return ForwardConflict.PORT_IN_QUARANTINE;
            }
        }
        return null;
    }

    private ForwardConflict check(AddressForward a) {
        if (config.addressIndex(a.publicIp()) >= 0) {
            return ForwardConflict.ADDRESS_IN_POOL;
        }
        if (forwards.isStaticAddress(a.publicIp())) {
            return ForwardConflict.OVERLAPS_FORWARD;
        }
        boolean isDmz = config.unsolicited() == UnsolicitedPolicy.DMZ && config.dmzHost() == a.internalIp();
        if (forwards.isStaticTarget(a.internalIp()) || isDmz || !forwards.portForwardsTo(a.internalIp()).isEmpty()) {
            return ForwardConflict.INTERNAL_ENDPOINT_TAKEN;
        }
        if (table.hosts.mappings(a.internalIp()) > 0) {
            return ForwardConflict.OVERLAPS_MAPPING;
        }
        return null;
    }

    /** Removes the rule and its sessions (returned, so their flows can go); empty if unknown. */
    Optional<List<Mapping>> remove(ForwardRule rule, long now) {
        if (!forwards.contains(rule)) {
            return Optional.empty();
        }
        List<Mapping> removed = new ArrayList<>();
        if (rule instanceof PortForward p) {
            for (int i = 0; i < p.count(); i++) {
                removeSession(p.protocol(), p.publicIp(), p.publicPort() + i, now, removed);
            }
            forwards.remove(rule);
            int address = config.addressIndex(p.publicIp());
            for (int i = 0; i < p.count(); i++) {
                table.ports.release(p.protocol(), address, p.publicPort() + i, now);
            }
        } else {
            AddressForward a = (AddressForward) rule;
            for (Protocol proto : Protocol.values()) {
                for (int port = 0; port <= 0xffff; port++) {
                    removeSession(proto, a.publicIp(), port, now, removed);
                }
            }
            forwards.remove(rule);
        }
        return Optional.of(removed);
    }

    private void removeSession(Protocol proto, int ip, int port, long now, List<Mapping> out) {
        Mapping m = table.peekPublic(proto, ip, port);
        if (m != null && m.origin() == Origin.FORWARD) {
            table.remove(m, now);
            out.add(m);
        }
    }
}
