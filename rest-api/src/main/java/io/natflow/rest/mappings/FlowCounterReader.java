package io.natflow.rest.mappings;

import java.util.Optional;

/** Reads a mapping's flow counters from its switch, now. */
public interface FlowCounterReader {

    /**
     * @param isLan whether an IPv4 source address is on the router's LAN (outbound flow)
     * @return empty if the switch is not connected or did not answer in time
     */
    Optional<MappingCounters> read(long datapathId, long mappingId, java.util.function.IntPredicate isLan);
}
