package io.natflow.controller.codec;

import static io.natflow.controller.testing.OfWire.bytes;
import static io.natflow.controller.testing.OfWire.drainOutbound;
import static io.natflow.controller.testing.OfWire.rawMessage;
import static io.natflow.controller.testing.OfWire.receive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * A frame with a valid header that loxi cannot decode is answered with OFPT_ERROR BAD_REQUEST
 * (as bytes on the wire) carrying the first bytes of the offending message; the connection stays
 * up and the next message is decoded. Uses the pipeline order of the real server.
 */
class OfMessageDecoderTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final OfMessageDecoder decoder = new OfMessageDecoder();
    private final EmbeddedChannel channel = new EmbeddedChannel(new OfFrameDecoder(), decoder, new OfMessageEncoder());

    private static OFPacketIn packetIn(long xid) {
        return OF13.buildPacketIn()
                .setXid(xid)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(4)
                .setReason(OFPacketInReason.NO_MATCH)
                .setTableId(TableId.of(0))
                .setCookie(U64.ZERO)
                .setMatch(OF13.buildMatch().build())
                .setData(new byte[] {1, 2, 3, 4})
                .build();
    }

    private OFBadRequestErrorMsg singleBadRequest() {
        List<OFMessage> out = drainOutbound(channel);
        assertEquals(1, out.size(), "exactly one answer: " + out);
        OFBadRequestErrorMsg error = assertInstanceOf(OFBadRequestErrorMsg.class, out.get(0));
        assertEquals(OFErrorType.BAD_REQUEST, error.getErrType());
        return error;
    }

    @Test
    void unknownTypeAfterNegotiationIsAnsweredWithBadRequestAndConnectionStaysOpen() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        byte[] unknown = rawMessage(4, 200, 0x1234, new byte[] {9, 8, 7, 6, 5, 4, 3, 2});
        receive(channel, unknown);

        assertNull(channel.readInbound(), "nothing decoded from the unknown message");
        OFBadRequestErrorMsg error = singleBadRequest();
        assertEquals(OFVersion.OF_13, error.getVersion());
        assertEquals(0x1234, error.getXid(), "the error carries the offending xid");
        assertEquals(OFBadRequestCode.BAD_TYPE, error.getCode());
        assertArrayEquals(unknown, error.getData().getData(), "data holds the offending message");
        assertTrue(channel.isOpen());
        assertEquals(1, decoder.undecodableCount());

        OFPacketIn next = packetIn(5);
        receive(channel, next);
        assertEquals(next, channel.readInbound());
        assertTrue(drainOutbound(channel).isEmpty());
    }

    @Test
    void unknownTypeBeforeNegotiationIsAnsweredToo() {
        byte[] unknown = rawMessage(4, 200, 77, new byte[0]);
        OFPacketIn next = packetIn(6);
        byte[] both = Arrays.copyOf(unknown, unknown.length + bytes(next).length);
        System.arraycopy(bytes(next), 0, both, unknown.length, bytes(next).length);
        receive(channel, both);

        OFBadRequestErrorMsg error = singleBadRequest();
        assertEquals(77, error.getXid());
        assertArrayEquals(unknown, error.getData().getData());
        assertEquals(next, channel.readInbound(), "the message after the bad one in the same read is decoded");
        assertTrue(channel.isOpen());
    }

    @Test
    void errorDataIsCutToTheFirst64Bytes() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        byte[] body = new byte[200];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        byte[] unknown = rawMessage(4, 250, 3, body);
        receive(channel, unknown);

        OFBadRequestErrorMsg error = singleBadRequest();
        assertArrayEquals(Arrays.copyOf(unknown, 64), error.getData().getData());
        assertTrue(channel.isOpen());
    }

    @Test
    void knownTypeWithTruncatedBodyIsAnsweredWithBadLen() {
        NegotiatedVersion.set(channel, OFVersion.OF_13);
        // FEATURES_REPLY (type 6) needs 32 bytes; this one claims 12.
        byte[] truncated = rawMessage(4, 6, 11, new byte[] {0, 0, 0, 1});
        receive(channel, truncated);

        OFBadRequestErrorMsg error = singleBadRequest();
        assertEquals(OFBadRequestCode.BAD_LEN, error.getCode());
        assertEquals(11, error.getXid());
        assertArrayEquals(truncated, error.getData().getData());
        assertTrue(channel.isOpen());

        OFPacketIn next = packetIn(12);
        receive(channel, next);
        assertEquals(next, channel.readInbound());
    }
}
