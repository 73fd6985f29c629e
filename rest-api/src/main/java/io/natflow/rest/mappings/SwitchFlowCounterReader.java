package io.natflow.rest.mappings;

import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchRegistry;
import io.natflow.nat.openflow.Tables;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Asks the switch for the flow stats of one mapping: the NAT table's flows whose cookie is the
 * mapping id (one per session and direction), summed per direction.
 */
public final class SwitchFlowCounterReader implements FlowCounterReader {
    private final SwitchRegistry registry;
    private final Duration timeout;
    private final Clock clock;

    public SwitchFlowCounterReader(SwitchRegistry registry, Duration timeout, Clock clock) {
        this.registry = registry;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Optional<MappingCounters> read(long datapathId, long mappingId, IntPredicate isLan) {
        Optional<OpenFlowSwitch> sw = registry.get(DatapathId.of(datapathId)).filter(OpenFlowSwitch::isConnected);
        if (sw.isEmpty()) {
            return Optional.empty();
        }
        var request = sw.get().factory().buildFlowStatsRequest()
                .setTableId(Tables.NAT)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(mappingId))
                .setCookieMask(U64.NO_MASK)
                .build();
        List<OFFlowStatsReply> replies;
        try {
            replies = sw.get().multipart(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
        long outPackets = 0, outBytes = 0, inPackets = 0, inBytes = 0;
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry e : reply.getEntries()) {
                if (e.getCookie().getValue() != mappingId) {
                    continue;
                }
                IPv4Address src = e.getMatch().get(MatchField.IPV4_SRC);
                if (src != null && isLan.test(src.getInt())) {
                    outPackets += e.getPacketCount().getValue();
                    outBytes += e.getByteCount().getValue();
                } else {
                    inPackets += e.getPacketCount().getValue();
                    inBytes += e.getByteCount().getValue();
                }
            }
        }
        return Optional.of(new MappingCounters(new MappingCounters.Traffic(outPackets, outBytes),
                new MappingCounters.Traffic(inPackets, inBytes), "switch", clock.instant()));
    }
}
