package io.natflow.controller.session;

import io.natflow.controller.ConnectionDrop;
import io.natflow.controller.ConnectionLimits;
import io.natflow.controller.codec.NegotiatedVersion;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The OpenFlow 1.3 handshake as an explicit state machine (see {@link HandshakeState}). The
 * switch's first message must be HELLO (OpenFlow 1.3.1 §6.3.1). On READY it registers the switch,
 * sends the table-miss entry, tells the listeners, and hands the pipeline over to
 * {@link SwitchChannelHandler}; a switch whose datapath id a live connection holds is refused
 * instead (see {@link DefaultSwitchRegistry}). Harmless early messages after HELLO are not
 * errors: PORT_STATUS during the port description is applied at READY; PACKET_IN and
 * FLOW_REMOVED (a restarted controller's switch still carries flows that send them) are kept, at
 * most {@link #EARLY_EVENT_LIMIT}, and delivered in order right after {@code switchUp}: a first
 * packet dropped here is a connection's first datagram lost. What the switch reports is bounded
 * by {@link ConnectionLimits}: ports, PORT_DESC parts, early port changes.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final OFVersion REQUIRED = OFVersion.OF_13;
    /** Early packet-ins and flow removals kept during one handshake (it lasts milliseconds). */
    static final int EARLY_EVENT_LIMIT = 1024;

    private final SwitchSessionContext context;
    private final OFFactory factory = OFFactories.getFactory(REQUIRED);
    private final AtomicLong xids = new AtomicLong();
    private final ConnectionLimits limits;
    private final List<OFPortDesc> ports = new ArrayList<>();
    private int portDescParts;
    /**
     * Port changes that arrive while the port description is being read, the latest per port
     * number (so at most one per port); applied at READY.
     */
    private final Map<Long, OFPortStatus> earlyPortStatus = new LinkedHashMap<>();
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
        this.limits = context.config().limits();
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
            if (message instanceof OFErrorMsg error) {
                LOG.warn("{} answered with an error instead of HELLO: {}", peer(ctx), error);
            }
            context.counters().drop(ConnectionDrop.NOT_HELLO_FIRST);
            fail(ctx, "the first message must be HELLO, got " + message.getType());
            ctx.close();
            return;
        }
        if (!OurHello.acceptsRequiredVersion(hello, REQUIRED)) {
            fail(ctx, "switch offers " + OurHello.describe(hello) + " but OpenFlow 1.3 is required");
            OFFactory theirs = OFFactories.getFactory(hello.getVersion());
            ctx.writeAndFlush(theirs.errorMsgs()
                            .buildHelloFailedErrorMsg()
                            .setXid(hello.getXid())
                            .setCode(OFHelloFailedCode.INCOMPATIBLE)
                            .setData(OFErrorCauseData.of(
                                    "natflow requires OpenFlow 1.3".getBytes(StandardCharsets.US_ASCII),
                                    hello.getVersion()))
                            .build())
                    .addListener(f -> ctx.close());
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
        ConnectionNames.datapathId(ctx.channel(), datapathId);
        portDescXid = nextXid();
        barrierXid = nextXid();
        transition(ctx, HandshakeState.WAIT_PORT_DESC);
        ctx.writeAndFlush(List.of(
                factory.buildSetConfig()
                        .setXid(nextXid())
                        .setFlags(context.listeners().configFlags(datapathId))
                        .setMissSendLen(TableMiss.NO_BUFFER)
                        .build(),
                factory.buildPortDescStatsRequest().setXid(portDescXid).build(),
                factory.buildBarrierRequest().setXid(barrierXid).build()));
    }

    private void onPortDescOrBarrier(ChannelHandlerContext ctx, OFMessage message) {
        if (message instanceof OFPortDescStatsReply reply && reply.getXid() == portDescXid) {
            if (++portDescParts > limits.maxReplyParts()) {
                throw new ConnectionLimitException(
                        ConnectionDrop.TOO_MANY_REPLY_PARTS,
                        "sent more than " + limits.maxReplyParts()
                                + " PORT_DESC reply parts (openflow.limits.maxReplyParts)");
            }
            if (ports.size() + reply.getEntries().size() > limits.maxPorts()) {
                throw new ConnectionLimitException(
                        ConnectionDrop.TOO_MANY_PORTS,
                        "reported more than " + limits.maxPorts() + " ports (openflow.limits.maxPorts)");
            }
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
        if (cause instanceof ConnectionLimitException limit) {
            context.counters().drop(limit.reason());
            fail(ctx, "it " + limit.getMessage());
        } else {
            fail(ctx, "error during handshake: " + cause);
        }
        ctx.close();
    }

    private void becomeReady(ChannelHandlerContext ctx) {
        cancelTimeout();
        SwitchConnection connection = new SwitchConnection(ctx.channel(), datapathId, factory, xids, ports, context);
        earlyPortStatus.values().forEach(connection::applyPortStatus);
        DefaultSwitchRegistry.Registration registration = context.registry().register(connection);
        if (registration instanceof DefaultSwitchRegistry.Refused refused) {
            refuse(ctx, connection, refused.holder());
            return;
        }
        transition(ctx, HandshakeState.READY);
        SwitchChannelHandler dispatch = new SwitchChannelHandler(context, connection);
        ctx.pipeline().replace(this, PipelineNames.SWITCH, dispatch);
        connection.write(TableMiss.flow(factory, connection.nextXid()));
        // A closed connection that still held the id: announce it down before the new one is up.
        ((DefaultSwitchRegistry.Registered) registration)
                .replaced()
                .ifPresent(old -> SwitchChannelHandler.announceDown(context, old));
        LOG.info(
                "{} ready: {} port(s), OpenFlow {}",
                connection,
                connection.ports().size(),
                REQUIRED);
        context.listeners().publish(connection, "switchUp", l -> l.switchUp(connection));
        deliverEarlyEvents(ctx.pipeline().context(PipelineNames.SWITCH), dispatch);
    }

    private void deliverEarlyEvents(ChannelHandlerContext switchContext, SwitchChannelHandler dispatch) {
        if (earlyEventsDropped > 0) {
            LOG.warn(
                    "switch {}: {} packet-in/flow-removed message(s) beyond the first {} during the handshake "
                            + "were dropped",
                    datapathId,
                    earlyEventsDropped,
                    EARLY_EVENT_LIMIT);
        }
        if (!earlyEvents.isEmpty()) {
            LOG.debug(
                    "switch {}: delivering {} message(s) that arrived during the handshake",
                    datapathId,
                    earlyEvents.size());
        }
        for (OFMessage event : earlyEvents) {
            dispatch.channelRead(switchContext, event);
        }
        earlyEvents.clear();
    }

    /**
     * The established session keeps its datapath id while it is alive; the newcomer is closed.
     * Logged as an error (two switches with one id, or an impostor, needs a person), at most once
     * per period per holder so a newcomer reconnecting in a loop cannot flood the log.
     */
    private void refuse(ChannelHandlerContext ctx, SwitchConnection newcomer, SwitchConnection holder) {
        context.counters().drop(ConnectionDrop.DUPLICATE_DATAPATH_ID);
        state = HandshakeState.FAILED;
        long unlogged = holder.admitRefusalLog();
        if (unlogged >= 0) {
            LOG.error(
                    "REFUSED switch connection from {}: datapath id {} is held by the live connection from {} "
                            + "(connected since {}), which keeps it while it answers echo. Two switches with the same "
                            + "datapath id, or an impostor?{}",
                    newcomer.remoteAddress(),
                    datapathId,
                    holder.remoteAddress(),
                    holder.connectedSince(),
                    unlogged > 0 ? " (" + unlogged + " more refused since the last message)" : "");
        }
        ctx.close();
    }

    private void unexpected(ChannelHandlerContext ctx, OFMessage message) {
        OFType type = message.getType();
        if (message instanceof OFErrorMsg error) {
            LOG.warn("{} sent an error during handshake in state {}: {}", peer(ctx), state, error);
        } else if (message instanceof OFPortStatus status
                && (state == HandshakeState.WAIT_PORT_DESC || state == HandshakeState.WAIT_BARRIER)) {
            long port = status.getDesc().getPortNo().getPortNumber() & 0xffffffffL;
            if (earlyPortStatus.size() >= limits.maxPorts() && !earlyPortStatus.containsKey(port)) {
                throw new ConnectionLimitException(
                        ConnectionDrop.TOO_MANY_PORTS,
                        "reported changes of more than " + limits.maxPorts()
                                + " ports during the handshake (openflow.limits.maxPorts)");
            }
            earlyPortStatus.remove(port); // re-inserted last: the order of the latest changes is kept
            earlyPortStatus.put(port, status);
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
        return ConnectionNames.of(ctx.channel());
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
