package io.natflow.controller.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFCapabilities;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * A small OpenFlow 1.3 switch for tests: a blocking {@link Socket}, loxi to encode and decode, and
 * one reader thread. On connect it sends HELLO; it answers FEATURES_REQUEST, PORT_DESC (optionally
 * split into several parts), BARRIER and ECHO_REQUEST by itself, and any other request through
 * responders given to the {@link Builder}. Every message it receives is recorded, in order, for
 * assertions. Thread-safe: tests send from their own thread while the reader thread answers.
 *
 * <pre>{@code
 * try (FakeSwitch sw = FakeSwitch.builder().datapathId(0x2a).ports(1, 2).connect(server.localAddress())) {
 *     Await.until(() -> server.registry().get(sw.datapathId()).isPresent(), "switch registered");
 * }
 * }</pre>
 */
public final class FakeSwitch implements AutoCloseable {
    public static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final DatapathId datapathId;
    private final List<OFPortDesc> ports;
    private final int portDescParts;
    private final boolean answerEcho;
    private final boolean answerBarrier;
    private final Map<Class<?>, Function<OFMessage, List<? extends OFMessage>>> responders;
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final List<OFMessage> received = new CopyOnWriteArrayList<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final Object readGate = new Object();
    private boolean readingPaused; // guarded by readGate
    private volatile boolean closing;

    private FakeSwitch(Builder b, Socket socket) throws IOException {
        this.datapathId = b.datapathId;
        this.ports = List.copyOf(b.ports);
        this.portDescParts = b.portDescParts;
        this.answerEcho = b.answerEcho;
        this.answerBarrier = b.answerBarrier;
        this.responders = Map.copyOf(b.responders);
        this.socket = socket;
        this.out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        this.reader = new Thread(() -> readLoop(in), "fake-switch-" + datapathId);
        this.reader.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A port description with name {@code port<n>} and MAC 02:00:00:00:xx:xx; link up, admin up. */
    public static OFPortDesc port(int number) {
        return port(number, "port" + number, false);
    }

    public static OFPortDesc port(int number, String name, boolean linkDown) {
        return OF13.buildPortDesc()
                .setPortNo(OFPort.of(number))
                .setHwAddr(MacAddress.of(0x020000000000L | number))
                .setName(name)
                .setConfig(EnumSet.noneOf(OFPortConfig.class))
                .setState(linkDown ? EnumSet.of(OFPortState.LINK_DOWN) : EnumSet.of(OFPortState.LIVE))
                .setCurr(EnumSet.of(OFPortFeatures.PF_1GB_FD, OFPortFeatures.PF_COPPER))
                .setCurrSpeed(1_000_000)
                .setMaxSpeed(1_000_000)
                .build();
    }

    public DatapathId datapathId() {
        return datapathId;
    }

    public List<OFPortDesc> ports() {
        return ports;
    }

    /** This switch's end of the connection; the controller sees it as the switch's remote address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public OFFactory factory() {
        return OF13;
    }

    /** Writes the messages in one write call. */
    public void send(OFMessage... messages) throws IOException {
        sendBytes(OfWire.bytes(messages));
    }

    /** Writes raw bytes, for garbage and hand-made frames. */
    public void sendBytes(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Sends PORT_STATUS for the port. */
    public void sendPortStatus(OFPortReason reason, OFPortDesc desc) throws IOException {
        send(portStatus(reason, desc));
    }

    /** Sends a table-miss PACKET_IN of the frame as if it arrived on {@code inPort}. */
    public OFPacketIn sendPacketIn(int inPort, byte[] frame) throws IOException {
        OFPacketIn packetIn = packetIn(inPort, frame);
        send(packetIn);
        return packetIn;
    }

    /** Every message received so far, in arrival order. */
    public List<OFMessage> received() {
        return List.copyOf(received);
    }

    public <T extends OFMessage> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Descriptions of frames that loxi could not decode. */
    public List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    /** Waits for the first received message of the type that matches, failing the test on timeout. */
    public <T extends OFMessage> T awaitReceived(Class<T> type, Predicate<? super T> matching, Duration timeout) {
        Await.until(
                () -> received(type).stream().anyMatch(matching),
                timeout,
                "switch " + datapathId + " to receive a matching " + type.getSimpleName());
        return received(type).stream().filter(matching).findFirst().orElseThrow();
    }

    public <T extends OFMessage> T awaitReceived(Class<T> type, Duration timeout) {
        return awaitReceived(type, m -> true, timeout);
    }

    /**
     * Stops reading from the socket after the frame being read, as a switch that does not keep up
     * would; what the controller sends then piles up in the socket buffers and in the controller.
     */
    public void pauseReading() {
        synchronized (readGate) {
            readingPaused = true;
        }
    }

    public void resumeReading() {
        synchronized (readGate) {
            readingPaused = false;
            readGate.notifyAll();
        }
    }

    /** False once the controller closed the connection or {@link #close()} was called. */
    public boolean isConnected() {
        return disconnected.getCount() > 0;
    }

    /** Waits until the controller closes the connection; false on timeout. */
    public boolean awaitDisconnected(Duration timeout) throws InterruptedException {
        return disconnected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closing = true;
        resumeReading();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FakeSwitch " + datapathId + " " + socket.getLocalSocketAddress();
    }

    private void start(boolean sendHello) throws IOException {
        reader.start();
        if (sendHello) {
            send(OF13.buildHello()
                    .setXid(1)
                    .setElements(List.of(OF13.buildHelloElemVersionbitmap()
                            .setBitmaps(List.of(U32.of(1L << OFVersion.OF_13.getWireVersion())))
                            .build()))
                    .build());
        }
    }

    private void readLoop(DataInputStream in) {
        try {
            byte[] header = new byte[8];
            while (true) {
                awaitReadingAllowed();
                in.readFully(header);
                int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                if (length < 8) {
                    undecodable.add("length " + length);
                    return;
                }
                byte[] frame = new byte[length];
                System.arraycopy(header, 0, frame, 0, 8);
                in.readFully(frame, 8, length - 8);
                OFMessage message = decode(frame);
                if (message != null) {
                    received.add(message);
                    answer(message);
                }
            }
        } catch (EOFException | SocketException e) {
            // the controller or the test closed the connection
        } catch (IOException e) {
            if (!closing) {
                undecodable.add("read failed: " + e);
            }
        } finally {
            disconnected.countDown();
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private void awaitReadingAllowed() throws IOException {
        synchronized (readGate) {
            while (readingPaused && !closing) {
                try {
                    readGate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while paused", e);
                }
            }
        }
    }

    private OFMessage decode(byte[] frame) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            OFMessage message = OFFactories.getGenericReader().readFrom(buf);
            if (message == null) {
                undecodable.add("incomplete frame of " + frame.length + " bytes");
            }
            return message;
        } catch (OFParseError | RuntimeException e) {
            undecodable.add("type " + (frame[1] & 0xff) + ": " + e);
            return null;
        }
    }

    private void answer(OFMessage message) throws IOException {
        for (Map.Entry<Class<?>, Function<OFMessage, List<? extends OFMessage>>> responder : responders.entrySet()) {
            if (responder.getKey().isInstance(message)) {
                List<? extends OFMessage> replies = responder.getValue().apply(message);
                if (!replies.isEmpty()) {
                    send(replies.toArray(OFMessage[]::new));
                }
                return;
            }
        }
        if (message instanceof OFEchoRequest echo && answerEcho) {
            send(OF13.buildEchoReply()
                    .setXid(echo.getXid())
                    .setData(echo.getData())
                    .build());
        } else if (message instanceof OFFeaturesRequest) {
            send(OF13.buildFeaturesReply()
                    .setXid(message.getXid())
                    .setDatapathId(datapathId)
                    .setNBuffers(0)
                    .setNTables((short) 254)
                    .setCapabilities(EnumSet.of(
                            OFCapabilities.FLOW_STATS, OFCapabilities.TABLE_STATS, OFCapabilities.PORT_STATS))
                    .build());
        } else if (message instanceof OFPortDescStatsRequest) {
            send(portDescParts(message.getXid()).toArray(OFMessage[]::new));
        } else if (message instanceof OFBarrierRequest && answerBarrier) {
            send(OF13.buildBarrierReply().setXid(message.getXid()).build());
        }
    }

    private List<OFMessage> portDescParts(long xid) {
        List<OFMessage> parts = new ArrayList<>();
        for (int i = 0; i < portDescParts; i++) {
            List<OFPortDesc> slice =
                    ports.subList(i * ports.size() / portDescParts, (i + 1) * ports.size() / portDescParts);
            Set<OFStatsReplyFlags> flags = i < portDescParts - 1
                    ? EnumSet.of(OFStatsReplyFlags.REPLY_MORE)
                    : EnumSet.noneOf(OFStatsReplyFlags.class);
            parts.add(OF13.buildPortDescStatsReply()
                    .setXid(xid)
                    .setFlags(flags)
                    .setEntries(slice)
                    .build());
        }
        return parts;
    }

    /** Settings of a {@link FakeSwitch}; defaults: datapath id 1, ports 1 and 2, one PORT_DESC part. */
    public static final class Builder {
        private DatapathId datapathId = DatapathId.of(1);
        private List<OFPortDesc> ports = List.of(port(1), port(2));
        private int portDescParts = 1;
        private boolean answerEcho = true;
        private boolean answerBarrier = true;
        private boolean sendHello = true;
        private int receiveBufferSize;
        private final Map<Class<?>, Function<OFMessage, List<? extends OFMessage>>> responders = new LinkedHashMap<>();

        private Builder() {}

        public Builder datapathId(long dpid) {
            return datapathId(DatapathId.of(dpid));
        }

        public Builder datapathId(DatapathId dpid) {
            this.datapathId = dpid;
            return this;
        }

        public Builder ports(int... numbers) {
            List<OFPortDesc> descs = new ArrayList<>();
            for (int n : numbers) {
                descs.add(port(n));
            }
            this.ports = descs;
            return this;
        }

        public Builder ports(List<OFPortDesc> descs) {
            this.ports = List.copyOf(descs);
            return this;
        }

        /** Answer PORT_DESC in this many parts, all but the last flagged REPLY_MORE. */
        public Builder portDescParts(int parts) {
            if (parts < 1) {
                throw new IllegalArgumentException("parts must be >= 1");
            }
            this.portDescParts = parts;
            return this;
        }

        /** Whether to answer ECHO_REQUEST (default true); false makes a switch that looks dead. */
        public Builder answerEcho(boolean answer) {
            this.answerEcho = answer;
            return this;
        }

        /** Whether to answer BARRIER_REQUEST (default true); false stalls the handshake. */
        public Builder answerBarrier(boolean answer) {
            this.answerBarrier = answer;
            return this;
        }

        /**
         * SO_RCVBUF of the switch's socket, set before connecting (default: the system's); a small
         * one keeps what the controller sends from hiding in the kernel while the switch does not read.
         */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = bytes;
            return this;
        }

        /** Whether to send our HELLO on connect (default true). */
        public Builder sendHello(boolean send) {
            this.sendHello = send;
            return this;
        }

        /**
         * Answers every received message of the type with what the function returns (possibly
         * nothing), instead of the built-in behaviour. The first matching responder wins.
         */
        @SuppressWarnings("unchecked")
        public <T extends OFMessage> Builder respond(
                Class<T> type, Function<? super T, List<? extends OFMessage>> responder) {
            responders.put(type, m -> responder.apply((T) m));
            return this;
        }

        public FakeSwitch connect(InetSocketAddress controller) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                if (receiveBufferSize > 0) {
                    socket.setReceiveBufferSize(receiveBufferSize);
                }
                socket.connect(controller, (int) Duration.ofSeconds(2).toMillis());
                FakeSwitch sw = new FakeSwitch(this, socket);
                sw.start(sendHello);
                return sw;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    /** A PORT_STATUS message as the switch would send it. */
    public static OFPortStatus portStatus(OFPortReason reason, OFPortDesc desc) {
        return OF13.buildPortStatus().setXid(0).setReason(reason).setDesc(desc).build();
    }

    /** A table-miss PACKET_IN (no buffer, table 0, in_port in the match) of the whole frame. */
    public static OFPacketIn packetIn(int inPort, byte[] frame) {
        return OF13.buildPacketIn()
                .setXid(0)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(frame.length)
                .setReason(OFPacketInReason.NO_MATCH)
                .setTableId(TableId.of(0))
                .setCookie(U64.ZERO)
                .setMatch(OF13.buildMatch()
                        .setExact(MatchField.IN_PORT, OFPort.of(inPort))
                        .build())
                .setData(frame)
                .build();
    }
}
