package io.natflow.rest.stats;

import io.natflow.nat.core.Ipv4;
import io.natflow.nat.service.PortPoolUsage;
import java.util.List;
import java.util.Locale;

/** The NAT service's port accounting as the REST API shows it. */
public final class PortUsages {
    private PortUsages() {}

    public static List<PortUsage> of(PortPoolUsage usage) {
        return usage.ports().stream()
                .map(p -> new PortUsage(
                        Ipv4.format(p.publicIp()),
                        p.protocol().name().toLowerCase(Locale.ROOT),
                        p.rangeSize(),
                        p.used(),
                        p.forwarded(),
                        p.quarantined(),
                        p.free()))
                .toList();
    }
}
