package io.natflow.controller.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Writes one message, or a batch given as an {@code Iterable<OFMessage>}, into a single buffer so a
 * batch costs one write and one flush.
 */
@Sharable
public final class OfMessageEncoder extends MessageToByteEncoder<Object> {

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof OFMessage || msg instanceof Iterable<?>;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof OFMessage single) {
            single.writeTo(out);
            return;
        }
        for (Object each : (Iterable<?>) msg) {
            ((OFMessage) each).writeTo(out);
        }
    }
}
