package io.natflow.nat.packet;

import static io.natflow.nat.packet.TestPackets.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeneratedFramesTest {
    private static final long ROUTER_MAC = 0x0200_0000_0001L;

    @Test
    void arpReplyAnswersTheAskerFromTheRouter() throws Exception {
        byte[] request = GeneratedFrames.arpRequest(TestPackets.MAC_A, ip("10.0.0.11"), ip("10.0.0.1"));
        ArpPacket asked = Frame.parse(request).arp();
        assertTrue(asked.isRequest());
        Frame reply = Frame.parse(GeneratedFrames.arpReply(ROUTER_MAC, ip("10.0.0.1"), asked));
        assertTrue(reply.arp().isReply());
        assertEquals(TestPackets.MAC_A, reply.ethDst());
        assertEquals(ROUTER_MAC, reply.ethSrc());
        assertEquals(ROUTER_MAC, reply.arp().senderMac());
        assertEquals(ip("10.0.0.1"), reply.arp().senderIp());
        assertEquals(TestPackets.MAC_A, reply.arp().targetMac());
        assertEquals(ip("10.0.0.11"), reply.arp().targetIp());
    }

    @Test
    void icmpErrorQuotesTheOriginalAndIsValid() throws Exception {
        byte[] original = TestPackets.udp(ip("198.51.100.80"), 4000, ip("203.0.113.1"), 9999, 20);
        Ipv4Packet p = Frame.parse(original).ipv4();
        byte[] error = GeneratedFrames.icmpError(
                IcmpMessage.DESTINATION_UNREACHABLE,
                IcmpMessage.CODE_PORT_UNREACHABLE,
                ip("203.0.113.1"),
                p,
                ROUTER_MAC,
                TestPackets.MAC_B);
        Ipv4Packet outer = Frame.parse(error).ipv4();
        assertEquals(ip("198.51.100.80"), outer.dst());
        assertTrue(TestPackets.ipHeaderValid(error, 14));
        assertTrue(TestPackets.icmpValid(error, 34, error.length - 34));
        IcmpMessage icmp = outer.icmp();
        Ipv4Packet inner = icmp.embedded();
        assertEquals(9999, inner.dstPort());
        assertEquals(4000, inner.srcPort());
    }

    @Test
    void rewritingTheEmbeddedPacketKeepsEveryChecksumRight() throws Exception {
        byte[] outbound = TestPackets.udp(ip("203.0.113.1"), 40000, ip("198.51.100.80"), 33434, 12);
        byte[] error = GeneratedFrames.icmpError(
                IcmpMessage.TIME_EXCEEDED,
                0,
                ip("203.0.113.254"),
                Frame.parse(outbound).ipv4(),
                TestPackets.MAC_B,
                ROUTER_MAC);
        Ipv4Packet outer = Frame.parse(error).ipv4();
        IcmpMessage icmp = outer.icmp();
        Ipv4Packet inner = icmp.embedded();
        outer.setDst(ip("10.0.0.11"));
        inner.setSrc(ip("10.0.0.11"));
        inner.setSrcPort(5555);
        icmp.recomputeChecksum();
        assertTrue(TestPackets.ipHeaderValid(error, 14));
        assertTrue(TestPackets.ipHeaderValid(error, inner.offset()));
        assertTrue(TestPackets.icmpValid(error, 34, error.length - 34));
        assertEquals(5555, Frame.parse(error).ipv4().icmp().embedded().srcPort());
    }

    @Test
    void tcpResetToASynAcknowledgesIt() throws Exception {
        byte[] syn = TestPackets.tcp(ip("198.51.100.80"), 40000, ip("203.0.113.1"), 22, 0x02, 0);
        Ipv4Packet p = Frame.parse(syn).ipv4();
        byte[] rst = GeneratedFrames.tcpReset(p, ROUTER_MAC, TestPackets.MAC_B);
        Ipv4Packet r = Frame.parse(rst).ipv4();
        assertEquals(0x14, r.tcpFlags());
        assertEquals(1001, r.tcpAcknowledgement());
        assertEquals(22, r.srcPort());
        assertEquals(40000, r.dstPort());
        assertEquals(TestPackets.l4Checksum(rst), Bytes.u16(rst, 50));
        assertTrue(TestPackets.ipHeaderValid(rst, 14));
    }

    @Test
    void icmpIdentifierRewriteKeepsChecksum() throws Exception {
        byte[] echo = TestPackets.icmpEcho(ip("10.0.0.11"), ip("198.51.100.80"), IcmpMessage.ECHO_REQUEST, 7, 1, 56);
        IcmpMessage icmp = Frame.parse(echo).ipv4().icmp();
        assertTrue(icmp.isQuery());
        icmp.setIdentifier(61000);
        assertEquals(61000, icmp.identifier());
        assertTrue(TestPackets.icmpValid(echo, 34, echo.length - 34));
    }
}
