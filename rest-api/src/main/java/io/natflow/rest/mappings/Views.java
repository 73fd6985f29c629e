package io.natflow.rest.mappings;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Ipv4;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.rest.switches.DatapathIds;
import java.time.Instant;
import java.util.Locale;

/** Core mappings to views; call under the router's lock (a mapping is mutable). */
final class Views {
    private Views() {}

    static MappingView of(long datapathId, Mapping m) {
        return new MappingView(m.id(), DatapathIds.format(datapathId), lower(m.protocol()), lower(m.origin()),
                Ipv4.format(m.internalIp()), m.internalPort(), Ipv4.format(m.publicIp()), m.publicPort(),
                m.remotes().stream().map(Endpoint::toString).toList(),
                m.protocol() == Protocol.TCP ? lower(m.tcpState()) : null,
                Instant.ofEpochMilli(m.createdAt()), Instant.ofEpochMilli(m.lastUsed()),
                Instant.ofEpochMilli(m.expiresAt()));
    }

    static boolean matches(MappingQuery q, Mapping m) {
        return (q.protocol() == null || q.protocol() == m.protocol())
                && (q.internalIp() == null || q.internalIp() == m.internalIp())
                && (q.internalPort() == null || q.internalPort() == m.internalPort())
                && (q.publicPort() == null || q.publicPort() == m.publicPort());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
