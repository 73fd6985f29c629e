package io.natflow.nat.service;

import io.natflow.nat.core.Protocol;
import java.util.List;
import java.util.Map;

/**
 * Mappings by protocol and port use per public address and protocol of one router.
 *
 * @param ports one entry per public address and protocol, addresses ascending
 */
public record PortPoolUsage(
        long mappings, Map<String, Long> mappingsByProtocol, List<PortUse> ports, int quarantinedPorts, int forwards) {

    /**
     * Ports of one public address and protocol, within the dynamic range.
     *
     * @param used        held by dynamic mappings (not forward sessions)
     * @param forwarded   reserved by port forwards
     * @param quarantined released recently, not yet free
     * @param free        allocatable now
     */
    public record PortUse(
            int publicIp, Protocol protocol, int rangeSize, int used, int forwarded, int quarantined, int free) {}
}
