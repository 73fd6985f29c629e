package io.natflow.controller.session;

import static io.natflow.controller.session.EmbeddedSession.OF13;
import static io.natflow.controller.session.EmbeddedSession.featuresReply;
import static io.natflow.controller.session.EmbeddedSession.hello13;
import static io.natflow.controller.session.EmbeddedSession.helloWithBitmap;
import static io.natflow.controller.session.EmbeddedSession.portDescPart;
import static io.natflow.controller.testing.FakeSwitch.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.ConnectionLimits;
import io.natflow.controller.OpenFlowSwitch;
import io.natflow.controller.SwitchListener;
import io.natflow.controller.SwitchPort;
import io.natflow.controller.codec.NegotiatedVersion;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.OfWire;
import io.natflow.controller.testing.RecordingListener;
import io.natflow.controller.testing.RecordingListener.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/** The handshake state machine, step by step, in an EmbeddedChannel with the real codec. */
class HandshakeHandlerTest {
    private static final long DPID = 0x0000_00aa_bbcc_ddeeL;

    private final EmbeddedSession session = new EmbeddedSession(EmbeddedSession.defaultConfig());

    private static <T> T only(List<OFMessage> messages, Class<T> type) {
        assertEquals(1, messages.size(), "exactly one message: " + messages);
        return assertInstanceOf(type, messages.get(0));
    }

    @Test
    void sendsHelloWithVersionBitmapForOpenFlow13OnConnect() {
        OFHello hello = only(session.sent(), OFHello.class);
        assertEquals(OFVersion.OF_13, hello.getVersion());
        OFHelloElemVersionbitmap bitmap = assertInstanceOf(
                OFHelloElemVersionbitmap.class, hello.getElements().get(0));
        assertEquals(1, bitmap.getBitmaps().size());
        assertEquals(1L << 4, bitmap.getBitmaps().get(0).getValue(), "bit 4 = OpenFlow 1.3, and only it");
        assertEquals(HandshakeState.WAIT_HELLO, session.state());
        assertNull(NegotiatedVersion.get(session.channel));
    }

    @Test
    void theOneSetConfigCarriesTheListenersFlagsForThatSwitch() {
        ListenerBus listeners = new ListenerBus();
        listeners.add(new SwitchListener() {
            @Override
            public Set<OFConfigFlags> configFlags(DatapathId datapathId) {
                return datapathId.getLong() == DPID
                        ? EnumSet.of(OFConfigFlags.FRAG_DROP, OFConfigFlags.FRAG_REASM)
                        : Set.of();
            }
        });
        EmbeddedSession s = new EmbeddedSession(
                EmbeddedSession.defaultConfig(), new DefaultSwitchRegistry(), listeners, new RecordingListener(), true);
        s.sent();
        s.receive(hello13());
        OFFeaturesRequest featuresRequest = only(s.sent(), OFFeaturesRequest.class);
        s.receive(featuresReply(featuresRequest.getXid(), DPID));
        byte[] wire = OfWire.drainOutboundWrites(s.channel).get(0);
        List<OFMessage> batch = OfWire.decodeAll(wire);
        OFSetConfig setConfig = assertInstanceOf(OFSetConfig.class, batch.get(0));
        // the flags follow the 8-byte header: 3 is OVS's "nx-match" (loxi decodes 3 to no enum value)
        assertEquals(3, ((wire[8] & 0xff) << 8) | (wire[9] & 0xff));
        assertEquals(0xffff, setConfig.getMissSendLen());
        assertEquals(1, batch.stream().filter(m -> m instanceof OFSetConfig).count());
    }

    @Test
    void fullHandshakeStepByStep() {
        session.sent();

        session.receive(hello13());
        OFFeaturesRequest featuresRequest = only(session.sent(), OFFeaturesRequest.class);
        assertEquals(HandshakeState.WAIT_FEATURES_REPLY, session.state());
        assertEquals(OFVersion.OF_13, NegotiatedVersion.get(session.channel));

        session.receive(featuresReply(featuresRequest.getXid(), DPID));
        List<byte[]> writes = OfWire.drainOutboundWrites(session.channel);
        assertEquals(1, writes.size(), "SET_CONFIG, PORT_DESC and BARRIER go out as one batch");
        List<OFMessage> batch = OfWire.decodeAll(writes.get(0));
        assertEquals(3, batch.size(), batch.toString());
        OFSetConfig setConfig = assertInstanceOf(OFSetConfig.class, batch.get(0));
        assertEquals(0xffff, setConfig.getMissSendLen());
        OFPortDescStatsRequest portDescRequest = assertInstanceOf(OFPortDescStatsRequest.class, batch.get(1));
        OFBarrierRequest barrier = assertInstanceOf(OFBarrierRequest.class, batch.get(2));
        assertEquals(HandshakeState.WAIT_PORT_DESC, session.state());

        session.receive(portDescPart(portDescRequest.getXid(), true, List.of(port(1), port(2))));
        assertEquals(HandshakeState.WAIT_PORT_DESC, session.state(), "REPLY_MORE: more parts to come");
        session.receive(portDescPart(portDescRequest.getXid(), false, List.of(port(3), port(0xfffffffe))));
        assertEquals(HandshakeState.WAIT_BARRIER, session.state());
        assertTrue(session.sent().isEmpty());
        assertTrue(session.registry.switches().isEmpty(), "not registered before the barrier");
        assertTrue(session.events.events().isEmpty());

        session.receive(OF13.buildBarrierReply().setXid(barrier.getXid()).build());
        assertEquals(HandshakeState.READY, session.state());

        OFFlowAdd tableMiss = only(session.sent(), OFFlowAdd.class);
        assertEquals(TableId.of(0), tableMiss.getTableId());
        assertEquals(0, tableMiss.getPriority());
        assertEquals(OFBufferId.NO_BUFFER, tableMiss.getBufferId());
        assertFalse(tableMiss.getMatch().getMatchFields().iterator().hasNext(), "matches everything");
        OFInstructionApplyActions apply = assertInstanceOf(
                OFInstructionApplyActions.class, tableMiss.getInstructions().get(0));
        OFActionOutput output =
                assertInstanceOf(OFActionOutput.class, apply.getActions().get(0));
        assertEquals(OFPort.CONTROLLER, output.getPort());
        assertEquals(0xffff, output.getMaxLen());

        OpenFlowSwitch sw = session.registry.get(DatapathId.of(DPID)).orElseThrow();
        assertEquals(DatapathId.of(DPID), sw.datapathId());
        assertEquals(
                List.of(1L, 2L, 3L, 0xfffffffeL),
                sw.ports().stream().map(SwitchPort::number).toList(),
                "every port of both parts is kept, numbers unsigned");
        assertEquals("port2", sw.ports().get(1).name());
        assertEquals("02:00:00:00:00:02", sw.ports().get(1).mac());
        assertEquals(EmbeddedSession.NOW, sw.connectedSince());
        assertTrue(sw.isConnected());
        assertEquals(List.of(Kind.UP), session.events.kinds());
        assertSame(sw, session.events.events().get(0).sw());

        assertNull(session.channel.pipeline().get(PipelineNames.HANDSHAKE), "handshake handler removed");
        assertNotNull(session.channel.pipeline().get(PipelineNames.SWITCH), "dispatch handler installed");
        assertTrue(session.channel.isOpen());
    }

    @Test
    void openFlow10HelloIsRejectedWithHelloFailedIncompatible() {
        session.sent();
        session.receive(
                OFFactories.getFactory(OFVersion.OF_10).buildHello().setXid(55).build());

        OFHelloFailedErrorMsg error = only(session.sent(), OFHelloFailedErrorMsg.class);
        assertEquals(OFVersion.OF_10, error.getVersion(), "answered in the switch's own version");
        assertEquals(OFHelloFailedCode.INCOMPATIBLE, error.getCode());
        assertEquals(55, error.getXid());
        assertFalse(session.channel.isOpen());
        assertEquals(HandshakeState.FAILED, session.state());
        assertTrue(session.registry.switches().isEmpty());
        assertTrue(session.events.events().isEmpty());
    }

    @Test
    void anErrorDuringTheHandshakeClosesAtOnceNotAtTheTimeout() {
        session.sent();
        session.channel.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
        assertFalse(session.channel.isOpen());
        assertEquals(HandshakeState.FAILED, session.state());
    }

    @Test
    void helloWhoseBitmapLacksOpenFlow13Fails() {
        session.sent();
        // header says 1.3, but the bitmap offers only 1.0 and 1.4
        session.receive(helloWithBitmap(OFVersion.OF_13, (1L << 1) | (1L << 5)));

        OFHelloFailedErrorMsg error = only(session.sent(), OFHelloFailedErrorMsg.class);
        assertEquals(OFHelloFailedCode.INCOMPATIBLE, error.getCode());
        assertFalse(session.channel.isOpen());
        assertEquals(HandshakeState.FAILED, session.state());
    }

    @Test
    void newerHelloOfferingOpenFlow13IsAccepted() {
        session.sent();
        // what OVS sends when allowed 1.0-1.5: a 1.5 header with a bitmap of 1.0, 1.3, 1.5
        session.receive(helloWithBitmap(OFVersion.OF_15, (1L << 1) | (1L << 4) | (1L << 6)));
        only(session.sent(), OFFeaturesRequest.class);
        assertEquals(OFVersion.OF_13, NegotiatedVersion.get(session.channel));
        assertEquals(HandshakeState.WAIT_FEATURES_REPLY, session.state());
    }

    @Test
    void helloWithoutBitmapIsAcceptedWhenItsVersionIsAtLeast13() {
        session.sent();
        session.receive(
                OFFactories.getFactory(OFVersion.OF_14).buildHello().setXid(1).build());
        only(session.sent(), OFFeaturesRequest.class);
        assertTrue(session.channel.isOpen());
    }

    @Test
    void earlyPortStatusIsToleratedAndEarlyPacketInsAreDeliveredAfterSwitchUp() {
        OFPortDesc port9 = port(9);
        session.sent();
        session.receive(hello13());
        long featuresXid = session.sent().get(0).getXid();
        session.receive(FakeSwitch.portStatus(OFPortReason.ADD, port9));
        session.receive(FakeSwitch.packetIn(1, new byte[] {1, 2, 3}));
        assertTrue(session.channel.isOpen());
        assertEquals(HandshakeState.WAIT_FEATURES_REPLY, session.state());

        session.receive(featuresReply(featuresXid, DPID));
        List<OFMessage> batch = session.sent();
        session.receive(FakeSwitch.packetIn(2, new byte[] {4}));
        session.receive(portDescPart(batch.get(1).getXid(), false, List.of(port(1))));
        session.receive(FakeSwitch.portStatus(OFPortReason.MODIFY, port(1)));
        session.receive(OF13.buildBarrierReply().setXid(batch.get(2).getXid()).build());

        assertTrue(session.channel.isOpen());
        assertEquals(HandshakeState.READY, session.state());
        // A restarted controller's switch sends packet-ins as soon as it connects: they are a
        // connection's first packets, so they reach the listeners, in order, after switchUp.
        assertEquals(List.of(Kind.UP, Kind.PACKET_IN, Kind.PACKET_IN), session.events.kinds());
        var packetIns =
                session.events.messages(Kind.PACKET_IN, org.projectfloodlight.openflow.protocol.OFPacketIn.class);
        assertArrayEquals(new byte[] {1, 2, 3}, packetIns.get(0).getData());
        assertArrayEquals(new byte[] {4}, packetIns.get(1).getData());
    }

    @Test
    void earlyPacketInsBeyondTheLimitAreDropped() {
        session.sent();
        session.receive(hello13());
        session.receive(featuresReply(session.sent().get(0).getXid(), DPID));
        List<OFMessage> batch = session.sent();
        for (int i = 0; i < HandshakeHandler.EARLY_EVENT_LIMIT + 5; i++) {
            session.receive(FakeSwitch.packetIn(1, new byte[] {(byte) i}));
        }
        session.receive(portDescPart(batch.get(1).getXid(), false, List.of(port(1))));
        session.receive(OF13.buildBarrierReply().setXid(batch.get(2).getXid()).build());

        assertEquals(HandshakeState.READY, session.state());
        assertEquals(HandshakeHandler.EARLY_EVENT_LIMIT, session.events.count(Kind.PACKET_IN));
    }

    @Test
    void portChangesWhileThePortsAreReadAreKept() {
        session.sent();
        session.receive(hello13());
        session.receive(featuresReply(session.sent().get(0).getXid(), DPID));
        List<OFMessage> batch = session.sent();
        session.receive(FakeSwitch.portStatus(OFPortReason.ADD, port(7))); // raced the port description
        session.receive(portDescPart(batch.get(1).getXid(), false, List.of(port(1), port(2))));
        session.receive(FakeSwitch.portStatus(OFPortReason.DELETE, port(2))); // between description and barrier
        session.receive(OF13.buildBarrierReply().setXid(batch.get(2).getXid()).build());

        assertEquals(HandshakeState.READY, session.state());
        var numbers =
                session
                        .registry
                        .get(org.projectfloodlight.openflow.types.DatapathId.of(DPID))
                        .orElseThrow()
                        .ports()
                        .stream()
                        .map(io.natflow.controller.SwitchPort::number)
                        .toList();
        assertEquals(List.of(1L, 7L), numbers);
    }

    @Test
    void barrierBeforeLastPortDescPartFailsTheHandshake() {
        session.sent();
        session.receive(hello13());
        long featuresXid = session.sent().get(0).getXid();
        session.receive(featuresReply(featuresXid, DPID));
        List<OFMessage> batch = session.sent();
        session.receive(portDescPart(batch.get(1).getXid(), true, List.of(port(1))));
        session.receive(OF13.buildBarrierReply().setXid(batch.get(2).getXid()).build());
        assertFalse(session.channel.isOpen());
        assertEquals(HandshakeState.FAILED, session.state());
        assertTrue(session.registry.switches().isEmpty());
    }

    @Test
    void handshakeTimeoutClosesTheChannel() {
        session.sent();
        session.receive(hello13());
        session.channel.advanceTimeBy(4900, TimeUnit.MILLISECONDS);
        session.channel.runScheduledPendingTasks();
        assertTrue(session.channel.isOpen(), "still within the 5 s handshake timeout");

        session.channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        session.channel.runScheduledPendingTasks();
        assertFalse(session.channel.isOpen());
        assertEquals(HandshakeState.FAILED, session.state());
        assertTrue(session.events.events().isEmpty());
    }

    @Test
    void handshakeTimeoutNoLongerAppliesOnceReady() {
        session.completeHandshake(DPID, List.of(port(1)));
        session.channel.advanceTimeBy(60, TimeUnit.SECONDS);
        session.channel.runScheduledPendingTasks();
        assertTrue(session.channel.isOpen());
        assertEquals(1, session.registry.size());
    }

    @Test
    void echoRequestIsAnsweredInEveryStateAfterHello() {
        session.sent();
        session.receive(hello13());
        long featuresXid = session.sent().get(0).getXid();
        byte[] data = {'p', 'i', 'n', 'g'};
        session.receive(OF13.buildEchoRequest().setXid(72).setData(data).build());
        OFEchoReply reply = only(session.sent(), OFEchoReply.class);
        assertEquals(72, reply.getXid());
        assertArrayEquals(data, reply.getData());
        assertEquals(HandshakeState.WAIT_FEATURES_REPLY, session.state());

        session.receive(featuresReply(featuresXid, DPID));
        List<OFMessage> batch = session.sent();
        session.receive(OF13.buildEchoRequest().setXid(73).build());
        assertEquals(73, only(session.sent(), OFEchoReply.class).getXid());
        session.receive(portDescPart(batch.get(1).getXid(), false, List.of()));
        session.receive(OF13.buildEchoRequest().setXid(74).build());
        assertEquals(74, only(session.sent(), OFEchoReply.class).getXid());
        session.receive(OF13.buildBarrierReply().setXid(batch.get(2).getXid()).build());
        session.sent();

        session.receive(OF13.buildEchoRequest().setXid(75).build());
        assertEquals(75, only(session.sent(), OFEchoReply.class).getXid());
        assertEquals(HandshakeState.READY, session.state());
    }

    @Test
    void aFirstMessageOtherThanHelloClosesWithoutAnAnswer() {
        session.sent();
        session.receive(OF13.buildEchoRequest().setXid(71).build());
        assertTrue(session.sent().isEmpty(), "an echo before HELLO is not answered");
        assertFalse(session.channel.isOpen());
        assertEquals(HandshakeState.FAILED, session.state());
        assertEquals(1, session.context.counters().drops(ConnectionDrop.NOT_HELLO_FIRST));
    }

    @Test
    void aSecondConnectionWithTheIdOfALiveOneIsRefused() {
        RecordingListener events = new RecordingListener();
        EmbeddedSession first =
                new EmbeddedSession(EmbeddedSession.defaultConfig(), session.registry, session.listeners, events, true);
        EmbeddedSession second = new EmbeddedSession(
                EmbeddedSession.defaultConfig(), session.registry, session.listeners, events, false);
        OpenFlowSwitch established = first.completeHandshake(DPID, List.of(port(1)));
        second.sent();
        second.receive(hello13());
        second.receive(featuresReply(second.sent().get(0).getXid(), DPID));
        List<OFMessage> requests = second.sent();
        second.receive(
                portDescPart(requests.get(1).getXid(), false, List.of(port(1), port(2))),
                OF13.buildBarrierReply().setXid(requests.get(2).getXid()).build());

        assertFalse(second.channel.isOpen(), "the newcomer is closed");
        assertEquals(HandshakeState.FAILED, second.state());
        assertTrue(
                second.sent().stream().noneMatch(OFFlowAdd.class::isInstance), "the newcomer got no table-miss flow");
        assertTrue(first.channel.isOpen(), "the established connection stays");
        assertSame(established, session.registry.get(DatapathId.of(DPID)).orElseThrow());
        assertEquals(1, session.registry.size());
        assertEquals(List.of(Kind.UP), events.kinds());
        assertEquals(1, second.context.counters().drops(ConnectionDrop.DUPLICATE_DATAPATH_ID));
    }

    @Test
    void aClosedHolderNotYetUnregisteredIsReplacedAndAnnouncedDownFirst() {
        RecordingListener events = new RecordingListener();
        EmbeddedSession first =
                new EmbeddedSession(EmbeddedSession.defaultConfig(), session.registry, session.listeners, events, true);
        EmbeddedSession second = new EmbeddedSession(
                EmbeddedSession.defaultConfig(), session.registry, session.listeners, events, false);
        OpenFlowSwitch old = first.completeHandshake(DPID, List.of(port(1)));
        // Closed, but its unregistration (channelInactive, on its own event loop) has not run yet.
        first.channel.pipeline().remove(PipelineNames.SWITCH);
        first.channel.close();
        assertSame(old, session.registry.get(DatapathId.of(DPID)).orElseThrow());

        OpenFlowSwitch current = second.completeHandshake(DPID, List.of(port(1), port(2)));
        assertSame(current, session.registry.get(DatapathId.of(DPID)).orElseThrow());
        assertEquals(List.of(Kind.UP, Kind.DOWN, Kind.UP), events.kinds());
        assertSame(old, events.events().get(1).sw());
        assertSame(current, events.events().get(2).sw());
    }

    @Test
    void portDescBeyondTheLimitClosesTheHandshake() {
        EmbeddedSession limited =
                new EmbeddedSession(EmbeddedSession.defaultConfig().withLimits(limits(3, 10)));
        limited.sent();
        limited.receive(hello13());
        limited.receive(featuresReply(limited.sent().get(0).getXid(), DPID));
        long portDescXid = limited.sent().get(1).getXid();
        limited.receive(portDescPart(portDescXid, true, List.of(port(1), port(2))));
        assertTrue(limited.channel.isOpen(), "two ports are within the limit of three");
        limited.receive(portDescPart(portDescXid, true, List.of(port(3), port(4))));
        assertFalse(limited.channel.isOpen(), "the fourth port is one too many");
        assertEquals(HandshakeState.FAILED, limited.state());
        assertEquals(0, limited.registry.size());
        assertEquals(1, limited.context.counters().drops(ConnectionDrop.TOO_MANY_PORTS));
    }

    @Test
    void portDescPartsBeyondTheLimitCloseTheHandshake() {
        EmbeddedSession limited =
                new EmbeddedSession(EmbeddedSession.defaultConfig().withLimits(limits(100, 3)));
        limited.sent();
        limited.receive(hello13());
        limited.receive(featuresReply(limited.sent().get(0).getXid(), DPID));
        long portDescXid = limited.sent().get(1).getXid();
        for (int i = 0; i < 3; i++) {
            limited.receive(portDescPart(portDescXid, true, List.of()));
        }
        assertTrue(limited.channel.isOpen());
        limited.receive(portDescPart(portDescXid, true, List.of()));
        assertFalse(limited.channel.isOpen(), "a fourth part is one too many");
        assertEquals(1, limited.context.counters().drops(ConnectionDrop.TOO_MANY_REPLY_PARTS));
    }

    @Test
    void earlyPortChangesKeepTheLatestPerPortAndAreBounded() {
        EmbeddedSession limited =
                new EmbeddedSession(EmbeddedSession.defaultConfig().withLimits(limits(3, 10)));
        limited.sent();
        limited.receive(hello13());
        limited.receive(featuresReply(limited.sent().get(0).getXid(), DPID));
        limited.sent();
        for (int i = 0; i < 50; i++) { // the same three ports flapping: the latest change of each is kept
            limited.receive(
                    FakeSwitch.portStatus(OFPortReason.MODIFY, port(1 + i % 3, "port" + (1 + i % 3), i % 2 == 0)));
        }
        assertTrue(limited.channel.isOpen(), "changes of three ports are within the limit of three");
        limited.receive(FakeSwitch.portStatus(OFPortReason.ADD, port(4)));
        assertFalse(limited.channel.isOpen(), "a fourth port is one too many");
        assertEquals(1, limited.context.counters().drops(ConnectionDrop.TOO_MANY_PORTS));
    }

    private static ConnectionLimits limits(int maxPorts, int maxReplyParts) {
        ConnectionLimits d = ConnectionLimits.defaults();
        return new ConnectionLimits(
                d.maxConnections(),
                maxPorts,
                maxReplyParts,
                d.maxPendingRequests(),
                d.writeBufferLowWaterMark(),
                d.writeBufferHighWaterMark(),
                d.maxWriteQueueBytes());
    }
}
