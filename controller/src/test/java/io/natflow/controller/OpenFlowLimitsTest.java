package io.natflow.controller;

import static io.natflow.controller.testing.FakeSwitch.OF13;
import static io.natflow.controller.testing.FakeSwitch.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.controller.testing.Await;
import io.natflow.controller.testing.FakeSwitch;
import io.natflow.controller.testing.OfWire;
import io.natflow.controller.testing.RecordingListener;
import io.natflow.controller.testing.RecordingListener.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * The {@link ConnectionLimits} against hostile {@link FakeSwitch}es and raw sockets over real TCP:
 * each bound is shown by what the controller closes (the offender, naming it in the log) and
 * what it keeps (a well-behaved switch, registered and answering), never by timing.
 */
@Timeout(60)
class OpenFlowLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough that no handshake or echo timeout can be what closes a connection in these tests. */
    private static final Duration PATIENT = Duration.ofSeconds(60);

    private static final int MAX_PORTS = 16;
    private static final int MAX_REPLY_PARTS = 8;
    private static final int MAX_PENDING = 4;
    private static final int LOW_WATER = 32 * 1024;
    private static final int HIGH_WATER = 64 * 1024;
    private static final long MAX_QUEUE = 1024 * 1024;

    private final RecordingListener events = new RecordingListener();
    private final List<FakeSwitch> switches = new ArrayList<>();
    private OpenFlowServer server;

    private OpenFlowServer start(int maxConnections) throws InterruptedException {
        ConnectionLimits limits = new ConnectionLimits(
                maxConnections, MAX_PORTS, MAX_REPLY_PARTS, MAX_PENDING, LOW_WATER, HIGH_WATER, MAX_QUEUE);
        server = new OpenFlowServer(new OpenFlowServerConfig("127.0.0.1", 0, PATIENT, PATIENT, 3, PATIENT, limits));
        server.addListener(events);
        server.start();
        return server;
    }

    private OpenFlowServer start() throws InterruptedException {
        return start(64);
    }

    @AfterEach
    void stop() {
        switches.forEach(FakeSwitch::close);
        if (server != null) {
            server.stop();
        }
    }

    private FakeSwitch connect(FakeSwitch.Builder builder) throws IOException {
        FakeSwitch sw = builder.connect(server.localAddress());
        switches.add(sw);
        return sw;
    }

    private OpenFlowSwitch awaitRegistered(FakeSwitch fake) {
        Await.until(
                () -> server.registry().get(fake.datapathId()).isPresent(), WAIT, fake.datapathId() + " registered");
        return server.registry().get(fake.datapathId()).orElseThrow();
    }

    /** A well-behaved switch that must live through whatever the offender does. */
    private OpenFlowSwitch bystander() throws IOException {
        return awaitRegistered(connect(FakeSwitch.builder().datapathId(0xb0b)));
    }

    private void assertStillServed(OpenFlowSwitch sw) {
        assertTrue(sw.isConnected(), sw + " is still connected");
        Await.result(sw.barrier(), WAIT, "a barrier answered by " + sw);
        Await.until(() -> server.registry().size() == 1, WAIT, "only the bystander is registered");
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void portDescWithMorePortsThanTheLimitClosesTheHandshake() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        FakeSwitch offender = connect(FakeSwitch.builder()
                .datapathId(0xbad)
                .ports(range(1, 10 * MAX_PORTS).stream().map(FakeSwitch::port).toList())
                .portDescParts(10));

        assertTrue(offender.awaitDisconnected(WAIT), "closed long before its 60 s handshake timeout");
        assertEquals(1, server.counters().drops(ConnectionDrop.TOO_MANY_PORTS));
        assertTrue(server.registry().get(offender.datapathId()).isEmpty());
        assertStillServed(bystander);
    }

    @Test
    void portDescPartsFlaggedMoreWithoutEndCloseTheHandshake() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        // It never answers the barrier either: without the bound it would sit there until its handshake timeout.
        FakeSwitch offender = connect(FakeSwitch.builder()
                .datapathId(0xbad)
                .answerBarrier(false)
                .respond(
                        OFPortDescStatsRequest.class,
                        request -> IntStream.range(0, 4 * MAX_REPLY_PARTS)
                                .mapToObj(i -> OF13.buildPortDescStatsReply()
                                        .setXid(request.getXid())
                                        .setFlags(EnumSet.of(OFStatsReplyFlags.REPLY_MORE))
                                        .setEntries(List.of())
                                        .build())
                                .toList()));

        assertTrue(offender.awaitDisconnected(WAIT), "closed long before its 60 s handshake timeout");
        assertEquals(1, server.counters().drops(ConnectionDrop.TOO_MANY_REPLY_PARTS));
        assertStillServed(bystander);
    }

    @Test
    void portStatusAdditionsPastTheLimitCloseTheSwitch() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        FakeSwitch offender = connect(FakeSwitch.builder().datapathId(0xbad).ports(1, 2));
        OpenFlowSwitch sw = awaitRegistered(offender);

        for (int number = 3; number <= MAX_PORTS; number++) {
            offender.sendPortStatus(OFPortReason.ADD, port(number));
        }
        Await.until(() -> sw.ports().size() == MAX_PORTS, WAIT, "ports up to the limit are taken");
        assertTrue(offender.isConnected());
        try {
            for (int number = MAX_PORTS + 1; number <= 10 * MAX_PORTS && offender.isConnected(); number++) {
                offender.sendPortStatus(OFPortReason.ADD, port(number));
            }
        } catch (IOException closedMeanwhile) {
            // the controller closed the connection while we were still sending
        }

        assertTrue(offender.awaitDisconnected(WAIT), "one port past the limit closes the connection");
        assertEquals(MAX_PORTS, sw.ports().size(), "never more ports than the limit");
        Await.until(() -> server.registry().get(offender.datapathId()).isEmpty(), WAIT, "offender unregistered");
        Await.until(() -> events.count(Kind.DOWN) == 1, WAIT, "offender announced down");
        assertEquals(1, server.counters().drops(ConnectionDrop.TOO_MANY_PORTS));
        assertStillServed(bystander);
    }

    @Test
    void multipartReplyWithMorePartsThanTheLimitClosesTheSwitch() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        FakeSwitch offender = connect(FakeSwitch.builder()
                .datapathId(0xbad)
                .respond(
                        OFFlowStatsRequest.class,
                        request -> IntStream.range(0, 4 * MAX_REPLY_PARTS)
                                .mapToObj(i -> OF13.buildFlowStatsReply()
                                        .setXid(request.getXid())
                                        .setFlags(EnumSet.of(OFStatsReplyFlags.REPLY_MORE))
                                        .setEntries(List.of())
                                        .build())
                                .toList()));
        OpenFlowSwitch sw = awaitRegistered(offender);

        CompletableFuture<List<OFFlowStatsReply>> stats =
                sw.multipart(OF13.buildFlowStatsRequest().build());
        Await.failure(stats, WAIT, "the flow-stats request fails (its 60 s timeout is not what ends it)");
        assertTrue(offender.awaitDisconnected(WAIT), "the switch that sent too many parts is closed");
        assertEquals(1, server.counters().drops(ConnectionDrop.TOO_MANY_REPLY_PARTS));
        assertStillServed(bystander);
    }

    @Test
    void requestsPastThePendingLimitFailAtOnceAndTheSwitchStays() throws Exception {
        start();
        AtomicBoolean handshakeBarrierAnswered = new AtomicBoolean();
        FakeSwitch slow = connect(FakeSwitch.builder()
                .datapathId(0x510)
                .respond(
                        OFBarrierRequest.class,
                        request -> handshakeBarrierAnswered.getAndSet(true)
                                ? List.of()
                                : List.of(OF13.buildBarrierReply()
                                        .setXid(request.getXid())
                                        .build())));
        OpenFlowSwitch sw = awaitRegistered(slow);

        List<CompletableFuture<OFBarrierReply>> waiting = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            waiting.add(sw.barrier());
        }
        Throwable refused = Await.failure(sw.barrier(), WAIT, "a barrier past the limit");
        assertInstanceOf(RejectedExecutionException.class, refused);
        assertEquals(1, server.counters().requestsRefused());
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the waiting ones still wait");
        Await.until(
                () -> slow.received(OFBarrierRequest.class).size() == 1 + MAX_PENDING,
                WAIT,
                "the switch got the handshake barrier and the accepted ones");
        assertEquals(1 + MAX_PENDING, slow.received(OFBarrierRequest.class).size(), "the refused one was not sent");
        assertTrue(slow.isConnected(), "our own requests are refused; the switch did nothing wrong");
    }

    @Test
    void aSwitchThatDoesNotReadIsClosedOnceTheWriteQueueIsFull() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        FakeSwitch deaf = connect(FakeSwitch.builder().datapathId(0xdea).receiveBufferSize(16 * 1024));
        OpenFlowSwitch sw = awaitRegistered(deaf);
        deaf.pauseReading();

        OFEchoRequest big =
                OF13.buildEchoRequest().setXid(1).setData(new byte[60_000]).build();
        long written = 0;
        while (sw.isConnected()
                && written < 64 * MAX_QUEUE) { // at most 64 MiB: well past the limit plus kernel buffers
            sw.write(big);
            written += 60_008;
        }
        Await.until(() -> !sw.isConnected(), WAIT, "closed once more than the write queue limit waits");
        assertEquals(1, server.counters().drops(ConnectionDrop.WRITE_QUEUE_FULL));
        deaf.resumeReading(); // it reads what the kernel still held, then sees the close
        assertTrue(deaf.awaitDisconnected(WAIT));
        assertTrue(
                server.counters().peakWriteQueueBytes() <= MAX_QUEUE + 60_008 * 2,
                "the queue never grew past the limit and a message: "
                        + server.counters().peakWriteQueueBytes());
        Await.until(() -> server.registry().get(deaf.datapathId()).isEmpty(), WAIT, "unregistered");
        assertStillServed(bystander);
    }

    @Test
    void aSwitchFloodingEchoWithoutReadingIsThrottledNotBufferedAndGetsEveryReply() throws Exception {
        start();
        FakeSwitch flooder = connect(FakeSwitch.builder().datapathId(0xf10).receiveBufferSize(16 * 1024));
        OpenFlowSwitch sw = awaitRegistered(flooder);
        flooder.pauseReading();

        int echoes = 400; // 24 MB of requests and of replies: far more than the socket buffers hold
        byte[] data = new byte[60_000];
        AtomicLong sent = new AtomicLong();
        Thread writer = new Thread(
                () -> {
                    try {
                        for (int i = 0; i < echoes; i++) {
                            flooder.send(OF13.buildEchoRequest()
                                    .setXid(1000 + i)
                                    .setData(data)
                                    .build());
                            sent.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // closed by the controller: the assertions below say so
                    }
                },
                "echo-flood");
        writer.setDaemon(true);
        writer.start();
        // Not reading until the flood is sent or the controller stopped taking it (the writer makes no
        // progress): either way far more than the write queue limit was asked of the controller.
        awaitDoneOrStalled(writer, sent);
        flooder.resumeReading();
        writer.join(WAIT.toMillis() * 3);
        Await.until(
                () -> flooder.received(OFEchoReply.class).size() == echoes || !flooder.isConnected(),
                WAIT,
                "every echo answered");

        assertTrue(flooder.isConnected(), "throttled, not closed: the write queue never reached its limit");
        assertEquals(echoes, flooder.received(OFEchoReply.class).size());
        assertEquals(0, server.counters().drops(ConnectionDrop.WRITE_QUEUE_FULL));
        assertTrue(
                server.counters().peakWriteQueueBytes() < MAX_QUEUE / 2,
                "at most the high water mark and a read's answers waited: "
                        + server.counters().peakWriteQueueBytes());
        assertTrue(sw.isConnected());
    }

    @Test
    void echoBeforeHelloIsNotAnsweredAndClosesTheConnection() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        try (Socket socket = new Socket(
                server.localAddress().getAddress(), server.localAddress().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream()
                    .write(OfWire.bytes(OF13.buildEchoRequest()
                            .setXid(7)
                            .setData(new byte[100])
                            .build()));
            List<OFMessage> got = OfWire.decodeAll(readUntilClosed(socket.getInputStream()));
            assertEquals(1, got.size(), "only our HELLO, no echo reply: " + got);
            assertInstanceOf(OFHello.class, got.get(0));
        }
        assertEquals(1, server.counters().drops(ConnectionDrop.NOT_HELLO_FIRST));
        assertStillServed(bystander);
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnceAndASlotFreesWhenOneCloses() throws Exception {
        start(3);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket(
                        server.localAddress().getAddress(),
                        server.localAddress().getPort());
                s.setSoTimeout((int) WAIT.toMillis());
                held.add(s);
                assertInstanceOf(
                        OFHello.class,
                        OfWire.decodeAll(readExactly(s.getInputStream(), helloLength()))
                                .get(0),
                        "connection " + (i + 1) + " is served");
            }
            try (Socket fourth = new Socket(
                    server.localAddress().getAddress(), server.localAddress().getPort())) {
                fourth.setSoTimeout((int) WAIT.toMillis());
                assertEquals(0, readUntilClosed(fourth.getInputStream()).length, "closed at once, not even a HELLO");
            }
            assertEquals(1, server.counters().drops(ConnectionDrop.TOO_MANY_CONNECTIONS));

            held.remove(0).close();
            Await.until(() -> aNewConnectionGetsHello(), WAIT, "a freed slot serves a new connection");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void helloAndAWrongVersionMessageInOneSegmentCloseTheConnection() throws Exception {
        start();
        OpenFlowSwitch bystander = bystander();
        FakeSwitch mixed = connect(FakeSwitch.builder().datapathId(0x5e6).sendHello(false));
        OFMessage hello = OF13.buildHello().setXid(1).build();
        OFMessage openFlow10 = OFFactories.getFactory(OFVersion.OF_10)
                .buildEchoRequest()
                .setXid(2)
                .build();
        mixed.send(hello, openFlow10); // one write, one segment on loopback

        assertTrue(mixed.awaitDisconnected(WAIT), "the OpenFlow 1.0 message after the 1.3 HELLO closes the connection");
        assertTrue(mixed.received(OFEchoReply.class).isEmpty(), "the wrong-version echo was not answered");
        assertTrue(server.registry().get(mixed.datapathId()).isEmpty());
        assertStillServed(bystander);
    }

    /** Returns once the thread ended or its progress counter stood still for a while (it blocks in a write). */
    private static void awaitDoneOrStalled(Thread thread, AtomicLong progress) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long last = -1;
        int still = 0;
        while (thread.isAlive() && still < 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = progress.get();
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    private boolean aNewConnectionGetsHello() {
        try (Socket s = new Socket(
                server.localAddress().getAddress(), server.localAddress().getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            byte[] got = readUntilClosedOr(s.getInputStream(), helloLength());
            return got.length == helloLength() && OfWire.decodeAll(got).get(0) instanceof OFHello;
        } catch (IOException e) {
            return false;
        }
    }

    private static int helloLength() {
        return 16; // header + one version-bitmap element of one word
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] buf = in.readNBytes(n);
        if (buf.length != n) {
            throw new AssertionError("connection closed after " + buf.length + " of " + n + " bytes");
        }
        return buf;
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        return readUntilClosedOr(in, Integer.MAX_VALUE);
    }

    private static byte[] readUntilClosedOr(InputStream in, int max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int total = 0;
        int n;
        while (total < max && (n = in.read(buf, total, Math.min(buf.length, max) - total)) > 0) {
            total += n;
        }
        return Arrays.copyOf(buf, total);
    }
}
