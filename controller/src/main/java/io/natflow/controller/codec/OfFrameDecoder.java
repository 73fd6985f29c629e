package io.natflow.controller.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the stream into whole OpenFlow messages using the 8-byte header. A length below 8, or a
 * version outside OpenFlow 1.0-1.5 (before negotiation) or other than the negotiated one (after),
 * means the stream is not OpenFlow we can follow: the connection is closed with a log line naming
 * the peer. Emits one retained slice per message.
 */
public final class OfFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(OfFrameDecoder.class);

    public static final int HEADER_LENGTH = 8;
    /** The length field is 16 bits; this bound documents the protocol limit. */
    public static final int MAX_LENGTH = 0xffff;

    private static final int MIN_WIRE_VERSION = OFVersion.OF_10.getWireVersion();
    private static final int MAX_WIRE_VERSION = OFVersion.OF_15.getWireVersion();

    /**
     * Emits at most one message per call: ByteToMessageDecoder hands it down the pipeline before
     * calling again, so a HELLO is negotiated before the header of the message after it, even
     * in the same TCP segment, is checked against the negotiated version.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!ctx.channel().isActive()) { // closed by a handler after an earlier message: read no further
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        int length = in.getUnsignedShort(start + 2);
        String problem = validate(ctx, version, length);
        if (problem != null) {
            LOG.warn("closing OpenFlow connection from {}: {}", ctx.channel().remoteAddress(), problem);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < length) {
            return;
        }
        out.add(in.retainedSlice(start, length));
        in.skipBytes(length);
    }

    private static String validate(ChannelHandlerContext ctx, int version, int length) {
        if (length < HEADER_LENGTH || length > MAX_LENGTH) {
            return "message length " + length + " outside " + HEADER_LENGTH + ".." + MAX_LENGTH;
        }
        OFVersion negotiated = NegotiatedVersion.get(ctx.channel());
        if (negotiated == null) {
            if (version < MIN_WIRE_VERSION || version > MAX_WIRE_VERSION) {
                return String.format("unknown OpenFlow version 0x%02x", version);
            }
        } else if (version != negotiated.getWireVersion()) {
            return String.format("version 0x%02x after negotiating %s", version, negotiated);
        }
        return null;
    }
}
