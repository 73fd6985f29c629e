package io.natflow.controller.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.channels.ClosedChannelException;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready-state dispatch: replies go to the request waiting for their xid, asynchronous messages go
 * to the listeners, PORT_STATUS also updates the switch's ports. Disconnect unregisters the switch.
 */
final class SwitchChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchChannelHandler.class);

    private final SwitchSessionContext context;
    private final SwitchConnection sw;

    SwitchChannelHandler(SwitchSessionContext context, SwitchConnection sw) {
        this.context = context;
        this.sw = sw;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OFMessage message) || sw.completeRequest(message)) {
            return;
        }
        ListenerBus bus = context.listeners();
        if (message instanceof OFPacketIn packetIn) {
            bus.publish(sw, "packetIn", l -> l.packetIn(sw, packetIn));
        } else if (message instanceof OFFlowRemoved removed) {
            bus.publish(sw, "flowRemoved", l -> l.flowRemoved(sw, removed));
        } else if (message instanceof OFPortStatus status) {
            sw.applyPortStatus(status);
            bus.publish(sw, "portStatus", l -> l.portStatus(sw, status));
        } else if (message instanceof OFErrorMsg error) {
            if (isSlaveRefusal(error) && sw.demotedBySwitch()) {
                // OpenFlow 1.3 has no ROLE_STATUS (OVS sends it from 1.4 on): a refused write is
                // how we learn that another controller took the switch with a newer generation id.
                LOG.warn("{} refused a write because another controller is master; now SLAVE", sw);
                bus.publish(sw, "demoted", l -> l.demoted(sw));
            }
            LOG.warn("{} reported an error: {}", sw, error);
            bus.publish(sw, "error", l -> l.error(sw, error));
        } else {
            LOG.debug("{} sent {} that nobody waits for; ignored", sw, message.getType());
        }
    }

    private static boolean isSlaveRefusal(OFErrorMsg error) {
        return error instanceof OFBadRequestErrorMsg bad && bad.getCode() == OFBadRequestCode.IS_SLAVE;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LOG.info("{} disconnected", sw);
        sw.failPendingRequests(new ClosedChannelException());
        context.registry().unregister(sw);
        announceDown(context, sw);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ConnectionLimitException limit) {
            context.counters().drop(limit.reason());
            LOG.warn("closing the connection of {}: it {}", sw, limit.getMessage());
        } else {
            LOG.warn("{}: closing after error: {}", sw, cause.toString());
        }
        ctx.close();
    }

    /** Tells listeners the switch is down, once, whether it disconnected or was replaced. */
    static void announceDown(SwitchSessionContext context, SwitchConnection sw) {
        if (sw.markDownAnnounced()) {
            context.listeners().publish(sw, "switchDown", l -> l.switchDown(sw));
        }
    }
}
