package io.natflow.bench.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFCapabilities;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/**
 * One emulated OpenFlow 1.3 switch on one connection: answers the handshake (FEATURES, PORT_DESC
 * with ports lan1..lan4 and wan, BARRIER), ECHO, the controller's ARP request for the gateway
 * (with the gateway's reply, a packet-in from the WAN port), and flow-stats requests (with the
 * NAT-table flows it was sent, {@link FlowTable}). It sends first-packet packet-ins once the
 * controller has installed its NAT table and learnt the gateway. In the fill phase, and without
 * {@code paced}, it keeps {@code window} packet-ins outstanding (as fast as the controller
 * answers); paced, the {@link Emulator}'s pacer calls {@link #send}. Runs on the emulator's one
 * event loop.
 */
final class EmulatedSwitch extends ChannelInboundHandlerAdapter {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final long datapathId;
    private final Traffic traffic;
    private final int window;
    private final boolean paced;
    private final Results results;
    private final long timeoutNanos;
    private final Gateway gateway;
    private final FlowTable flows;
    private final AnswerChecker checker;
    private final ArrayDeque<Connection> inFlight = new ArrayDeque<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private boolean natTableReady;
    private Channel channel;
    private int xid = 1;
    private boolean dirty;

    EmulatedSwitch(
            long datapathId,
            Gateway gateway,
            FlowTable flows,
            Traffic traffic,
            int window,
            boolean paced,
            Results results,
            long timeoutNanos) {
        this.datapathId = datapathId;
        this.gateway = gateway;
        this.flows = flows;
        this.checker = new AnswerChecker(gateway.mac);
        this.traffic = traffic;
        this.window = window;
        this.paced = paced;
        this.results = results;
        this.timeoutNanos = timeoutNanos;
    }

    int outstanding() {
        return checker.outstanding();
    }

    boolean hasRoom() {
        return channel != null && channel.isActive() && checker.outstanding() < window;
    }

    /** Fills the window (fill phase, as-fast-as-answered mode). */
    void start() {
        while (hasRoom() && (results.phase != Results.Phase.FILL || results.fillSending())) {
            send(System.nanoTime());
        }
        flush();
    }

    /** Writes one packet-in (not flushed); latency counts from {@code startNanos}. */
    void send(long startNanos) {
        Connection c = traffic.next();
        c.startNanos = startNanos;
        c.measured = results.measuring();
        c.fill = results.phase == Results.Phase.FILL;
        if (c.measured) {
            results.sent++;
        }
        if (c.fill) {
            results.fillSent++;
        }
        checker.expect(c);
        inFlight.addLast(c);
        ByteBuf buf = channel.alloc().ioBuffer(OfWire.packetInLength(c));
        OfWire.writePacketIn(buf, c, xid++);
        channel.write(buf, channel.voidPromise());
        dirty = true;
    }

    void flush() {
        if (dirty) {
            dirty = false;
            channel.flush();
        }
    }

    /** Connections unanswered for longer than the timeout count as missing and free their slot. */
    void sweep(long now, boolean all) {
        Connection head;
        while ((head = inFlight.peekFirst()) != null) {
            if (!head.settled && !all && now - head.startNanos < timeoutNanos) {
                break;
            }
            inFlight.pollFirst();
            if (!head.settled) {
                head.settled = true;
                checker.forget(head);
                results.missing(head);
            }
        }
        if (refilling()) {
            start();
        }
    }

    /** Whether this switch tops its window up itself: while filling, and when not paced. */
    private boolean refilling() {
        return switch (results.phase) {
            case FILL -> results.fillSending();
            case WARMUP, MEASURE -> !paced;
            default -> false;
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        write(OF13.buildHello()
                .setXid(xid++)
                .setElements(List.of(OF13.buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of(1L << OFVersion.OF_13.getWireVersion())))
                        .build()))
                .build());
        channel.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(
                new IllegalStateException("switch " + datapathId + ": controller closed the connection"));
        if (results.phase != Results.Phase.DONE) {
            System.err.printf("switch %d: connection closed by the controller%n", datapathId);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.printf("switch %d: %s%n", datapathId, cause);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf m = (ByteBuf) msg;
        try {
            handle(m);
        } finally {
            m.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    private void handle(ByteBuf m) {
        int b = m.readerIndex();
        int type = m.getUnsignedByte(b + 1);
        long msgXid = m.getUnsignedInt(b + 4);
        switch (type) {
            case OfWire.T_FLOW_MOD -> {
                flows.apply(m, System.nanoTime());
                answer(m);
            }
            case OfWire.T_PACKET_OUT -> answer(m);
            case OfWire.T_ECHO_REQUEST -> {
                ByteBuf reply = m.retainedDuplicate();
                reply.setByte(reply.readerIndex() + 1, OfWire.T_ECHO_REPLY);
                channel.write(reply, channel.voidPromise());
                dirty = true;
            }
            case OfWire.T_FEATURES_REQUEST ->
                write(OF13.buildFeaturesReply()
                        .setXid(msgXid)
                        .setDatapathId(DatapathId.of(datapathId))
                        .setNBuffers(0)
                        .setNTables((short) 254)
                        .setCapabilities(EnumSet.of(
                                OFCapabilities.FLOW_STATS, OFCapabilities.TABLE_STATS, OFCapabilities.PORT_STATS))
                        .build());
            case OfWire.T_MULTIPART_REQUEST -> multipart(m, m.getUnsignedShort(b + 8), msgXid);
            case OfWire.T_BARRIER_REQUEST ->
                write(OF13.buildBarrierReply().setXid(msgXid).build());
            case OfWire.T_ERROR -> {
                if (results.measuring()) {
                    results.errors++;
                }
            }
            default -> {} // HELLO, SET_CONFIG, SET_ASYNC, ...
        }
    }

    private void answer(ByteBuf m) {
        AnswerChecker.Verdict verdict = checker.check(m);
        switch (verdict) {
            case COMPLETE -> {
                results.completed(checker.last(), System.nanoTime());
                refillOne();
            }
            case WRONG -> {
                results.wrong(checker.last(), checker.problem());
                refillOne();
            }
            case UNMATCHED -> results.unmatched(checker.problem());
            case IGNORED -> pipeline(m);
            case PROGRESS -> {}
        }
    }

    /**
     * The router's own messages: the gateway's ARP request is answered; the router is ready once
     * its NAT table's miss entry and its default route (sent when it learnt the gateway) are in.
     */
    private void pipeline(ByteBuf m) {
        int b = m.readerIndex();
        if (m.getUnsignedByte(b + 1) == OfWire.T_PACKET_OUT) {
            byte[] reply = gateway.replyTo(m);
            if (reply != null) {
                ByteBuf pi = channel.alloc().ioBuffer(OfWire.packetInLength(reply.length));
                OfWire.writePacketIn(
                        pi,
                        xid++,
                        OfWire.REASON_ACTION,
                        OfWire.CLASSIFY_TABLE,
                        OfWire.STATIC_COOKIE,
                        Traffic.WAN_PORT,
                        reply);
                channel.write(pi, channel.voidPromise());
                dirty = true;
                results.arpAnswered++;
            }
            return;
        }
        int table = m.getUnsignedByte(b + 24);
        long cookie = m.getLong(b + 8);
        boolean add = m.getUnsignedByte(b + 25) == OfWire.FC_ADD;
        if (add && table == OfWire.NAT_TABLE && cookie == OfWire.STATIC_COOKIE) {
            natTableReady = true; // the NAT table's miss entry
        } else if (add && natTableReady && table == OfWire.ROUTE_TABLE && cookie == OfWire.ROUTE_COOKIE) {
            ready.complete(null); // a route, after the gateway's ARP reply: first packets can go on
        }
    }

    private void refillOne() {
        if (refilling() && hasRoom()) {
            send(System.nanoTime());
        }
    }

    private void multipart(ByteBuf request, int mpType, long msgXid) {
        if (mpType == OfWire.MULTIPART_PORT_DESC) {
            write(OF13.buildPortDescStatsReply()
                    .setXid(msgXid)
                    .setEntries(ports())
                    .build());
        } else if (mpType == OfWire.MULTIPART_FLOW) {
            for (ByteBuf part : flows.statsReply(request, channel.alloc(), System.nanoTime())) {
                channel.write(part, channel.voidPromise());
            }
            dirty = true;
        }
    }

    private List<OFPortDesc> ports() {
        List<OFPortDesc> ports = new ArrayList<>();
        for (int n = 1; n <= Traffic.WAN_PORT; n++) {
            ports.add(OF13.buildPortDesc()
                    .setPortNo(OFPort.of(n))
                    .setHwAddr(MacAddress.of(0x0200_0000_0000L | (datapathId << 8) | n))
                    .setName(n == Traffic.WAN_PORT ? "wan" : "lan" + n)
                    .setConfig(EnumSet.noneOf(OFPortConfig.class))
                    .setState(EnumSet.of(OFPortState.LIVE))
                    .setCurr(EnumSet.of(OFPortFeatures.PF_10GB_FD, OFPortFeatures.PF_COPPER))
                    .setCurrSpeed(10_000_000)
                    .setMaxSpeed(10_000_000)
                    .build());
        }
        return ports;
    }

    private void write(OFMessage message) {
        ByteBuf buf = channel.alloc().ioBuffer();
        message.writeTo(buf);
        channel.write(buf, channel.voidPromise());
        dirty = true;
    }
}
