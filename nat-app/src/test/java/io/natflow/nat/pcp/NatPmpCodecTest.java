package io.natflow.nat.pcp;

import static org.junit.jupiter.api.Assertions.*;

import io.natflow.nat.core.Ipv4;
import org.junit.jupiter.api.Test;

class NatPmpCodecTest {
    @Test
    void decodesTheThreeRequests() {
        assertInstanceOf(NatPmpCodec.PublicAddress.class, NatPmpCodec.decode(new byte[] {0, 0}, 0, 2));
        byte[] map = Wire.natPmpMap(true, 5000, 6000, 3600);
        NatPmpCodec.Map m = assertInstanceOf(NatPmpCodec.Map.class, NatPmpCodec.decode(map, 0, map.length));
        assertEquals(new NatPmpCodec.Map(true, 5000, 6000, 3600), m);
        byte[] udp = Wire.natPmpMap(false, 1, 0, 0xffffffffL);
        assertEquals(new NatPmpCodec.Map(false, 1, 0, 0xffffffffL), NatPmpCodec.decode(udp, 0, udp.length));
    }

    @Test
    void truncatedResponsesAndOtherVersionsAreDroppedUnknownOpcodesTyped() {
        byte[] map = Wire.natPmpMap(true, 5000, 6000, 3600);
        assertNull(NatPmpCodec.decode(map, 0, 11));
        assertNull(NatPmpCodec.decode(map, 0, 1));
        assertNull(NatPmpCodec.decode(new byte[] {0, (byte) 130}, 0, 2));
        assertNull(NatPmpCodec.decode(new byte[] {2, 0}, 0, 2));
        assertEquals(new NatPmpCodec.Unsupported(3), NatPmpCodec.decode(new byte[] {0, 3}, 0, 2));
    }

    @Test
    void responsesFollowTheFigures() {
        byte[] pa = NatPmpCodec.publicAddress(NatPmpCodec.Result.SUCCESS, 77, Ipv4.parse("203.0.113.1"));
        assertArrayEquals(new byte[] {0, (byte) 128, 0, 0, 0, 0, 0, 77, (byte) 203, 0, 113, 1}, pa);
        byte[] map = NatPmpCodec.map(true, NatPmpCodec.Result.OUT_OF_RESOURCES, 5, 5000, 0, 0);
        assertArrayEquals(new byte[] {0, (byte) 130, 0, 4, 0, 0, 0, 5, 0x13, (byte) 0x88, 0, 0, 0, 0, 0, 0}, map);
        assertArrayEquals(new byte[] {0, (byte) 137, 0, 5, 0, 0, 0, 1}, NatPmpCodec.unsupported(9, 1));
    }
}
