package io.natflow.controller.codec;

import static io.natflow.controller.testing.OfWire.bytes;
import static io.natflow.controller.testing.OfWire.rawMessage;
import static io.natflow.controller.testing.OfWire.receive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/** Framing: {@link OfFrameDecoder} + {@link OfMessageDecoder} fed real loxi bytes in an EmbeddedChannel. */
class OfFrameDecoderTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFFactory OF10 = OFFactories.getFactory(OFVersion.OF_10);

    private final EmbeddedChannel channel =
            new EmbeddedChannel(new OfFrameDecoder(), new OfMessageDecoder(), new OfMessageEncoder());

    private List<OFMessage> inbound() {
        List<OFMessage> messages = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            messages.add(assertInstanceOf(OFMessage.class, msg));
        }
        return messages;
    }

    private static OFFeaturesReply features(long dpid) {
        return OF13.buildFeaturesReply()
                .setXid(7)
                .setDatapathId(DatapathId.of(dpid))
                .setNBuffers(0)
                .setNTables((short) 4)
                .build();
    }

    @Test
    void decodesOneWholeMessage() {
        OFHello hello = OF13.buildHello().setXid(3).build();
        ByteBuf buf = Unpooled.wrappedBuffer(bytes(hello));
        channel.writeInbound(buf);
        assertEquals(List.of(hello), inbound());
        assertEquals(0, buf.refCnt(), "the read buffer is released once consumed");
        assertTrue(channel.isOpen());
    }

    @Test
    void lengthBelowHeaderSizeClosesTheConnection() {
        for (int length : new int[] {0, 1, 7}) {
            EmbeddedChannel ch = new EmbeddedChannel(new OfFrameDecoder(), new OfMessageDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0, (byte) length, 0, 0, 0, 1}));
            assertFalse(ch.isOpen(), "length " + length + " must close the connection");
            assertNull(ch.readInbound());
        }
    }

    @Test
    void unknownVersionBeforeNegotiationClosesTheConnection() {
        byte[] frame = rawMessage(0x42, 0, 1, new byte[0]);
        receive(channel, frame);
        assertFalse(channel.isOpen());
        assertTrue(inbound().isEmpty());
    }

    @Test
    void versionZeroAndSevenAreRejectedBeforeNegotiation() {
        for (int version : new int[] {0, 7}) {
            EmbeddedChannel ch = new EmbeddedChannel(new OfFrameDecoder(), new OfMessageDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(rawMessage(version, 0, 1, new byte[0])));
            assertFalse(ch.isOpen(), "version " + version);
        }
    }

    @Test
    void anyKnownVersionIsFramedBeforeNegotiation() {
        OFHello hello10 = OF10.buildHello().setXid(1).build();
        receive(channel, hello10);
        assertEquals(List.of(hello10), inbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void otherVersionAfterNegotiationClosesTheConnection() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        OFEchoRequest echo13 = OF13.buildEchoRequest().setXid(1).build();
        receive(channel, echo13);
        assertEquals(List.of(echo13), inbound());

        receive(channel, OF10.buildEchoRequest().setXid(2).build());
        assertFalse(channel.isOpen(), "an OpenFlow 1.0 frame after negotiating 1.3 closes the connection");
        assertTrue(inbound().isEmpty());
    }

    @Test
    void garbageBytesCloseTheConnection() {
        receive(channel, "GET / HTTP/1.1\r\nHost: natflow\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertFalse(channel.isOpen());
        assertTrue(inbound().isEmpty());
    }

    @Test
    void validMessagesBeforeGarbageInTheSameReadAreDelivered() {
        OFHello hello = OF13.buildHello().setXid(1).build();
        byte[] good = bytes(hello);
        byte[] garbage = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4, 5};
        byte[] both = Arrays.copyOf(good, good.length + garbage.length);
        System.arraycopy(garbage, 0, both, good.length, garbage.length);
        receive(channel, both);
        assertEquals(List.of(hello), inbound());
        assertFalse(channel.isOpen());
    }

    @Test
    void incompleteHeaderWaitsForMoreBytes() {
        byte[] frame = bytes(features(9));
        receive(channel, Arrays.copyOf(frame, 7));
        assertTrue(inbound().isEmpty());
        assertTrue(channel.isOpen());
        receive(channel, Arrays.copyOfRange(frame, 7, frame.length));
        assertEquals(List.of(features(9)), inbound());
    }

    @Test
    void frameSplitAcrossSeveralReadsIsReassembled() {
        OFFeaturesReply features = features(0x1122334455667788L);
        OFEchoRequest echo =
                OF13.buildEchoRequest().setXid(9).setData(new byte[] {1, 2, 3}).build();
        byte[] stream = bytes(features, echo);
        for (int from = 0; from < stream.length; from += 5) {
            receive(channel, Arrays.copyOfRange(stream, from, Math.min(stream.length, from + 5)));
        }
        assertEquals(List.of(features, echo), inbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void frameFedByteByByteIsReassembled() {
        OFFeaturesReply features = features(42);
        byte[] stream = bytes(features);
        for (int i = 0; i < stream.length; i++) {
            receive(channel, new byte[] {stream[i]});
            if (i < stream.length - 1) {
                assertNull(channel.readInbound(), "nothing before the last byte, at byte " + i);
            }
        }
        assertEquals(List.of(features), inbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void manyFramesInOneReadAreAllDecodedInOrder() {
        List<OFMessage> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(
                    i % 2 == 0
                            ? OF13.buildEchoRequest()
                                    .setXid(i)
                                    .setData(new byte[i % 17])
                                    .build()
                            : features(i));
        }
        receive(channel, bytes(sent.toArray(OFMessage[]::new)));
        assertEquals(sent, inbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void frameDecoderEmitsExactlyOneSlicePerMessage() {
        EmbeddedChannel framing = new EmbeddedChannel(new OfFrameDecoder());
        OFHello hello = OF13.buildHello().setXid(1).build();
        OFFeaturesReply features = features(5);
        framing.writeInbound(Unpooled.wrappedBuffer(bytes(hello, features)));
        ByteBuf first = framing.readInbound();
        ByteBuf second = framing.readInbound();
        assertNull(framing.readInbound());
        try {
            assertArrayEquals(bytes(hello), ByteBufUtil.getBytes(first));
            assertArrayEquals(bytes(features), ByteBufUtil.getBytes(second));
        } finally {
            first.release();
            second.release();
        }
    }
}
