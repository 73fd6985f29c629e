package io.natflow.rest.mappings;

import io.natflow.nat.service.FlowCounters;
import io.natflow.nat.service.NatService;
import io.natflow.rest.api.Await;
import java.time.Instant;
import java.util.Optional;

/** Reads a mapping's flow counters from its switch, now. */
public interface FlowCounterReader {

    /** @return empty if the switch is not connected or did not answer in time */
    Optional<MappingCounters> read(long datapathId, long mappingId);

    /** The reader of the NAT service: its flow-stats read of the mapping's switch. */
    static FlowCounterReader of(NatService nat) {
        return (datapathId, mappingId) ->
                Await.result(nat.flowCounters(datapathId, mappingId)).map(FlowCounterReader::view);
    }

    private static MappingCounters view(FlowCounters c) {
        return new MappingCounters(
                new MappingCounters.Traffic(c.outbound().packets(), c.outbound().bytes()),
                new MappingCounters.Traffic(c.inbound().packets(), c.inbound().bytes()),
                "switch",
                Instant.ofEpochMilli(c.readAt()));
    }
}
