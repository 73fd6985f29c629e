package io.natflow.nat.packet;

import static io.natflow.nat.packet.TestPackets.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {

    @Test
    void parsesUdpFields() throws Exception {
        byte[] f = TestPackets.udp(ip("10.0.0.11"), 5000, ip("198.51.100.80"), 53, 12);
        Ipv4Packet p = Frame.parse(f).ipv4();
        assertEquals(ip("10.0.0.11"), p.src());
        assertEquals(ip("198.51.100.80"), p.dst());
        assertEquals(5000, p.srcPort());
        assertEquals(53, p.dstPort());
        assertEquals(EtherTypes.PROTO_UDP, p.protocol());
        assertTrue(p.hasPorts());
        assertFalse(p.isFragment());
    }

    @Test
    void snatRewriteOfUdpKeepsBothChecksumsRight() throws Exception {
        byte[] f = TestPackets.udp(ip("10.0.0.11"), 5000, ip("198.51.100.80"), 53, 33);
        Ipv4Packet p = Frame.parse(f).ipv4();
        p.setSrc(ip("203.0.113.1"));
        p.setSrcPort(40000);
        assertTrue(TestPackets.ipHeaderValid(f, 14));
        assertEquals(TestPackets.l4Checksum(f), Bytes.u16(f, 40));
        assertEquals(ip("203.0.113.1"), p.src());
        assertEquals(40000, p.srcPort());
    }

    @Test
    void udpWithoutChecksumStaysWithout() throws Exception {
        byte[] f = TestPackets.udp(ip("10.0.0.11"), 5000, ip("198.51.100.80"), 53, 4);
        Bytes.put16(f, 40, 0);
        Frame.parse(f).ipv4().setSrc(ip("203.0.113.1"));
        assertEquals(0, Bytes.u16(f, 40));
    }

    @Test
    void dnatRewriteOfTcpKeepsChecksumsRight() {
        qt().withExamples(300)
                .forAll(
                        integers().all(),
                        integers().all(),
                        integers().between(0, 65535),
                        integers().between(0, 200))
                .checkAssert((address, newDst, port, payload) ->
                        dnatKeepsChecksums(address, address ^ 0x5a5a, newDst, port, (port * 31) & 0xffff, payload));
    }

    private static void dnatKeepsChecksums(int src, int dst, int newDst, int sport, int newPort, int payload) {
        byte[] f = TestPackets.tcp(src, sport, dst, 80, 0x12, payload);
        Ipv4Packet p = parse(f).ipv4();
        p.setDst(newDst);
        p.setDstPort(newPort);
        assertTrue(TestPackets.ipHeaderValid(f, 14));
        assertEquals(TestPackets.l4Checksum(f), Bytes.u16(f, 50));
    }

    private static Frame parse(byte[] f) {
        try {
            return Frame.parse(f);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void laterFragmentRewriteTouchesOnlyTheIpHeader() throws Exception {
        byte[] f = TestPackets.udp(ip("10.0.0.11"), 5000, ip("198.51.100.80"), 53, 40);
        Bytes.put16(f, 20, 185); // fragment offset 185*8 bytes, no MF: the last fragment
        Bytes.put16(f, 24, 0);
        Bytes.put16(f, 24, Checksums.compute(f, 14, 20));
        byte[] payloadBefore = Arrays.copyOfRange(f, 34, f.length);
        Ipv4Packet p = Frame.parse(f).ipv4();
        assertTrue(p.isLaterFragment());
        assertFalse(p.hasPorts());
        p.setSrc(ip("203.0.113.1"));
        assertTrue(TestPackets.ipHeaderValid(f, 14));
        assertArrayEquals(
                payloadBefore,
                Arrays.copyOfRange(f, 34, f.length),
                "payload of a later fragment is data, not a UDP header");
    }

    @Test
    void decrementTtlFixesChecksumAndRefusesAtOne() throws Exception {
        byte[] f = TestPackets.udp(ip("10.0.0.11"), 5000, ip("198.51.100.80"), 53, 0);
        Ipv4Packet p = Frame.parse(f).ipv4();
        assertTrue(p.decrementTtl());
        assertEquals(63, p.ttl());
        assertTrue(TestPackets.ipHeaderValid(f, 14));
        f[22] = 1;
        assertFalse(Frame.parse(f).ipv4().decrementTtl());
    }

    @Test
    void truncatedInputIsATypedError() {
        byte[] full = TestPackets.tcp(ip("10.0.0.11"), 5000, ip("198.51.100.80"), 80, 0x02, 0);
        assertEquals(
                MalformedPacketException.Reason.TRUNCATED_ETHERNET,
                assertThrows(MalformedPacketException.class, () -> Frame.parse(new byte[10]))
                        .reason());
        assertEquals(
                MalformedPacketException.Reason.TRUNCATED_IPV4,
                assertThrows(MalformedPacketException.class, () -> Frame.parse(Arrays.copyOf(full, 30)))
                        .reason());
        assertEquals(
                MalformedPacketException.Reason.TRUNCATED_IPV4,
                assertThrows(MalformedPacketException.class, () -> Frame.parse(Arrays.copyOf(full, 50)))
                        .reason());
        byte[] badIhl = full.clone();
        badIhl[14] = 0x43;
        assertEquals(
                MalformedPacketException.Reason.BAD_IPV4_HEADER,
                assertThrows(MalformedPacketException.class, () -> Frame.parse(badIhl))
                        .reason());
        byte[] shortTcp = TestPackets.frame(EtherTypes.PROTO_TCP, 1, 2, 10);
        assertEquals(
                MalformedPacketException.Reason.TRUNCATED_L4,
                assertThrows(MalformedPacketException.class, () -> Frame.parse(shortTcp))
                        .reason());
    }

    @Test
    void arbitraryBytesNeverThrowAnythingButTheTypedError() {
        qt().withExamples(500)
                .forAll(
                        lists().of(integers().between(-128, 127)).ofSizeBetween(0, 120),
                        integers().between(0, 3))
                .checkAssert((values, shape) -> parseAnything(bytesOf(values, shape)));
    }

    /** Random bytes, often with an IPv4 EtherType and version nibble so parsing gets past the first checks. */
    private static byte[] bytesOf(java.util.List<Integer> values, int shape) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).byteValue();
        }
        if (shape > 0 && bytes.length > 14) {
            bytes[12] = 0x08;
            bytes[13] = 0x00;
            bytes[14] = (byte) (0x40 | (bytes[14] & 0x0f));
        }
        return bytes;
    }

    private static void parseAnything(byte[] bytes) {
        try {
            Frame frame = Frame.parse(bytes);
            if (frame.isIpv4()
                    && frame.ipv4().protocol() == EtherTypes.PROTO_ICMP
                    && !frame.ipv4().isLaterFragment()) {
                IcmpMessage icmp = frame.ipv4().icmp();
                if (icmp.isError()) {
                    icmp.embedded();
                }
            }
        } catch (MalformedPacketException expected) {
            // the only failure allowed
        }
    }
}
