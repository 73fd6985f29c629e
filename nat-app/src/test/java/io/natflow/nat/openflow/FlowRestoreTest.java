package io.natflow.nat.openflow;

import static io.natflow.nat.openflow.RouterFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.core.Endpoint;
import io.natflow.nat.core.Mapping;
import io.natflow.nat.core.Protocol;
import io.natflow.nat.core.TcpFlags;
import io.natflow.nat.packet.TestPackets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** A restarted controller rebuilds its mappings from the session flows left in the switch. */
class FlowRestoreTest {

    @Test
    void sessionsComeBackWithTheirIdsAndPorts() {
        RouterFixture before = new RouterFixture();
        List<OFMessage> flows = new ArrayList<>();
        flows.addAll(before.miss(1, TestPackets.tcp(H1, 40000, SRV, 80, TcpFlags.SYN, 0), 0));
        flows.addAll(before.miss(2, TestPackets.udp(H2, 5353, SRV, 53, 8), 0));
        Mapping tcp =
                before.nat.lookupInternal(Protocol.TCP, new Endpoint(H1, 40000)).orElseThrow();
        Mapping udp =
                before.nat.lookupInternal(Protocol.UDP, new Endpoint(H2, 5353)).orElseThrow();

        RouterFixture after = new RouterFixture();
        int[] restored = {0};
        RouterChange<Integer> change = after.router.restore(List.of(statsReplyOf(flows)), 10_000);
        restored[0] = change.result();
        List<OFMessage> deletes = change.messages();

        assertTrue(deletes.isEmpty(), deletes.toString());
        assertEquals(2, restored[0]);
        Mapping tcpBack = after.nat.lookup(tcp.id()).orElseThrow();
        assertEquals(tcp.internal(), tcpBack.internal());
        assertEquals(tcp.publicEndpoint(), tcpBack.publicEndpoint());
        assertEquals(
                udp.publicEndpoint(), after.nat.lookup(udp.id()).orElseThrow().publicEndpoint());
        assertEquals(List.of(new Endpoint(SRV, 80)), tcpBack.remotes());
    }

    @Test
    void flowsTheCoreRefusesAreDeleted() {
        RouterFixture before = new RouterFixture();
        List<OFMessage> flows = before.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0);
        long id = before.nat
                .lookupInternal(Protocol.UDP, new Endpoint(H1, 5000))
                .orElseThrow()
                .id();

        RouterFixture after = new RouterFixture();
        after.miss(1, TestPackets.udp(H1, 5000, SRV, 53, 8), 0); // the same internal endpoint, taken meanwhile
        List<OFMessage> deletes =
                after.router.restore(List.of(statsReplyOf(flows)), 10_000).messages();
        List<OFFlowDeleteStrict> strict = only(deletes, OFFlowDeleteStrict.class);
        assertEquals(2, strict.size(), "both flows of the refused session, and nothing by cookie");
        assertTrue(only(deletes, OFFlowDelete.class).isEmpty());
        assertTrue(after.nat.lookup(id).isPresent(), "the live mapping stays");
    }

    private static OFFlowStatsReply statsReplyOf(List<OFMessage> messages) {
        List<OFFlowStatsEntry> entries = only(messages, OFFlowAdd.class).stream()
                .filter(f -> f.getTableId().equals(Tables.NAT))
                .map(f -> OF.buildFlowStatsEntry()
                        .setTableId(f.getTableId())
                        .setCookie(f.getCookie())
                        .setPriority(f.getPriority())
                        .setMatch(f.getMatch())
                        .setInstructions(f.getInstructions())
                        .setDurationSec(5)
                        .build())
                .toList();
        return OF.buildFlowStatsReply().setEntries(entries).build();
    }
}
