package io.natflow.nat.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Re-populates the table from mappings read back from the switch; reports, never merges. */
final class Restorer {
    private final NatConfig config;
    private final MappingTable table;
    private final Forwards forwards;
    private final InboundPath inbound;

    Restorer(NatConfig config, MappingTable table, Forwards forwards, InboundPath inbound) {
        this.config = config;
        this.table = table;
        this.forwards = forwards;
        this.inbound = inbound;
    }

    RestoreReport restore(List<MappingRecord> records, long nowMillis) {
        long now = table.clock(nowMillis);
        List<MappingRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(MappingRecord::lastUsed)); // timer lists append in order
        Set<MappingRecord> seen = new HashSet<>();
        List<Mapping> restored = new ArrayList<>();
        List<RestoreReport.Problem> problems = new ArrayList<>();
        for (MappingRecord r : sorted) {
            if (!seen.add(r)) {
                problems.add(new RestoreReport.Problem(r, RestoreError.DUPLICATE));
                continue;
            }
            Object result = restoreOne(r, now);
            if (result instanceof RestoreError error) {
                problems.add(new RestoreReport.Problem(r, error));
            } else {
                restored.add((Mapping) result);
            }
        }
        return new RestoreReport(restored, problems);
    }

    private Object restoreOne(MappingRecord r, long now) {
        Protocol proto = r.protocol();
        Endpoint in = r.internal();
        Endpoint pub = r.publicEndpoint();
        boolean tcp = proto == Protocol.TCP;
        if (r.id() <= 0
                || tcp == (r.tcpState() == TcpState.NONE)
                || (proto != Protocol.ICMP && (in.port() == 0 || pub.port() == 0))) {
            return RestoreError.INVALID;
        }
        if (table.idTaken(r.id())) {
            return RestoreError.ID_CONFLICT;
        }
        if (table.peekInternal(proto, in.ip(), in.port()) != null) {
            return RestoreError.INTERNAL_CONFLICT;
        }
        if (table.peekPublic(proto, pub.ip(), pub.port()) != null) {
            return RestoreError.PUBLIC_CONFLICT;
        }
        if (!inbound.isPublicAddress(pub.ip())) {
            return RestoreError.NOT_PUBLIC_ADDRESS;
        }
        if (table.isFull()) {
            return RestoreError.TABLE_FULL;
        }
        Object origin = originOf(r);
        if (origin instanceof RestoreError error) {
            return error;
        }
        if (origin != Origin.FORWARD && !table.ports.reserve(proto, config.addressIndex(pub.ip()), pub.port())) {
            return RestoreError.PORT_UNAVAILABLE;
        }
        long lastUsed = Math.min(r.lastUsed(), now); // the clock never goes back
        Mapping m = table.insert(
                r.id(),
                proto,
                (Origin) origin,
                in.ip(),
                in.port(),
                pub.ip(),
                pub.port(),
                Math.min(r.createdAt(), lastUsed),
                lastUsed,
                r.tcpState());
        for (Endpoint remote : r.remotes()) {
            m.addRemote(remote.ip(), remote.port(), config.maxRemotesPerMapping());
        }
        return m;
    }

    private Object originOf(MappingRecord r) {
        Protocol proto = r.protocol();
        Endpoint in = r.internal();
        Endpoint pub = r.publicEndpoint();
        long forwardedTo = forwards.internalFor(proto, pub.ip(), pub.port());
        if (forwardedTo != Forwards.NONE) {
            return forwardedTo == Endpoint.pack(in.ip(), in.port()) ? Origin.FORWARD : RestoreError.FORWARD_CONFLICT;
        }
        if (forwards.publicFor(proto, in.ip(), in.port()) != Forwards.NONE) {
            return RestoreError.FORWARD_CONFLICT;
        }
        boolean dmzShaped =
                config.unsolicited() == UnsolicitedPolicy.DMZ && in.ip() == config.dmzHost() && in.port() == pub.port();
        if (dmzShaped) {
            return Origin.DMZ;
        }
        if (!config.inDynamicRange(pub.port())) {
            return RestoreError.PORT_OUT_OF_RANGE;
        }
        HostTable.Host host = table.hosts.find(in.ip());
        if (host != null && host.addressIndex != config.addressIndex(pub.ip())) {
            return RestoreError.PAIRING_CONFLICT;
        }
        if (host != null && host.mappings >= config.perHostQuota()) {
            return RestoreError.QUOTA_EXCEEDED;
        }
        return Origin.DYNAMIC;
    }
}
