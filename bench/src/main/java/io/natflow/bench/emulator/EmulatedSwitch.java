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
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/**
 * One emulated OpenFlow 1.3 switch on one connection: answers the handshake (FEATURES, PORT_DESC
 * with ports lan1..lan4 and wan, BARRIER), ECHO, and flow-stats requests (empty), and sends
 * first-packet packet-ins once the controller has installed its NAT table. With {@code refill}
 * it keeps {@code window} packet-ins outstanding (as fast as the controller answers); otherwise
 * the {@link Emulator}'s pacer calls {@link #send}. Runs on the emulator's one event loop.
 */
final class EmulatedSwitch extends ChannelInboundHandlerAdapter {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final long datapathId;
    private final Traffic traffic;
    private final int window;
    private final boolean refill;
    private final Results results;
    private final long timeoutNanos;
    private final AnswerChecker checker = new AnswerChecker();
    private final ArrayDeque<Connection> inFlight = new ArrayDeque<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private Channel channel;
    private int xid = 1;
    private boolean dirty;

    EmulatedSwitch(long datapathId, Traffic traffic, int window, boolean refill, Results results, long timeoutNanos) {
        this.datapathId = datapathId;
        this.traffic = traffic;
        this.window = window;
        this.refill = refill;
        this.results = results;
        this.timeoutNanos = timeoutNanos;
    }

    int outstanding() {
        return checker.outstanding();
    }

    boolean hasRoom() {
        return channel != null && channel.isActive() && checker.outstanding() < window;
    }

    /** Fills the window (as-fast-as-answered mode). */
    void start() {
        while (hasRoom()) {
            send(System.nanoTime());
        }
        flush();
    }

    /** Writes one packet-in (not flushed); latency counts from {@code startNanos}. */
    void send(long startNanos) {
        Connection c = traffic.next();
        c.startNanos = startNanos;
        c.measured = results.measuring();
        if (c.measured) {
            results.sent++;
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
        if (refill && sending()) {
            start();
        }
    }

    private boolean sending() {
        return results.phase == Results.Phase.WARMUP || results.phase == Results.Phase.MEASURE;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        write(OF13.buildHello().setXid(xid++)
                .setElements(List.of(OF13.buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of(1L << OFVersion.OF_13.getWireVersion()))).build()))
                .build());
        channel.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException("switch " + datapathId + ": controller closed the connection"));
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
            case OfWire.T_FLOW_MOD, OfWire.T_PACKET_OUT -> answer(m);
            case OfWire.T_ECHO_REQUEST -> {
                ByteBuf reply = m.retainedDuplicate();
                reply.setByte(reply.readerIndex() + 1, OfWire.T_ECHO_REPLY);
                channel.write(reply, channel.voidPromise());
                dirty = true;
            }
            case OfWire.T_FEATURES_REQUEST -> write(OF13.buildFeaturesReply().setXid(msgXid)
                    .setDatapathId(DatapathId.of(datapathId)).setNBuffers(0).setNTables((short) 254)
                    .setCapabilities(EnumSet.of(OFCapabilities.FLOW_STATS, OFCapabilities.TABLE_STATS,
                            OFCapabilities.PORT_STATS))
                    .build());
            case OfWire.T_MULTIPART_REQUEST -> multipart(m.getUnsignedShort(b + 8), msgXid);
            case OfWire.T_BARRIER_REQUEST -> write(OF13.buildBarrierReply().setXid(msgXid).build());
            case OfWire.T_ERROR -> {
                if (results.measuring()) {
                    results.errors++;
                }
            }
            default -> { } // HELLO, SET_CONFIG, SET_ASYNC, ...
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
            case IGNORED -> {
                if (!ready.isDone() && m.getUnsignedByte(m.readerIndex() + 1) == OfWire.T_FLOW_MOD
                        && m.getUnsignedByte(m.readerIndex() + 24) == OfWire.NAT_TABLE
                        && m.getLong(m.readerIndex() + 8) == OfWire.STATIC_COOKIE) {
                    ready.complete(null); // the NAT table's miss entry: the router is set up
                }
            }
            case PROGRESS -> { }
        }
    }

    private void refillOne() {
        if (refill && sending() && hasRoom()) {
            send(System.nanoTime());
        }
    }

    private void multipart(int mpType, long msgXid) {
        if (mpType == 13) {            // PORT_DESC
            write(OF13.buildPortDescStatsReply().setXid(msgXid).setEntries(ports()).build());
        } else if (mpType == 1) {      // FLOW: the datapath holds nothing the controller should restore
            write(OF13.buildFlowStatsReply().setXid(msgXid).setFlags(EnumSet.noneOf(OFStatsReplyFlags.class))
                    .setEntries(List.of()).build());
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
