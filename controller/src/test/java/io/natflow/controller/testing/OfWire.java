package io.natflow.controller.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** OpenFlow messages to bytes and back with loxi, independent of the controller's codec. */
public final class OfWire {
    private OfWire() {}

    public static byte[] bytes(OFMessage... messages) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (OFMessage message : messages) {
                message.writeTo(buf);
            }
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Every whole message in the bytes, decoded by loxi's version-dispatching reader. */
    public static List<OFMessage> decodeAll(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        List<OFMessage> messages = new ArrayList<>();
        try {
            while (buf.isReadable()) {
                OFMessage message = OFFactories.getGenericReader().readFrom(buf);
                if (message == null) {
                    throw new AssertionError("truncated OpenFlow message at offset " + buf.readerIndex());
                }
                messages.add(message);
            }
            return messages;
        } catch (OFParseError e) {
            throw new AssertionError("bytes are not OpenFlow: " + e, e);
        }
    }

    /** An 8-byte OpenFlow header followed by {@code body}, with the length field set to match. */
    public static byte[] rawMessage(int version, int type, long xid, byte[] body) {
        int length = 8 + body.length;
        ByteBuf buf = Unpooled.buffer(length);
        buf.writeByte(version)
                .writeByte(type)
                .writeShort(length)
                .writeInt((int) xid)
                .writeBytes(body);
        return ByteBufUtil.getBytes(buf);
    }

    /** Feeds the bytes to the channel as one read. */
    public static void receive(EmbeddedChannel channel, byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** Feeds the messages to the channel encoded, as one read. */
    public static void receive(EmbeddedChannel channel, OFMessage... messages) {
        receive(channel, bytes(messages));
    }

    /**
     * Drains the channel's writes, one byte array per write; fails if anything written is not a
     * {@link ByteBuf}, since only bytes can reach a socket.
     */
    public static List<byte[]> drainOutboundWrites(EmbeddedChannel channel) {
        List<byte[]> writes = new ArrayList<>();
        Object written;
        while ((written = channel.readOutbound()) != null) {
            if (!(written instanceof ByteBuf buf)) {
                throw new AssertionError("channel wrote a " + written.getClass().getName()
                        + " instead of bytes (was the encoder bypassed?): " + written);
            }
            try {
                writes.add(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return writes;
    }

    /** Drains the channel's writes and decodes every message in them, in order. */
    public static List<OFMessage> drainOutbound(EmbeddedChannel channel) {
        List<OFMessage> messages = new ArrayList<>();
        for (byte[] write : drainOutboundWrites(channel)) {
            messages.addAll(decodeAll(write));
        }
        return messages;
    }
}
