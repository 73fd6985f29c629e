package io.natflow.nat.packet;

import java.nio.ByteBuffer;

/** Builds well-formed test frames with every checksum computed from scratch. */
public final class TestPackets {
    public static final long MAC_A = 0x0200_0000_00aaL;
    public static final long MAC_B = 0x0200_0000_00bbL;

    private TestPackets() {}

    public static byte[] udp(int src, int sport, int dst, int dport, int payloadLength) {
        return l4(EtherTypes.PROTO_UDP, src, sport, dst, dport, 8, payloadLength, 0);
    }

    public static byte[] tcp(int src, int sport, int dst, int dport, int flags, int payloadLength) {
        return l4(EtherTypes.PROTO_TCP, src, sport, dst, dport, 20, payloadLength, flags);
    }

    public static byte[] icmpEcho(int src, int dst, int type, int id, int seq, int payloadLength) {
        byte[] f = frame(EtherTypes.PROTO_ICMP, src, dst, 8 + payloadLength);
        int icmp = 34;
        f[icmp] = (byte) type;
        Bytes.put16(f, icmp + 4, id);
        Bytes.put16(f, icmp + 6, seq);
        fill(f, icmp + 8, payloadLength);
        Bytes.put16(f, icmp + 2, Checksums.compute(f, icmp, 8 + payloadLength));
        return f;
    }

    private static byte[] l4(int proto, int src, int sport, int dst, int dport, int header, int payload, int flags) {
        byte[] f = frame(proto, src, dst, header + payload);
        int l4 = 34;
        Bytes.put16(f, l4, sport);
        Bytes.put16(f, l4 + 2, dport);
        if (proto == EtherTypes.PROTO_UDP) {
            Bytes.put16(f, l4 + 4, header + payload);
        } else {
            Bytes.put32(f, l4 + 4, 1000);
            f[l4 + 12] = 0x50;
            f[l4 + 13] = (byte) flags;
        }
        fill(f, l4 + header, payload);
        int at = proto == EtherTypes.PROTO_UDP ? l4 + 6 : l4 + 16;
        Bytes.put16(f, at, l4Checksum(f));
        return f;
    }

    /** An ARP frame with every field chosen, the Ethernet source apart from the sender MAC. */
    public static byte[] arp(
            int op, long ethSrc, long senderMac, int senderIp, long targetMac, int targetIp, long ethDst) {
        byte[] f = new byte[14 + 28];
        Bytes.put48(f, 0, ethDst);
        Bytes.put48(f, 6, ethSrc);
        Bytes.put16(f, 12, EtherTypes.ARP);
        Bytes.put16(f, 14, 1);
        Bytes.put16(f, 16, EtherTypes.IPV4);
        f[18] = 6;
        f[19] = 4;
        Bytes.put16(f, 20, op);
        Bytes.put48(f, 22, senderMac);
        Bytes.put32(f, 28, senderIp);
        Bytes.put48(f, 32, targetMac);
        Bytes.put32(f, 38, targetIp);
        return f;
    }

    /**
     * The first fragment of a UDP or TCP datagram of {@code datagramL4Length} bytes (L4 header
     * and payload): MF set, {@code fragmentL4Length} bytes of it (a multiple of 8).
     */
    public static byte[] firstFragment(
            int proto, int src, int sport, int dst, int dport, int ipId, int datagramL4Length, int fragmentL4Length) {
        byte[] whole = l4(
                proto,
                src,
                sport,
                dst,
                dport,
                proto == EtherTypes.PROTO_UDP ? 8 : 20,
                datagramL4Length - (proto == EtherTypes.PROTO_UDP ? 8 : 20),
                0x10);
        byte[] f = java.util.Arrays.copyOf(whole, 34 + fragmentL4Length);
        fragmentHeader(f, ipId, 0, true);
        return f;
    }

    /** A later fragment: {@code length} payload bytes at byte {@code offset} (a multiple of 8) of the datagram. */
    public static byte[] laterFragment(int proto, int src, int dst, int ipId, int offset, boolean more, int length) {
        byte[] f = frame(proto, src, dst, length);
        fill(f, 34, length);
        fragmentHeader(f, ipId, offset, more);
        return f;
    }

    private static void fragmentHeader(byte[] f, int ipId, int offset, boolean more) {
        Bytes.put16(f, 16, f.length - 14);
        Bytes.put16(f, 18, ipId);
        Bytes.put16(f, 20, (more ? 0x2000 : 0) | (offset / 8));
        Bytes.put16(f, 24, 0);
        Bytes.put16(f, 24, Checksums.compute(f, 14, 20));
    }

    public static byte[] frame(int proto, int src, int dst, int l4Length) {
        byte[] f = new byte[14 + 20 + l4Length];
        Bytes.put48(f, 0, MAC_B);
        Bytes.put48(f, 6, MAC_A);
        Bytes.put16(f, 12, EtherTypes.IPV4);
        f[14] = 0x45;
        Bytes.put16(f, 16, 20 + l4Length);
        Bytes.put16(f, 18, 0x1234);
        f[22] = 64;
        f[23] = (byte) proto;
        Bytes.put32(f, 26, src);
        Bytes.put32(f, 30, dst);
        Bytes.put16(f, 24, Checksums.compute(f, 14, 20));
        return f;
    }

    /** The TCP/UDP checksum the segment in {@code f} should carry, computed from scratch. */
    public static int l4Checksum(byte[] f) {
        int proto = f[23] & 0xff;
        int length = Bytes.u16(f, 16) - 20;
        int at = proto == EtherTypes.PROTO_UDP ? 34 + 6 : 34 + 16;
        byte[] copy = f.clone();
        Bytes.put16(copy, at, 0);
        long sum = Checksums.sum(copy, 26, 8, 0) + proto + length;
        int c = Checksums.finish(Checksums.sum(copy, 34, length, sum));
        return c == 0 && proto == EtherTypes.PROTO_UDP ? 0xffff : c;
    }

    public static boolean ipHeaderValid(byte[] f, int ipOffset) {
        int ihl = (f[ipOffset] & 0x0f) * 4;
        return Checksums.compute(f, ipOffset, ihl) == 0;
    }

    public static boolean icmpValid(byte[] f, int icmpOffset, int length) {
        return Checksums.compute(f, icmpOffset, length) == 0;
    }

    public static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return ByteBuffer.wrap(new byte[] {
                    (byte) Integer.parseInt(p[0]),
                    (byte) Integer.parseInt(p[1]),
                    (byte) Integer.parseInt(p[2]),
                    (byte) Integer.parseInt(p[3])
                })
                .getInt();
    }

    private static void fill(byte[] f, int from, int n) {
        for (int i = 0; i < n; i++) {
            f[from + i] = (byte) (i * 7 + 3);
        }
    }
}
