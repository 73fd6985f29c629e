package io.natflow.controller.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one framed message with loxi. A message loxi cannot decode is logged and answered with
 * OFPT_ERROR BAD_REQUEST carrying its first 64 bytes (OpenFlow 1.3 §7.4.4); the connection stays up.
 */
public final class OfMessageDecoder extends MessageToMessageDecoder<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(OfMessageDecoder.class);
    /** The spec asks for at least 64 bytes of the failed request in the error. */
    static final int ERROR_DATA_BYTES = 64;

    private long undecodable;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        OFVersion negotiated = NegotiatedVersion.get(ctx.channel());
        int start = frame.readerIndex();
        try {
            OFMessage message = negotiated == null
                    ? OFFactories.getGenericReader().readFrom(frame)
                    : OFFactories.getFactory(negotiated).getReader().readFrom(frame);
            if (message == null) {
                throw new OFParseError("incomplete message");
            }
            out.add(message);
        } catch (OFParseError | RuntimeException e) {
            frame.readerIndex(start);
            Optional<OFMessage> repaired =
                    negotiated == null ? Optional.empty() : withoutUnreadableActions(frame, negotiated);
            if (repaired.isPresent()) {
                frame.skipBytes(frame.readableBytes());
                out.add(repaired.get());
                return;
            }
            undecodable++;
            answerBadRequest(ctx, frame, negotiated, e);
        }
    }

    /** A flow-stats reply that failed only on Nicira actions loxi cannot read, read without them. */
    private static Optional<OFMessage> withoutUnreadableActions(ByteBuf frame, OFVersion negotiated) {
        if (!UnreadableActionFilter.applies(frame)) {
            return Optional.empty();
        }
        return UnreadableActionFilter.strip(frame).flatMap(stripped -> {
            try {
                return Optional.ofNullable(
                        OFFactories.getFactory(negotiated).getReader().readFrom(stripped));
            } catch (OFParseError | RuntimeException e) {
                return Optional.empty();
            } finally {
                stripped.release();
            }
        });
    }

    /** How many messages this connection sent that could not be decoded. */
    public long undecodableCount() {
        return undecodable;
    }

    private static void answerBadRequest(
            ChannelHandlerContext ctx, ByteBuf frame, OFVersion negotiated, Exception cause) {
        int type = frame.getUnsignedByte(frame.readerIndex() + 1);
        long xid = frame.getUnsignedInt(frame.readerIndex() + 4);
        LOG.warn(
                "undecodable OpenFlow message from {} (type {}, length {}, xid {}): {}",
                ctx.channel().remoteAddress(),
                type,
                frame.readableBytes(),
                xid,
                cause.toString());
        OFVersion version = negotiated != null ? negotiated : OFVersion.OF_13;
        OFFactory factory = OFFactories.getFactory(version);
        byte[] data =
                ByteBufUtil.getBytes(frame, frame.readerIndex(), Math.min(ERROR_DATA_BYTES, frame.readableBytes()));
        OFBadRequestCode code = isKnownType(version, type) ? OFBadRequestCode.BAD_LEN : OFBadRequestCode.BAD_TYPE;
        // From the tail of the pipeline, so the answer passes the encoder, which sits after this decoder.
        ctx.channel()
                .writeAndFlush(factory.errorMsgs()
                        .buildBadRequestErrorMsg()
                        .setXid(xid)
                        .setCode(code)
                        .setData(OFErrorCauseData.of(data, version))
                        .build());
    }

    /** OpenFlow 1.3 message types run from HELLO (0) to METER_MOD (29). */
    private static boolean isKnownType(OFVersion version, int type) {
        return version == OFVersion.OF_13 ? type <= 29 : type <= 21;
    }
}
