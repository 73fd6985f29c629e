package io.natflow.controller.session;

import io.natflow.controller.codec.NegotiatedVersion;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echo both ways: answers the switch's ECHO_REQUEST once the version is negotiated, sends our own
 * after each idle interval without any message from the switch, and drops a switch that stays
 * silent for {@code maxMisses} intervals in a row. Any received message proves the switch alive.
 * Before the switch's HELLO nothing is answered: every message goes on to the handshake, which
 * requires HELLO first, so a peer that has not even said HELLO cannot make us write.
 */
public final class KeepaliveHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(KeepaliveHandler.class);

    private final int maxMisses;
    private int misses;
    private long echoXid = 0x8000_0000L; // a range apart from request xids, for readable traces

    public KeepaliveHandler(int maxMisses) {
        this.maxMisses = maxMisses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        misses = 0;
        if (NegotiatedVersion.get(ctx.channel()) == null) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof OFEchoRequest request) {
            ctx.writeAndFlush(OFFactories.getFactory(request.getVersion())
                    .buildEchoReply()
                    .setXid(request.getXid())
                    .setData(request.getData())
                    .build());
        } else if (!(msg instanceof OFEchoReply)) {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        misses++;
        if (misses > maxMisses) {
            LOG.warn("{} did not answer {} echo request(s); dropping it", ConnectionNames.of(ctx.channel()), maxMisses);
            ctx.close();
            return;
        }
        OFVersion version = NegotiatedVersion.get(ctx.channel());
        if (version != null) {
            ctx.writeAndFlush(OFFactories.getFactory(version)
                    .buildEchoRequest()
                    .setXid(echoXid++)
                    .build());
        }
    }
}
