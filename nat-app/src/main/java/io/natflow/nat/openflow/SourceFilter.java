package io.natflow.nat.openflow;

import io.natflow.nat.core.DropReason;
import io.natflow.nat.core.Martians;
import io.natflow.nat.service.NatEvent;
import java.util.Optional;

/**
 * Source checks that need the router's addressing (RFC 1812 §5.3.7, RFC 2827), made before
 * anything else looks at a packet (the core, the slow path, the router's own echo answers): from
 * the LAN only a LAN host's address may be a source; from the WAN no martian and no LAN address.
 * The core refuses martian destinations itself ({@link Martians}).
 */
final class SourceFilter {
    private final RouterConfig config;

    SourceFilter(RouterConfig config) {
        this.config = config;
    }

    /** Why a packet from {@code src} must be dropped, or empty. */
    Optional<NatEvent> check(int src, boolean fromLan) {
        if (fromLan) {
            return config.isLanHost(src)
                    ? Optional.empty()
                    : Optional.of(NatEvents.of(MartianDrop.INSIDE_SOURCE_RESERVED));
        }
        if (Martians.isMartian(src)) {
            return Optional.of(NatEvents.of(DropReason.MARTIAN_SOURCE));
        }
        return config.inLan(src) ? Optional.of(NatEvents.of(MartianDrop.OUTSIDE_SOURCE_IN_LAN)) : Optional.empty();
    }
}
