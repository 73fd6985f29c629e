package io.natflow.nat.pcp;

import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.Ipv4;
import org.junit.jupiter.api.Test;

class PcpCodecTest {
    private static final int H1 = Ipv4.parse("10.0.0.11");
    private static final int PUB = Ipv4.parse("203.0.113.1");

    private static PcpRequest ok(byte[] b) {
        return assertInstanceOf(PcpCodec.Ok.class, PcpCodec.decode(b, 0, b.length))
                .request();
    }

    private static PcpResult error(byte[] b, int len) {
        return assertInstanceOf(PcpCodec.Error.class, PcpCodec.decode(b, 0, len < 0 ? b.length : len))
                .result();
    }

    @Test
    void decodesEveryFieldOfAMapRequest() {
        byte[] b = Wire.map(
                H1,
                7200,
                0x0102030405060708L,
                0x090a0b0c,
                6,
                22,
                2222,
                PUB,
                Wire.option(PcpCodec.OPTION_PREFER_FAILURE, 0),
                Wire.option(200, 5));
        PcpRequest r = ok(b);
        assertEquals(PcpOpcode.MAP, r.opcode());
        assertEquals(7200, r.lifetime());
        assertEquals(H1, r.clientIp());
        assertTrue(r.clientIsIpv4());
        assertEquals(new Nonce(0x0102030405060708L, 0x090a0b0c), r.nonce());
        assertEquals(6, r.protocol());
        assertEquals(22, r.internalPort());
        assertEquals(2222, r.suggestedPort());
        assertEquals(PUB, r.suggestedIp());
        assertTrue(r.preferFailure());
        assertFalse(r.thirdParty());
    }

    @Test
    void decodesPeerAndAnnounce() {
        PcpRequest peer = ok(Wire.peer(H1, 60, 17, 4000, PUB, 53));
        assertEquals(PcpOpcode.PEER, peer.opcode());
        assertEquals(PUB, peer.remoteIp());
        assertEquals(53, peer.remotePort());
        assertTrue(peer.remoteIsIpv4());
        assertEquals(PcpOpcode.ANNOUNCE, ok(Wire.announce(H1)).opcode());
    }

    @Test
    void lifetimeIsUnsigned32Bits() {
        assertEquals(
                0xffffffffL, ok(Wire.map(H1, 0xffffffffL, 1, 1, 6, 22, 0, 0)).lifetime());
    }

    @Test
    void runtsAndResponsesAreDropped() {
        byte[] b = Wire.map(H1, 60, 1, 1, 6, 22, 0, 0);
        assertNull(PcpCodec.decode(b, 0, 1));
        b[1] |= (byte) 0x80;
        assertNull(PcpCodec.decode(b, 0, b.length));
    }

    @Test
    void badVersionTruncationOversizeAndMisalignmentAreTyped() {
        byte[] b = Wire.map(H1, 60, 1, 1, 6, 22, 0, 0);
        assertEquals(PcpResult.MALFORMED_REQUEST, error(b, 20)); // shorter than a header
        assertEquals(PcpResult.MALFORMED_REQUEST, error(b, 48)); // header, part of the MAP data
        assertEquals(PcpResult.MALFORMED_REQUEST, error(b, 58)); // not a multiple of 4
        byte[] big = new byte[1104];
        big[0] = 2;
        big[1] = 1;
        assertEquals(PcpResult.MALFORMED_REQUEST, error(big, big.length));
        b[0] = 1;
        assertEquals(PcpResult.UNSUPP_VERSION, error(b, b.length));
        b[0] = 3;
        assertEquals(PcpResult.UNSUPP_VERSION, error(b, b.length));
    }

    @Test
    void unknownOpcodeIsUnsupported() {
        byte[] b = Wire.announce(H1);
        b[1] = 9;
        PcpCodec.Error e = assertInstanceOf(PcpCodec.Error.class, PcpCodec.decode(b, 0, b.length));
        assertEquals(PcpResult.UNSUPP_OPCODE, e.result());
        assertEquals(9, e.opcode());
    }

    @Test
    void optionsAreBoundedAndChecked() {
        assertTrue(ok(Wire.map(H1, 60, 1, 1, 6, 22, 0, 0, Wire.option(PcpCodec.OPTION_THIRD_PARTY, 16)))
                .thirdParty());
        assertEquals(PcpResult.UNSUPP_OPTION, error(withOption(Wire.option(99, 0)), -1));
        assertEquals(PcpResult.MALFORMED_OPTION, error(withOption(Wire.option(PcpCodec.OPTION_THIRD_PARTY, 4)), -1));
        assertEquals(
                PcpResult.MALFORMED_OPTION,
                error(
                        withOption(
                                Wire.option(PcpCodec.OPTION_PREFER_FAILURE, 0),
                                Wire.option(PcpCodec.OPTION_PREFER_FAILURE, 0)),
                        -1));
        assertEquals(PcpResult.UNSUPP_OPTION, error(withOption(Wire.option(PcpCodec.OPTION_FILTER, 20)), -1));
        byte[] overrun = withOption(Wire.option(200, 0));
        overrun[overrun.length - 2] = 0x10; // claims 4096 bytes of data
        assertEquals(PcpResult.MALFORMED_OPTION, error(overrun, -1));
        byte[][] many = new byte[PcpCodec.MAX_OPTIONS + 1][];
        java.util.Arrays.fill(many, Wire.option(200, 0));
        assertEquals(PcpResult.MALFORMED_REQUEST, error(withOption(many), -1));
        byte[] peerWithPrefer = concat(Wire.peer(H1, 60, 6, 1, PUB, 2), Wire.option(PcpCodec.OPTION_PREFER_FAILURE, 0));
        assertEquals(PcpResult.MALFORMED_OPTION, error(peerWithPrefer, -1));
    }

    @Test
    void aNonMappedClientAddressIsFlagged() {
        byte[] b = Wire.map(H1, 60, 1, 1, 6, 22, 0, 0);
        b[8] = 0x20; // 2000::...
        assertFalse(ok(b).clientIsIpv4());
    }

    @Test
    void responsesFollowTheFigures() {
        byte[] req = Wire.map(H1, 100, 5, 6, 17, 4000, 0, 0);
        PcpRequest r = ok(req);
        byte[] resp = PcpCodec.mapped(r, req, 0, 90, 42, 4001, PUB);
        assertEquals(60, resp.length);
        assertEquals(2, Wire.u8(resp, 0));
        assertEquals(0x81, Wire.u8(resp, 1));
        assertEquals(0, Wire.u8(resp, 3));
        assertEquals(90, Wire.u32(resp, 4));
        assertEquals(42, Wire.u32(resp, 8));
        assertEquals(5, java.nio.ByteBuffer.wrap(resp, 24, 8).getLong());
        assertEquals(17, Wire.u8(resp, 36));
        assertEquals(4000, Wire.u16(resp, 40));
        assertEquals(4001, Wire.u16(resp, 42));
        assertEquals(PUB, Wire.ipAt(resp, 44));
        assertEquals(0xffff, Wire.u16(resp, 44 + 10));

        byte[] err = PcpCodec.error(req, 0, 58, 1, PcpResult.MALFORMED_REQUEST, 42);
        assertEquals(60, err.length);
        assertEquals(0x81, Wire.u8(err, 1));
        assertEquals(3, Wire.u8(err, 3));
        assertEquals(1800, Wire.u32(err, 4));
        assertEquals(0, Wire.u32(err, 12));
        assertEquals(
                PcpCodec.MAX_MESSAGE,
                PcpCodec.error(new byte[1500], 0, 1500, 1, PcpResult.MALFORMED_REQUEST, 0).length);
        assertEquals(24, PcpCodec.error(new byte[3], 0, 3, 1, PcpResult.UNSUPP_VERSION, 0).length);
    }

    private static byte[] withOption(byte[]... options) {
        return Wire.map(H1, 60, 1, 1, 6, 22, 0, 0, options);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
