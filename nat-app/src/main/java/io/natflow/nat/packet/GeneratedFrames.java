package io.natflow.nat.packet;

/** Frames the router sends itself: ARP replies and requests, ICMP errors, TCP resets. */
public final class GeneratedFrames {
    public static final long BROADCAST_MAC = 0xffff_ffff_ffffL;
    private static final int DEFAULT_TTL = 64;
    /** RFC 1812 §4.3.2.3: an ICMP error should not exceed 576 bytes of IP datagram. */
    private static final int MAX_ICMP_ERROR_IP_LENGTH = 576;

    private GeneratedFrames() {}

    public static byte[] arpReply(long routerMac, int routerIp, ArpPacket request) {
        return arp(ArpPacket.REPLY, routerMac, routerIp, request.senderMac(), request.senderIp(), request.senderMac());
    }

    public static byte[] arpRequest(long routerMac, int routerIp, int targetIp) {
        return arp(ArpPacket.REQUEST, routerMac, routerIp, 0L, targetIp, BROADCAST_MAC);
    }

    /**
     * An unsolicited ARP reply "{@code ip} is at {@code mac}" to one host ({@code to} its MAC) or,
     * with {@link #BROADCAST_MAC}, to all: how the router defends an address someone else claimed.
     */
    public static byte[] arpAnnouncement(long mac, int ip, long to) {
        return arp(ArpPacket.REPLY, mac, ip, to == BROADCAST_MAC ? 0L : to, ip, to);
    }

    /** A unicast ARP request to the host believed to have {@code targetIp} at {@code targetMac}: is it still there? */
    public static byte[] arpProbe(long routerMac, int routerIp, int targetIp, long targetMac) {
        return arp(ArpPacket.REQUEST, routerMac, routerIp, 0L, targetIp, targetMac);
    }

    private static byte[] arp(int op, long senderMac, int senderIp, long targetMac, int targetIp, long ethDst) {
        byte[] f = new byte[Frame.ETHERNET_HEADER + ArpPacket.LENGTH];
        ethernet(f, ethDst, senderMac, EtherTypes.ARP);
        int o = Frame.ETHERNET_HEADER;
        Bytes.put16(f, o, 1);
        Bytes.put16(f, o + 2, EtherTypes.IPV4);
        f[o + 4] = 6;
        f[o + 5] = 4;
        Bytes.put16(f, o + 6, op);
        Bytes.put48(f, o + 8, senderMac);
        Bytes.put32(f, o + 14, senderIp);
        Bytes.put48(f, o + 18, targetMac);
        Bytes.put32(f, o + 24, targetIp);
        return f;
    }

    /**
     * An ICMP error from {@code routerIp} about {@code original} (RFC 792), quoting as much of the
     * original datagram as fits in 576 bytes. The caller sets the Ethernet addresses it routes with.
     */
    public static byte[] icmpError(int type, int code, int routerIp, Ipv4Packet original, long srcMac, long dstMac) {
        int quoted = Math.min(original.endOffset() - original.offset(), MAX_ICMP_ERROR_IP_LENGTH - 20 - 8);
        int ipLength = 20 + 8 + quoted;
        byte[] f = new byte[Frame.ETHERNET_HEADER + ipLength];
        ethernet(f, dstMac, srcMac, EtherTypes.IPV4);
        int ip = Frame.ETHERNET_HEADER;
        ipv4Header(f, ip, ipLength, EtherTypes.PROTO_ICMP, routerIp, original.src());
        int icmp = ip + 20;
        f[icmp] = (byte) type;
        f[icmp + 1] = (byte) code;
        System.arraycopy(original.bytes(), original.offset(), f, icmp + 8, quoted);
        Bytes.put16(f, icmp + 2, Checksums.compute(f, icmp, 8 + quoted));
        return f;
    }

    /** An echo reply to an (unfragmented) echo request addressed to the router itself. */
    public static byte[] echoReply(Ipv4Packet request, long srcMac, long dstMac) {
        int icmpLength = request.endOffset() - request.l4Offset(); // the request's IP options are not echoed
        byte[] f = new byte[Frame.ETHERNET_HEADER + 20 + icmpLength];
        ethernet(f, dstMac, srcMac, EtherTypes.IPV4);
        int ip = Frame.ETHERNET_HEADER;
        ipv4Header(f, ip, 20 + icmpLength, EtherTypes.PROTO_ICMP, request.dst(), request.src());
        int icmp = ip + 20;
        System.arraycopy(request.bytes(), request.l4Offset(), f, icmp, icmpLength);
        f[icmp] = (byte) IcmpMessage.ECHO_REPLY;
        Bytes.put16(f, icmp + 2, 0);
        Bytes.put16(f, icmp + 2, Checksums.compute(f, icmp, icmpLength));
        return f;
    }

    /**
     * A TCP RST answering {@code segment} (RFC 793 "Reset Generation"): to a segment without ACK,
     * RST|ACK with seq 0 and ack = its seq + its length (SYN and FIN count one); else RST with seq =
     * its ack.
     */
    public static byte[] tcpReset(Ipv4Packet segment, long srcMac, long dstMac) {
        byte[] f = new byte[Frame.ETHERNET_HEADER + 40];
        ethernet(f, dstMac, srcMac, EtherTypes.IPV4);
        int ip = Frame.ETHERNET_HEADER;
        ipv4Header(f, ip, 40, EtherTypes.PROTO_TCP, segment.dst(), segment.src());
        int tcp = ip + 20;
        Bytes.put16(f, tcp, segment.dstPort());
        Bytes.put16(f, tcp + 2, segment.srcPort());
        int flags = segment.tcpFlags();
        boolean hasAck = (flags & 0x10) != 0;
        if (hasAck) {
            Bytes.put32(f, tcp + 4, (int) segment.tcpAcknowledgement());
            f[tcp + 13] = 0x04;
        } else {
            long length = segment.totalLength()
                    - segment.headerLength()
                    - segment.tcpHeaderLength()
                    + ((flags & 0x02) != 0 ? 1 : 0)
                    + ((flags & 0x01) != 0 ? 1 : 0);
            Bytes.put32(f, tcp + 8, (int) (segment.tcpSequence() + length));
            f[tcp + 13] = 0x14;
        }
        f[tcp + 12] = 0x50;
        long sum = pseudoHeader(segment.dst(), segment.src(), EtherTypes.PROTO_TCP, 20);
        Bytes.put16(f, tcp + 16, Checksums.finish(Checksums.sum(f, tcp, 20, sum)));
        return f;
    }

    /** A UDP datagram from the router ({@code srcIp:srcPort}) carrying {@code payload}; TTL {@code ttl}. */
    public static byte[] udp(
            long srcMac, long dstMac, int srcIp, int srcPort, int dstIp, int dstPort, byte[] payload, int ttl) {
        int udpLength = 8 + payload.length;
        byte[] f = new byte[Frame.ETHERNET_HEADER + 20 + udpLength];
        ethernet(f, dstMac, srcMac, EtherTypes.IPV4);
        int ip = Frame.ETHERNET_HEADER;
        ipv4Header(f, ip, 20 + udpLength, EtherTypes.PROTO_UDP, srcIp, dstIp, ttl);
        int udp = ip + 20;
        Bytes.put16(f, udp, srcPort);
        Bytes.put16(f, udp + 2, dstPort);
        Bytes.put16(f, udp + 4, udpLength);
        System.arraycopy(payload, 0, f, udp + 8, payload.length);
        int sum = Checksums.finish(
                Checksums.sum(f, udp, udpLength, pseudoHeader(srcIp, dstIp, EtherTypes.PROTO_UDP, udpLength)));
        Bytes.put16(f, udp + 6, sum == 0 ? 0xffff : sum); // 0 would mean "no checksum" (RFC 768)
        return f;
    }

    private static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
    }

    private static void ethernet(byte[] f, long dst, long src, int etherType) {
        Bytes.put48(f, 0, dst);
        Bytes.put48(f, 6, src);
        Bytes.put16(f, 12, etherType);
    }

    private static void ipv4Header(byte[] f, int o, int totalLength, int protocol, int src, int dst) {
        ipv4Header(f, o, totalLength, protocol, src, dst, DEFAULT_TTL);
    }

    private static void ipv4Header(byte[] f, int o, int totalLength, int protocol, int src, int dst, int ttl) {
        f[o] = 0x45;
        Bytes.put16(f, o + 2, totalLength);
        f[o + 6] = 0x40; // don't fragment
        f[o + 8] = (byte) ttl;
        f[o + 9] = (byte) protocol;
        Bytes.put32(f, o + 12, src);
        Bytes.put32(f, o + 16, dst);
        Bytes.put16(f, o + 10, Checksums.compute(f, o, 20));
    }
}
