package io.natflow.nat.service;

import java.util.Map;

/**
 * One router now.
 *
 * @param name               how logs and the API name the router: its datapath id, 16 hex digits
 * @param mappingsByProtocol live mappings by "tcp", "udp", "icmp" (every protocol present, 0 if none)
 * @param sessions           session flows installed in the switch
 * @param meters             the packet-in meters as last read, by "kind.port" or "total"
 */
public record RouterStatus(
        long datapathId,
        String name,
        boolean connected,
        boolean gatewayResolved,
        long mappings,
        Map<String, Long> mappingsByProtocol,
        int sessions,
        int forwards,
        int quarantinedPorts,
        Map<String, MeterReading> meters) {

    /** A packet-in meter: packets it saw and how many of them it dropped. */
    public record MeterReading(long packets, long dropped) {
        public long passed() {
            return packets - dropped;
        }
    }
}
