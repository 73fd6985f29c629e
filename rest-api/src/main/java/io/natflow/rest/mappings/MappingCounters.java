package io.natflow.rest.mappings;

import java.time.Instant;

/**
 * Packet and byte counters of a mapping's flows, summed over its sessions, per direction.
 *
 * @param source {@code switch}: read from the switch's flow stats for this request;
 *               {@code unavailable}: the switch is not connected or did not answer (zeros)
 * @param readAt when {@code source} is {@code switch}, the time of the read; else null
 */
public record MappingCounters(Traffic outbound, Traffic inbound, String source, Instant readAt) {

    /** No counters: nothing is read periodically, so without the switch there is nothing to show. */
    public static final MappingCounters UNAVAILABLE =
            new MappingCounters(Traffic.ZERO, Traffic.ZERO, "unavailable", null);

    /** Counters of one direction. */
    public record Traffic(long packets, long bytes) {
        public static final Traffic ZERO = new Traffic(0, 0);
    }
}
