package io.natflow.controller.session;

import io.natflow.controller.codec.NegotiatedVersion;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow 1.3 handshake as an explicit state machine (see {@link HandshakeState}). On READY it
 * registers the switch, sends the table-miss entry, tells the listeners, and hands the pipeline
 * over to {@link SwitchChannelHandler}. Harmless early messages are not errors: PORT_STATUS
 * during the port description is applied at READY; PACKET_IN and FLOW_REMOVED (a restarted
 * controller's switch still carries flows that send them) are kept, at most
 * {@link #EARLY_EVENT_LIMIT}, and delivered in order right after {@code switchUp}: a first
 * packet dropped here is a connection's first datagram lost.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final OFVersion REQUIRED = OFVersion.OF_13;
    /** Early packet-ins and flow removals kept during one handshake (it lasts milliseconds). */
    static final int EARLY_EVENT_LIMIT = 1024;

    private final SwitchSessionContext context;
    private final OFFactory factory = OFFactories.getFactory(REQUIRED);
    private final AtomicLong xids = new AtomicLong();
    private final List<OFPortDesc> ports = new ArrayList<>();
    /** Port changes that arrive while the port description is being read; applied at READY. */
    private final List<OFPortStatus> earlyPortStatus = new ArrayList<>();
    /** Packet-ins and flow removals that arrive before READY; delivered after switchUp. */
    private final List<OFMessage> earlyEvents = new ArrayList<>();
    private int earlyEventsDropped;

    private HandshakeState state = HandshakeState.WAIT_HELLO;
    private ScheduledFuture<?> timeout;
    private DatapathId datapathId;
    private long portDescXid;
    private long barrierXid;

    public HandshakeHandler(SwitchSessionContext context) {
        this.context = context;
    }

    public HandshakeState state() {
        return state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        LOG.info("switch connected from {}, starting handshake", ctx.channel().remoteAddress());
        long millis = context.config().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> timedOut(ctx), millis, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(OurHello.build(factory, nextXid()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != HandshakeState.READY) {
            LOG.info("{} disconnected during handshake in state {}", peer(ctx), state);
        }
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OFMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        switch (state) {
            case WAIT_HELLO -> onHello(ctx, message);
            case WAIT_FEATURES_REPLY -> onFeaturesReply(ctx, message);
            case WAIT_PORT_DESC, WAIT_BARRIER -> onPortDescOrBarrier(ctx, message);
            default -> LOG.debug("{} ignoring {} in state {}", peer(ctx), message.getType(), state);
        }
    }

    private void onHello(ChannelHandlerContext ctx, OFMessage message) {
        if (!(message instanceof OFHello hello)) {
            unexpected(ctx, message);
            return;
        }
        if (!OurHello.acceptsRequiredVersion(hello, REQUIRED)) {
            fail(ctx, "switch offers " + OurHello.describe(hello) + " but OpenFlow 1.3 is required");
            OFFactory theirs = OFFactories.getFactory(hello.getVersion());
            ctx.writeAndFlush(theirs.errorMsgs().buildHelloFailedErrorMsg()
                    .setXid(hello.getXid())
                    .setCode(OFHelloFailedCode.INCOMPATIBLE)
                    .setData(OFErrorCauseData.of("natflow requires OpenFlow 1.3".getBytes(), hello.getVersion()))
                    .build()).addListener(f -> ctx.close());
            return;
        }
        NegotiatedVersion.set(ctx.channel(), REQUIRED);
        transition(ctx, HandshakeState.WAIT_FEATURES_REPLY);
        ctx.writeAndFlush(factory.buildFeaturesRequest().setXid(nextXid()).build());
    }

    private void onFeaturesReply(ChannelHandlerContext ctx, OFMessage message) {
        if (!(message instanceof OFFeaturesReply features)) {
            unexpected(ctx, message);
            return;
        }
        datapathId = features.getDatapathId();
        portDescXid = nextXid();
        barrierXid = nextXid();
        transition(ctx, HandshakeState.WAIT_PORT_DESC);
        ctx.writeAndFlush(List.of(
                factory.buildSetConfig().setXid(nextXid()).setMissSendLen(TableMiss.NO_BUFFER).build(),
                factory.buildPortDescStatsRequest().setXid(portDescXid).build(),
                factory.buildBarrierRequest().setXid(barrierXid).build()));
    }

    private void onPortDescOrBarrier(ChannelHandlerContext ctx, OFMessage message) {
        if (message instanceof OFPortDescStatsReply reply && reply.getXid() == portDescXid) {
            ports.addAll(reply.getEntries());
            if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                transition(ctx, HandshakeState.WAIT_BARRIER);
            }
        } else if (message instanceof OFBarrierReply && message.getXid() == barrierXid) {
            if (state != HandshakeState.WAIT_BARRIER) {
                fail(ctx, "barrier answered before the port description was complete");
                ctx.close();
                return;
            }
            becomeReady(ctx);
        } else {
            unexpected(ctx, message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failure before READY ends the handshake now rather than at its timeout.
        fail(ctx, "error during handshake: " + cause);
        ctx.close();
    }

    private void becomeReady(ChannelHandlerContext ctx) {
        cancelTimeout();
        SwitchConnection connection = new SwitchConnection(ctx.channel(), datapathId, factory, xids, ports,
                Instant.now(context.clock()), context.config().requestTimeout());
        earlyPortStatus.forEach(connection::applyPortStatus);
        transition(ctx, HandshakeState.READY);
        SwitchChannelHandler dispatch = new SwitchChannelHandler(context, connection);
        ctx.pipeline().replace(this, PipelineNames.SWITCH, dispatch);
        connection.write(TableMiss.flow(factory, connection.nextXid()));
        context.registry().register(connection).ifPresent(old -> {
            LOG.info("{} reconnected from {}; replacing the connection from {}", datapathId,
                    connection.remoteAddress(), old.remoteAddress());
            SwitchChannelHandler.announceDown(context, old);
            old.disconnect("replaced by a new connection with the same datapath id");
        });
        LOG.info("{} ready: {} port(s), OpenFlow {}", connection, ports.size(), REQUIRED);
        context.listeners().publish(connection, "switchUp", l -> l.switchUp(connection));
        deliverEarlyEvents(ctx.pipeline().context(PipelineNames.SWITCH), dispatch);
    }

    private void deliverEarlyEvents(ChannelHandlerContext switchContext, SwitchChannelHandler dispatch) {
        if (earlyEventsDropped > 0) {
            LOG.warn("switch {}: {} packet-in/flow-removed message(s) beyond the first {} during the handshake "
                    + "were dropped", datapathId, earlyEventsDropped, EARLY_EVENT_LIMIT);
        }
        if (!earlyEvents.isEmpty()) {
            LOG.debug("switch {}: delivering {} message(s) that arrived during the handshake", datapathId,
                    earlyEvents.size());
        }
        for (OFMessage event : earlyEvents) {
            dispatch.channelRead(switchContext, event);
        }
        earlyEvents.clear();
    }

    private void unexpected(ChannelHandlerContext ctx, OFMessage message) {
        OFType type = message.getType();
        if (message instanceof OFErrorMsg error) {
            LOG.warn("{} sent an error during handshake in state {}: {}", peer(ctx), state, error);
        } else if (message instanceof OFPortStatus status
                && (state == HandshakeState.WAIT_PORT_DESC || state == HandshakeState.WAIT_BARRIER)) {
            earlyPortStatus.add(status);
        } else if (type == OFType.PACKET_IN || type == OFType.FLOW_REMOVED) {
            if (earlyEvents.size() < EARLY_EVENT_LIMIT) {
                earlyEvents.add(message);
            } else {
                earlyEventsDropped++;
            }
        } else if (type == OFType.PORT_STATUS) {
            LOG.debug("{} sent {} before the handshake finished; ignored", peer(ctx), type);
        } else {
            LOG.warn("{} sent unexpected {} in state {}; ignored", peer(ctx), type, state);
        }
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (state != HandshakeState.READY && ctx.channel().isActive()) {
            fail(ctx, "handshake timed out after " + context.config().handshakeTimeout());
            ctx.close();
        }
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        LOG.warn("handshake with {} failed in state {}: {}", peer(ctx), state, why);
        state = HandshakeState.FAILED;
        cancelTimeout();
    }

    private void transition(ChannelHandlerContext ctx, HandshakeState next) {
        LOG.debug("{} handshake {} -> {}", peer(ctx), state, next);
        state = next;
    }

    private String peer(ChannelHandlerContext ctx) {
        return datapathId != null ? "switch " + datapathId + " (" + ctx.channel().remoteAddress() + ")"
                : "switch at " + ctx.channel().remoteAddress();
    }

    private long nextXid() {
        return xids.incrementAndGet();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
