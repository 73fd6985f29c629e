package io.natflow.controller.session;

import static io.natflow.controller.session.EmbeddedSession.OF13;
import static io.natflow.controller.session.PendingRequestsTest.badRequest;
import static io.natflow.controller.session.PendingRequestsTest.cookies;
import static io.natflow.controller.session.PendingRequestsTest.flowStatsPart;
import static io.natflow.controller.testing.FakeSwitch.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.OpenFlowErrorException;
import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchPort;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.OfWire;
import io.natflow.controller.testing.RecordingListener.Kind;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * A ready switch in an EmbeddedChannel: {@link OpenFlowSwitch#multipart} and
 * {@link OpenFlowSwitch#barrier} over the wire, dispatch to listeners, PORT_STATUS, disconnect.
 */
class SwitchConnectionTest {
    private static final long DPID = 0x42;

    private final EmbeddedSession session =
            new EmbeddedSession(EmbeddedSession.config(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    private final OpenFlowSwitch sw = session.completeHandshake(DPID, List.of(port(1), port(2)));

    private static <T> T only(List<OFMessage> messages, Class<T> type) {
        assertEquals(1, messages.size(), "exactly one message: " + messages);
        return assertInstanceOf(type, messages.get(0));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(0, TimeUnit.MILLISECONDS))
                .getCause();
    }

    @Test
    void multipartRepliesInSeveralPartsAreReassembledInOrder() throws Exception {
        CompletableFuture<List<OFFlowStatsReply>> future = sw.multipart(OF13.buildFlowStatsRequest()
                .setTableId(TableId.ALL)
                .setMatch(OF13.buildMatch().build())
                .build());
        OFFlowStatsRequest request = only(session.sent(), OFFlowStatsRequest.class);
        assertEquals(TableId.ALL, request.getTableId(), "the request is sent as given");
        long xid = request.getXid();

        session.receive(flowStatsPart(xid, true, 1, 2));
        session.receive(flowStatsPart(xid, true, 3), flowStatsPart(xid, false, 4, 5));

        List<OFFlowStatsReply> parts = future.get(0, TimeUnit.MILLISECONDS);
        assertEquals(3, parts.size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), cookies(parts));
        assertTrue(session.events.events(Kind.ERROR).isEmpty());
    }

    @Test
    void eachRequestGetsItsOwnXid() {
        sw.barrier();
        sw.barrier();
        List<OFMessage> sent = session.sent();
        assertEquals(2, sent.size());
        assertTrue(sent.get(0).getXid() != sent.get(1).getXid());
    }

    @Test
    void barrierCompletesWithTheSwitchReply() throws Exception {
        CompletableFuture<OFBarrierReply> future = sw.barrier();
        OFBarrierRequest request = only(session.sent(), OFBarrierRequest.class);
        assertFalse(future.isDone());
        session.receive(OF13.buildBarrierReply().setXid(request.getXid()).build());
        assertEquals(request.getXid(), future.get(0, TimeUnit.MILLISECONDS).getXid());
    }

    @Test
    void errorWithTheRequestXidFailsTheMultipartAndIsNotPublished() {
        CompletableFuture<List<OFFlowStatsReply>> future =
                sw.multipart(OF13.buildFlowStatsRequest().build());
        long xid = session.sent().get(0).getXid();
        OFErrorMsg error = badRequest(xid);
        session.receive(error);

        OpenFlowErrorException e = assertInstanceOf(OpenFlowErrorException.class, failure(future));
        assertEquals(error, e.error());
        assertTrue(session.events.events(Kind.ERROR).isEmpty(), "a claimed error is not an unsolicited one");
        assertTrue(session.channel.isOpen());
    }

    @Test
    void unclaimedErrorGoesToListeners() {
        OFErrorMsg error = badRequest(999);
        session.receive(error);
        assertEquals(List.of(error), session.events.messages(Kind.ERROR, OFErrorMsg.class));
    }

    @Test
    void requestTimesOut() {
        CompletableFuture<OFBarrierReply> future = sw.barrier();
        session.channel.advanceTimeBy(2100, TimeUnit.MILLISECONDS);
        session.channel.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, failure(future));
        assertTrue(session.channel.isOpen(), "a timed-out request does not drop the switch");
    }

    @Test
    void disconnectFailsPendingRequestsUnregistersAndAnnouncesDown() {
        CompletableFuture<OFBarrierReply> barrier = sw.barrier();
        CompletableFuture<List<OFFlowStatsReply>> stats =
                sw.multipart(OF13.buildFlowStatsRequest().build());
        session.channel.close();

        assertInstanceOf(ClosedChannelException.class, failure(barrier));
        assertInstanceOf(ClosedChannelException.class, failure(stats));
        assertTrue(session.registry.get(DatapathId.of(DPID)).isEmpty());
        assertFalse(sw.isConnected());
        assertEquals(List.of(Kind.UP, Kind.DOWN), session.events.kinds());
        assertSame(sw, session.events.events().get(1).sw());
    }

    @Test
    void disconnectFromTheApiClosesTheChannelAndAnnouncesDownOnce() {
        sw.disconnect("test");
        assertFalse(session.channel.isOpen());
        sw.disconnect("again");
        assertEquals(List.of(Kind.UP, Kind.DOWN), session.events.kinds());
    }

    @Test
    void portStatusAddModifyDeleteUpdatesPortsAndReachesListeners() {
        OFPortStatus add = FakeSwitch.portStatus(OFPortReason.ADD, port(7));
        OFPortStatus modify = FakeSwitch.portStatus(OFPortReason.MODIFY, port(1, "uplink", true));
        OFPortStatus delete = FakeSwitch.portStatus(OFPortReason.DELETE, port(2));
        session.receive(add);
        session.receive(modify);
        session.receive(delete);

        List<SwitchPort> ports = sw.ports();
        assertEquals(List.of(1L, 7L), ports.stream().map(SwitchPort::number).toList());
        assertEquals("uplink", ports.get(0).name());
        assertTrue(ports.get(0).linkDown());
        assertFalse(ports.get(1).linkDown());
        assertEquals(List.of(add, modify, delete), session.events.messages(Kind.PORT_STATUS, OFPortStatus.class));
    }

    @Test
    void packetInAndFlowRemovedReachListeners() {
        byte[] frame = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        OFPacketIn packetIn = FakeSwitch.packetIn(2, frame);
        OFFlowRemoved removed = OF13.buildFlowRemoved()
                .setXid(0)
                .setCookie(U64.of(0xc0ffee))
                .setReason(OFFlowRemovedReason.IDLE_TIMEOUT)
                .setTableId(TableId.of(1))
                .setPriority(100)
                .setMatch(OF13.buildMatch().build())
                .build();
        session.receive(packetIn, removed);

        List<OFPacketIn> packetIns = session.events.messages(Kind.PACKET_IN, OFPacketIn.class);
        assertEquals(List.of(packetIn), packetIns);
        assertArrayEquals(frame, packetIns.get(0).getData());
        assertEquals(List.of(removed), session.events.messages(Kind.FLOW_REMOVED, OFFlowRemoved.class));
        assertSame(sw, session.events.events(Kind.PACKET_IN).get(0).sw());
    }

    @Test
    void writeOfSeveralMessagesIsOneBuffer() {
        sw.write(List.of(
                OF13.buildBarrierRequest().setXid(1).build(),
                OF13.buildBarrierRequest().setXid(2).build()));
        assertEquals(1, OfWire.drainOutboundWrites(session.channel).size());
    }
}
