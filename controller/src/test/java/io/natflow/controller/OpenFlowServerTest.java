package io.natflow.controller;

import static io.natflow.controller.testing.FakeSwitch.OF13;
import static io.natflow.controller.testing.FakeSwitch.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.testing.Await;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.OfWire;
import io.natflow.controller.testing.RecordingListener;
import io.natflow.controller.testing.RecordingListener.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The real {@link OpenFlowServer} on 127.0.0.1, port 0, against {@link FakeSwitch}es over TCP. */
@Timeout(20)
class OpenFlowServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration ECHO_INTERVAL = Duration.ofMillis(150);
    private static final int ECHO_MISSES = 2;

    private final RecordingListener events = new RecordingListener();
    private final List<FakeSwitch> switches = new ArrayList<>();
    private OpenFlowServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new OpenFlowServer(new OpenFlowServerConfig(
                "127.0.0.1", 0, Duration.ofSeconds(1), ECHO_INTERVAL, ECHO_MISSES, Duration.ofSeconds(2)));
        server.addListener(events);
        server.start();
    }

    @AfterEach
    void stop() {
        switches.forEach(FakeSwitch::close);
        server.stop();
    }

    private FakeSwitch connect(FakeSwitch.Builder builder) throws IOException {
        FakeSwitch sw = builder.connect(server.localAddress());
        switches.add(sw);
        return sw;
    }

    private OpenFlowSwitch awaitRegistered(FakeSwitch fake) {
        Await.until(
                () -> server.registry().get(fake.datapathId()).isPresent(),
                WAIT,
                fake.datapathId() + " in the registry");
        return server.registry().get(fake.datapathId()).orElseThrow();
    }

    private static List<Long> portNumbers(OpenFlowSwitch sw) {
        return sw.ports().stream().map(SwitchPort::number).toList();
    }

    @Test
    void boundToAnEphemeralPort() {
        assertTrue(server.isRunning());
        assertNotEquals(0, server.localAddress().getPort());
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void handshakeRegistersTheSwitchWithItsPortsAndInstallsTableMiss() throws IOException {
        FakeSwitch fake = connect(
                FakeSwitch.builder().datapathId(0x2a).ports(1, 2, 3, 4, 5).portDescParts(2));
        OpenFlowSwitch sw = awaitRegistered(fake);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), portNumbers(sw), "ports of both PORT_DESC parts");
        assertEquals("port3", sw.ports().get(2).name());
        assertTrue(sw.isConnected());
        assertEquals(fake.datapathId(), sw.datapathId());
        assertEquals(1, server.registry().size());

        assertInstanceOf(OFHello.class, fake.received().get(0), "the controller's first message is HELLO");
        assertEquals(0xffff, fake.awaitReceived(OFSetConfig.class, WAIT).getMissSendLen());
        OFFlowAdd tableMiss = fake.awaitReceived(OFFlowAdd.class, WAIT);
        assertEquals(TableId.of(0), tableMiss.getTableId());
        assertEquals(0, tableMiss.getPriority());
        OFActionOutput output = (OFActionOutput)
                ((OFInstructionApplyActions) tableMiss.getInstructions().get(0))
                        .getActions()
                        .get(0);
        assertEquals(OFPort.CONTROLLER, output.getPort());
        assertEquals(0xffff, output.getMaxLen());

        Await.until(() -> events.count(Kind.UP) == 1, WAIT, "switchUp");
        assertSame(sw, events.events(Kind.UP).get(0).sw());
        assertTrue(
                fake.undecodable().isEmpty(),
                "everything the controller sent is valid OpenFlow: " + fake.undecodable());
    }

    @Test
    void switchAnswersOurEchoRequestsAndStaysConnected() throws IOException {
        FakeSwitch fake = connect(FakeSwitch.builder().datapathId(3));
        OpenFlowSwitch sw = awaitRegistered(fake);
        // (ECHO_MISSES + 2) intervals of silence from the switch would drop it; wait past that.
        Await.until(
                () -> fake.received(OFEchoRequest.class).size() >= ECHO_MISSES + 3,
                WAIT,
                "the controller to keep sending echo requests");
        assertTrue(fake.isConnected());
        assertTrue(sw.isConnected());
        assertSame(sw, server.registry().get(fake.datapathId()).orElseThrow());
        assertTrue(events.events(Kind.DOWN).isEmpty());
    }

    @Test
    void silentSwitchIsDropped() throws Exception {
        FakeSwitch fake = connect(FakeSwitch.builder().datapathId(4).answerEcho(false));
        awaitRegistered(fake);
        assertTrue(fake.awaitDisconnected(WAIT), "a switch that does not answer echo is dropped");
        assertEquals(ECHO_MISSES, fake.received(OFEchoRequest.class).size(), "echo requests sent before the drop");
        Await.until(() -> server.registry().size() == 0, WAIT, "dropped switch removed from the registry");
        Await.until(() -> events.count(Kind.DOWN) == 1, WAIT, "switchDown");
    }

    @Test
    void portStatusUpdatesTheRegistry() throws IOException {
        FakeSwitch fake = connect(FakeSwitch.builder().datapathId(5).ports(1, 2));
        OpenFlowSwitch sw = awaitRegistered(fake);

        fake.sendPortStatus(OFPortReason.ADD, port(9));
        Await.until(() -> portNumbers(sw).equals(List.of(1L, 2L, 9L)), WAIT, "port 9 added");
        fake.sendPortStatus(OFPortReason.MODIFY, port(1, "port1", true));
        Await.until(() -> sw.ports().get(0).linkDown(), WAIT, "port 1 link down");
        fake.sendPortStatus(OFPortReason.DELETE, port(2));
        Await.until(() -> portNumbers(sw).equals(List.of(1L, 9L)), WAIT, "port 2 deleted");

        assertEquals(
                portNumbers(sw),
                portNumbers(server.registry().get(fake.datapathId()).orElseThrow()));
        Await.until(() -> events.count(Kind.PORT_STATUS) == 3, WAIT, "three portStatus events");
    }

    @Test
    void packetInReachesListeners() throws IOException {
        FakeSwitch fake = connect(FakeSwitch.builder().datapathId(6));
        OpenFlowSwitch sw = awaitRegistered(fake);
        byte[] frame = new byte[60];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 7);
        }
        fake.sendPacketIn(2, frame);

        Await.until(() -> events.count(Kind.PACKET_IN) == 1, WAIT, "packetIn");
        OFPacketIn received = events.messages(Kind.PACKET_IN, OFPacketIn.class).get(0);
        assertArrayEquals(frame, received.getData());
        assertEquals(OFPort.of(2), received.getMatch().get(MatchField.IN_PORT));
        assertSame(sw, events.events(Kind.PACKET_IN).get(0).sw());
    }

    @Test
    void disconnectRemovesTheSwitchAndReconnectListsItAgain() throws Exception {
        FakeSwitch first = connect(FakeSwitch.builder().datapathId(7).ports(1));
        OpenFlowSwitch sw = awaitRegistered(first);
        first.close();

        Await.until(() -> server.registry().get(DatapathId.of(7)).isEmpty(), WAIT, "switch removed after disconnect");
        Await.until(() -> events.count(Kind.DOWN) == 1, WAIT, "switchDown");
        assertSame(sw, events.events(Kind.DOWN).get(0).sw());
        assertFalse(sw.isConnected());

        FakeSwitch again = connect(FakeSwitch.builder().datapathId(7).ports(1, 2));
        OpenFlowSwitch back = awaitRegistered(again);
        assertEquals(List.of(1L, 2L), portNumbers(back));
        Await.until(() -> events.count(Kind.UP) == 2, WAIT, "second switchUp");
        assertEquals(List.of(Kind.UP, Kind.DOWN, Kind.UP), events.kinds());
    }

    @Test
    void aNewcomerClaimingTheIdOfALiveSwitchIsRefusedAndTheEstablishedOneKeepsIt() throws Exception {
        FakeSwitch established = connect(FakeSwitch.builder().datapathId(8));
        OpenFlowSwitch sw = awaitRegistered(established);
        // An impostor that reconnects whenever it is dropped, as in the report: 20 tries.
        for (int attempt = 0; attempt < 20; attempt++) {
            FakeSwitch impostor = connect(FakeSwitch.builder().datapathId(8).ports(1, 2, 3));
            assertTrue(impostor.awaitDisconnected(WAIT), "attempt " + attempt + " is refused");
            assertSame(
                    sw,
                    server.registry().get(DatapathId.of(8)).orElseThrow(),
                    "the id stays with the established switch");
        }
        assertEquals(20, server.counters().drops(ConnectionDrop.DUPLICATE_DATAPATH_ID));
        assertTrue(established.isConnected());
        Await.result(sw.barrier(), WAIT, "the established switch still answers");
        assertEquals(List.of(1L, 2L), portNumbers(sw), "the impostor's ports did not replace its ports");
        assertEquals(List.of(Kind.UP), events.kinds(), "nobody was told of the impostor");
        assertEquals(
                1, established.received(OFFlowAdd.class).size(), "only the established switch got a table-miss flow");
    }

    @Test
    void aHolderThatStopsAnsweringEchoIsDroppedAndThenTheIdIsFree() throws Exception {
        FakeSwitch silent = connect(FakeSwitch.builder().datapathId(18).answerEcho(false));
        OpenFlowSwitch old = awaitRegistered(silent);
        FakeSwitch early = connect(FakeSwitch.builder().datapathId(18));
        assertTrue(early.awaitDisconnected(WAIT), "refused while the holder is still connected");

        assertTrue(silent.awaitDisconnected(WAIT), "the holder that does not answer echo is dropped");
        Await.until(() -> server.registry().get(DatapathId.of(18)).isEmpty(), WAIT, "id released");
        FakeSwitch next = connect(FakeSwitch.builder().datapathId(18).ports(1, 2, 3));
        OpenFlowSwitch current = awaitRegistered(next);
        assertNotSame(old, current);
        assertEquals(next.localAddress(), current.remoteAddress());
        Await.until(() -> events.kinds().equals(List.of(Kind.UP, Kind.DOWN, Kind.UP)), WAIT, "down, then up again");
    }

    @Test
    void garbageFromOneConnectionDropsOnlyIt() throws Exception {
        FakeSwitch good = connect(FakeSwitch.builder().datapathId(9));
        OpenFlowSwitch sw = awaitRegistered(good);

        FakeSwitch bad = connect(FakeSwitch.builder().datapathId(10).sendHello(false));
        bad.sendBytes("GET / HTTP/1.1\r\nHost: natflow\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(bad.awaitDisconnected(WAIT), "the garbage connection is dropped");

        assertTrue(good.isConnected());
        assertSame(sw, server.registry().get(good.datapathId()).orElseThrow());
        Await.result(sw.barrier(), WAIT, "barrier on the good switch");
        assertEquals(List.of(Kind.UP), events.kinds());
    }

    @Test
    void plainSocketSendingGarbageIsClosed() throws Exception {
        try (Socket socket = new Socket(
                server.localAddress().getAddress(), server.localAddress().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(new byte[] {(byte) 0xff, 0, 0, 8, 0, 0, 0, 0});
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[256];
            int total = 0;
            int n;
            while ((n = in.read(buf, total, buf.length - total)) > 0) {
                total += n;
            }
            assertEquals(-1, n, "closed by the controller");
            byte[] hello = Arrays.copyOf(buf, total);
            assertInstanceOf(OFHello.class, OfWire.decodeAll(hello).get(0), "only our HELLO came before the close");
        }
    }

    @Test
    void undecodableMessageIsAnsweredWithBadRequestOverTheWireAndTheSwitchStays() throws IOException {
        FakeSwitch fake = connect(FakeSwitch.builder().datapathId(11));
        OpenFlowSwitch sw = awaitRegistered(fake);
        byte[] unknown = OfWire.rawMessage(4, 200, 0xabc, new byte[] {1, 2, 3, 4});
        fake.sendBytes(unknown);

        OFBadRequestErrorMsg error = fake.awaitReceived(OFBadRequestErrorMsg.class, WAIT);
        assertEquals(0xabc, error.getXid());
        assertEquals(OFBadRequestCode.BAD_TYPE, error.getCode());
        assertArrayEquals(unknown, error.getData().getData());

        fake.sendPacketIn(1, new byte[] {42});
        Await.until(() -> events.count(Kind.PACKET_IN) == 1, WAIT, "packet-in after the bad message");
        assertTrue(fake.isConnected());
        assertTrue(sw.isConnected());
    }

    @Test
    void multipartFlowStatsInThreePartsIsReassembled() throws IOException {
        FakeSwitch fake = connect(FakeSwitch.builder()
                .datapathId(12)
                .respond(
                        OFFlowStatsRequest.class,
                        request -> List.of(
                                flowStats(request.getXid(), true, 1, 2),
                                flowStats(request.getXid(), true, 3),
                                flowStats(request.getXid(), false, 4, 5, 6))));
        OpenFlowSwitch sw = awaitRegistered(fake);

        List<OFFlowStatsReply> parts = Await.result(
                sw.multipart(sw.factory()
                        .buildFlowStatsRequest()
                        .setTableId(TableId.ALL)
                        .setMatch(sw.factory().buildMatch().build())
                        .build()),
                WAIT,
                "flow stats");
        assertEquals(3, parts.size());
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L, 6L),
                parts.stream()
                        .flatMap(p -> p.getEntries().stream())
                        .map(e -> e.getCookie().getValue())
                        .toList());
        assertEquals(EnumSet.of(OFStatsReplyFlags.REPLY_MORE), parts.get(0).getFlags());
        assertTrue(parts.get(2).getFlags().isEmpty());
    }

    @Test
    void multipartAnsweredWithAnErrorFails() throws IOException {
        FakeSwitch fake = connect(FakeSwitch.builder()
                .datapathId(13)
                .respond(
                        OFFlowStatsRequest.class,
                        request -> List.of(OF13.errorMsgs()
                                .buildBadRequestErrorMsg()
                                .setXid(request.getXid())
                                .setCode(OFBadRequestCode.BAD_STAT)
                                .build())));
        OpenFlowSwitch sw = awaitRegistered(fake);
        Throwable failure =
                Await.failure(sw.multipart(OF13.buildFlowStatsRequest().build()), WAIT, "flow stats");
        OpenFlowErrorException error = assertInstanceOf(OpenFlowErrorException.class, failure);
        assertInstanceOf(OFBadRequestErrorMsg.class, error.error());
        assertTrue(events.events(Kind.ERROR).isEmpty());
    }

    @Test
    void stalledHandshakeTimesOutAndIsNeverRegistered() throws Exception {
        FakeSwitch fake = connect(FakeSwitch.builder().datapathId(14).answerBarrier(false));
        assertTrue(fake.awaitDisconnected(WAIT), "closed after the 1 s handshake timeout");
        assertTrue(server.registry().get(fake.datapathId()).isEmpty());
        assertTrue(events.events().isEmpty());
    }

    @Test
    void stopDisconnectsEverySwitch() throws Exception {
        FakeSwitch a = connect(FakeSwitch.builder().datapathId(15));
        FakeSwitch b = connect(FakeSwitch.builder().datapathId(16));
        awaitRegistered(a);
        awaitRegistered(b);
        server.stop();
        assertTrue(a.awaitDisconnected(WAIT));
        assertTrue(b.awaitDisconnected(WAIT));
        Await.until(() -> events.count(Kind.DOWN) == 2, WAIT, "both switches announced down");
        assertFalse(server.isRunning());
        assertEquals(0, server.registry().size());
    }

    private static OFFlowStatsReply flowStats(long xid, boolean more, long... cookies) {
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        for (long cookie : cookies) {
            entries.add(OF13.buildFlowStatsEntry()
                    .setTableId(TableId.of(1))
                    .setCookie(U64.of(cookie))
                    .setMatch(OF13.buildMatch().build())
                    .setPriority(100)
                    .build());
        }
        return OF13.buildFlowStatsReply()
                .setXid(xid)
                .setFlags(more ? EnumSet.of(OFStatsReplyFlags.REPLY_MORE) : EnumSet.noneOf(OFStatsReplyFlags.class))
                .setEntries(entries)
                .build();
    }
}
