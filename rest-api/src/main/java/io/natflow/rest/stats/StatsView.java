package io.natflow.rest.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stats}.
 *
 * @param drops packets dropped, by reason (core and router reasons), since start
 */
public record StatsView(
        Instant at,
        long mappings,
        Map<String, Long> mappingsByProtocol,
        Rates rates,
        Totals totals,
        Map<String, Long> drops,
        List<RouterStats> switches) {

    /**
     * Per-second rates: one-minute exponentially weighted moving averages of the routers' meters,
     * summed ({@code windowSeconds} is that minute).
     */
    public record Rates(
            double packetInsPerSecond, double flowModsPerSecond, double packetOutsPerSecond, double windowSeconds) {}

    /**
     * Event counts since start.
     *
     * @param forwardHits     inbound sessions opened by a port forward (or the DMZ host)
     * @param slowPathPackets packets the controller translated itself (ICMP, fragments)
     */
    public record Totals(
            long packetIns,
            long flowMods,
            long packetOuts,
            long slowPathPackets,
            long forwardHits,
            long sessionSetups,
            long mappingsExpired,
            long mappingsRemovedBySwitch) {}

    /** One NAT router. */
    public record RouterStats(
            String datapathId,
            boolean connected,
            boolean gatewayResolved,
            long mappings,
            Map<String, Long> mappingsByProtocol,
            int sessions,
            int forwards,
            int quarantinedPorts,
            List<PortUsage> ports) {}
}
