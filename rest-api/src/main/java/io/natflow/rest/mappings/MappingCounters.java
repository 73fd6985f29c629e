package io.natflow.rest.mappings;

import java.time.Instant;

/**
 * Packet and byte counters of a mapping's flows, summed over its sessions, per direction.
 *
 * @param source {@code switch}: read from the switch's flow stats for this request;
 *               {@code last-refresh}: the switch did not answer, these are the counters of the
 *               last periodic read; {@code unavailable}: switch not connected and nothing read yet
 * @param readAt when {@code source} is {@code switch}, the time of the read; else null
 */
public record MappingCounters(Traffic outbound, Traffic inbound, String source, Instant readAt) {

    /** Counters of one direction. */
    public record Traffic(long packets, long bytes) {
        public static final Traffic ZERO = new Traffic(0, 0);
    }
}
