package io.natflow.controller;

import static io.natflow.controller.testing.FakeSwitch.OF13;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.testing.Await;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.RecordingListener;
import io.natflow.controller.testing.RecordingListener.Kind;
import io.natflow.controller.testing.RoleArbiter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFRoleRequestFailedCode;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * OpenFlow 1.3 roles over real TCP: two controllers (two {@link OpenFlowServer}s) connected to one
 * switch, which {@link RoleArbiter} plays with OVS's rules across two {@link FakeSwitch} connections.
 */
@Timeout(20)
class OpenFlowRolesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long DPID = 0x77;

    private final RoleArbiter theSwitch = new RoleArbiter();
    private final RecordingListener eventsA = new RecordingListener();
    private final List<FakeSwitch> fakes = new ArrayList<>();
    private OpenFlowServer controllerA;
    private OpenFlowServer controllerB;
    private RoleArbiter.Connection toA;
    private RoleArbiter.Connection toB;
    private FakeSwitch fakeA;
    private FakeSwitch fakeB;
    private OpenFlowSwitch a;
    private OpenFlowSwitch b;

    @BeforeEach
    void start() throws Exception {
        controllerA = server();
        controllerA.addListener(eventsA);
        controllerB = server();
        toA = theSwitch.connection();
        toB = theSwitch.connection();
        fakeA = connect(toA.install(FakeSwitch.builder().datapathId(DPID)), controllerA);
        fakeB = connect(toB.install(FakeSwitch.builder().datapathId(DPID)), controllerB);
        a = registered(controllerA);
        b = registered(controllerB);
    }

    @AfterEach
    void stop() {
        fakes.forEach(FakeSwitch::close);
        controllerA.stop();
        controllerB.stop();
    }

    private static OpenFlowServer server() throws InterruptedException {
        OpenFlowServer server = new OpenFlowServer(new OpenFlowServerConfig(
                "127.0.0.1", 0, Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(2)));
        server.start();
        return server;
    }

    private FakeSwitch connect(FakeSwitch.Builder builder, OpenFlowServer server) throws IOException {
        FakeSwitch fake = builder.connect(server.localAddress());
        fakes.add(fake);
        return fake;
    }

    private static OpenFlowSwitch registered(OpenFlowServer server) {
        Await.until(() -> server.registry().get(DatapathId.of(DPID)).isPresent(), WAIT, "switch registered");
        return server.registry().get(DatapathId.of(DPID)).orElseThrow();
    }

    private static OFFlowAdd flow(OpenFlowSwitch sw, long cookie) {
        return OF13.buildFlowAdd()
                .setXid(sw.nextXid())
                .setCookie(U64.of(cookie))
                .setPriority(10)
                .setMatch(OF13.buildMatch().build())
                .build();
    }

    private static OFPacketOut packetOut(OpenFlowSwitch sw) {
        return OF13.buildPacketOut()
                .setXid(sw.nextXid())
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(OF13.actions().output(OFPort.of(1), 0xffff)))
                .setData(new byte[60])
                .build();
    }

    /** Sends an ECHO_REQUEST after everything else and waits for it: the switch has read all before. */
    private static List<OFMessage> receivedUpToMarker(OpenFlowSwitch sw, FakeSwitch fake) {
        long marker = sw.nextXid();
        sw.write(OF13.buildEchoRequest().setXid(marker).build());
        fake.awaitReceived(OFEchoRequest.class, e -> e.getXid() == marker, WAIT);
        return fake.received();
    }

    private static long cookiesReceived(List<OFMessage> messages, long cookie) {
        return messages.stream()
                .filter(m -> m instanceof OFFlowAdd f && f.getCookie().getValue() == cookie)
                .count();
    }

    private static OFRoleReply grant(OpenFlowSwitch sw, SwitchRole role, long generation) {
        return Await.result(sw.requestRole(role, generation), WAIT, role + " with generation " + generation);
    }

    @Test
    void withoutRolesAConnectionIsEqualAndWrites() {
        assertEquals(SwitchRole.EQUAL, a.role());
        a.write(flow(a, 0x1));
        assertEquals(1, cookiesReceived(receivedUpToMarker(a, fakeA), 0x1));
        assertEquals(0, controllerA.counters().writesRefusedNotMaster());
    }

    @Test
    void masterIsGrantedWithTheGenerationIdSentOnTheWire() {
        OFRoleReply reply = grant(a, SwitchRole.MASTER, 5);

        assertEquals(OFControllerRole.ROLE_MASTER, reply.getRole());
        assertEquals(SwitchRole.MASTER, a.role());
        OFRoleRequest sent = fakeA.awaitReceived(OFRoleRequest.class, WAIT);
        assertEquals(OFControllerRole.ROLE_MASTER, sent.getRole());
        assertEquals(U64.of(5), sent.getGenerationId());
        assertEquals(OFControllerRole.ROLE_MASTER, toA.role());
        a.write(flow(a, 0x2));
        assertEquals(1, cookiesReceived(receivedUpToMarker(a, fakeA), 0x2));
    }

    @Test
    void aSlaveSendsNoStateChangingMessageAndCountsEveryRefusedOne() {
        grant(a, SwitchRole.MASTER, 3);
        grant(b, SwitchRole.SLAVE, 3);
        assertEquals(SwitchRole.SLAVE, b.role());

        b.write(List.of(flow(b, 0x3), flow(b, 0x4)));
        b.write(packetOut(b));
        b.write(OF13.buildSetConfig().setXid(b.nextXid()).setMissSendLen(0xffff).build());
        Throwable barrier = Await.failure(b.barrier(), WAIT, "barrier while SLAVE");

        assertInstanceOf(NotMasterException.class, barrier);
        List<OFMessage> got = receivedUpToMarker(b, fakeB);
        assertEquals(0, cookiesReceived(got, 0x3) + cookiesReceived(got, 0x4));
        assertTrue(got.stream().noneMatch(m -> m instanceof OFPacketOut), "no PACKET_OUT: " + got);
        assertEquals(
                2 + 1 + 1 + 1,
                controllerB.counters().writesRefusedNotMaster(),
                "two flows, packet-out, set-config, barrier");
        assertEquals(0, controllerA.counters().writesRefusedNotMaster());
    }

    @Test
    void aStaleGenerationIdFailsTypedCountedAndLeavesTheConnectionSlave() {
        grant(a, SwitchRole.MASTER, 7);

        Throwable failure = Await.failure(b.requestRole(SwitchRole.MASTER, 6), WAIT, "stale MASTER request");

        RoleRequestRefusedException refused = assertInstanceOf(RoleRequestRefusedException.class, failure);
        assertTrue(refused.isStale());
        assertEquals(OFRoleRequestFailedCode.STALE, refused.code());
        assertEquals(6, refused.generationId());
        assertEquals(1, controllerB.counters().roleRequestsStale());
        assertEquals(SwitchRole.SLAVE, b.role(), "a newer master exists");
        assertEquals(OFControllerRole.ROLE_MASTER, toA.role(), "the switch kept its master");
        b.write(flow(b, 0x5));
        assertEquals(0, cookiesReceived(receivedUpToMarker(b, fakeB), 0x5));
    }

    @Test
    void generationIdsCompareAsTheSwitchDoesAcrossTheWrap() {
        grant(a, SwitchRole.MASTER, Long.MAX_VALUE);
        grant(b, SwitchRole.MASTER, Long.MIN_VALUE); // MAX + 1: newer, not smaller
        assertEquals(SwitchRole.MASTER, b.role());
    }

    @Test
    void anOldMasterDemotedSilentlyLearnsItFromTheRefusedWriteAndStops() {
        grant(a, SwitchRole.MASTER, 1);
        grant(b, SwitchRole.MASTER, 2); // the switch demotes A without telling it (OpenFlow 1.3)
        assertEquals(SwitchRole.MASTER, a.role(), "A has not heard yet");

        a.write(flow(a, 0x6)); // the switch answers OFPBRC_IS_SLAVE

        Await.until(() -> a.role() == SwitchRole.SLAVE, WAIT, "A demoted by the IS_SLAVE error");
        Await.until(() -> !eventsA.events(Kind.DEMOTED).isEmpty(), WAIT, "demoted event");
        assertEquals(1, controllerA.counters().demotionsBySwitch());
        a.write(flow(a, 0x7));
        List<OFMessage> got = receivedUpToMarker(a, fakeA);
        assertEquals(1, cookiesReceived(got, 0x6), "the write before the demotion was sent");
        assertEquals(0, cookiesReceived(got, 0x7), "none after");
        assertEquals(1, eventsA.events(Kind.DEMOTED).size());
    }

    @Test
    void aSlaveWithTheNewestGenerationBecomesMasterAgain() {
        grant(a, SwitchRole.MASTER, 10);
        grant(a, SwitchRole.SLAVE, 10);
        grant(a, SwitchRole.MASTER, 11);
        a.write(flow(a, 0x8));
        assertEquals(1, cookiesReceived(receivedUpToMarker(a, fakeA), 0x8));
    }

    @Test
    void stepDownStopsWritesAtOnceAndALateMasterReplyDoesNotUndoIt() throws IOException {
        FakeSwitch silent = connect(
                FakeSwitch.builder().datapathId(0x78).respond(OFRoleRequest.class, request -> List.of()), controllerA);
        Await.until(() -> controllerA.registry().get(silent.datapathId()).isPresent(), WAIT, "silent switch");
        OpenFlowSwitch sw = controllerA.registry().get(silent.datapathId()).orElseThrow();

        CompletableFuture<OFRoleReply> master = sw.requestRole(SwitchRole.MASTER, 4);
        OFRoleRequest request = silent.awaitReceived(OFRoleRequest.class, WAIT);
        sw.stepDown("coordination lost");
        assertEquals(SwitchRole.SLAVE, sw.role());
        silent.send(OF13.buildRoleReply()
                .setXid(request.getXid())
                .setRole(OFControllerRole.ROLE_MASTER)
                .setGenerationId(U64.of(4))
                .build());

        Await.result(master, WAIT, "the late reply");
        assertEquals(SwitchRole.SLAVE, sw.role(), "the step down stands");
        sw.write(flow(sw, 0x9));
        assertEquals(0, cookiesReceived(receivedUpToMarker(sw, silent), 0x9));
        assertEquals(1, controllerA.counters().writesRefusedNotMaster());
    }
}
