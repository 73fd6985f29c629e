package io.natflow.rest.mappings;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.service.MappingInfo;
import io.natflow.rest.switches.DatapathIds;
import java.time.Instant;
import java.util.Locale;

/** The NAT service's mapping records to the REST API's views. */
final class Views {
    private Views() {}

    static MappingView of(MappingInfo m) {
        return new MappingView(
                m.id(),
                DatapathIds.format(m.datapathId()),
                lower(m.protocol()),
                lower(m.origin()),
                Ipv4.format(m.internalIp()),
                m.internalPort(),
                Ipv4.format(m.publicIp()),
                m.publicPort(),
                m.remotes(),
                m.tcpState() == null ? null : lower(m.tcpState()),
                Instant.ofEpochMilli(m.createdAt()),
                Instant.ofEpochMilli(m.lastUsed()),
                Instant.ofEpochMilli(m.expiresAt()));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
