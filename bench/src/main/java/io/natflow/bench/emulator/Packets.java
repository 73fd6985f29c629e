package io.natflow.bench.emulator;

/** Ethernet + IPv4 + TCP SYN / UDP frames with correct checksums, as a host would send them. */
final class Packets {
    static final int ETH = 14;
    static final int IP = 20;
    private static final int UDP_PAYLOAD = 32;

    private Packets() {}

    static byte[] tcpSyn(long srcMac, long dstMac, int src, int dst, int sport, int dport, int seq) {
        byte[] b = new byte[ETH + IP + 20];
        ipv4(b, srcMac, dstMac, src, dst, 6, 20, seq);
        int t = ETH + IP;
        put16(b, t, sport);
        put16(b, t + 2, dport);
        put32(b, t + 4, seq);
        b[t + 12] = 0x50;            // data offset 5 words
        b[t + 13] = 0x02;            // SYN
        put16(b, t + 14, 64_240);    // window
        put16(b, t + 16, l4Checksum(b, src, dst, 6, t, 20));
        return b;
    }

    static byte[] udp(long srcMac, long dstMac, int src, int dst, int sport, int dport, int id) {
        int l4 = 8 + UDP_PAYLOAD;
        byte[] b = new byte[ETH + IP + l4];
        ipv4(b, srcMac, dstMac, src, dst, 17, l4, id);
        int u = ETH + IP;
        put16(b, u, sport);
        put16(b, u + 2, dport);
        put16(b, u + 4, l4);
        for (int i = 0; i < UDP_PAYLOAD; i++) {
            b[u + 8 + i] = (byte) (id + i);
        }
        int sum = l4Checksum(b, src, dst, 17, u, l4);
        put16(b, u + 6, sum == 0 ? 0xffff : sum);
        return b;
    }

    private static void ipv4(byte[] b, long srcMac, long dstMac, int src, int dst, int proto, int l4Length, int id) {
        put48(b, 0, dstMac);
        put48(b, 6, srcMac);
        put16(b, 12, 0x0800);
        int i = ETH;
        b[i] = 0x45;
        put16(b, i + 2, IP + l4Length);
        put16(b, i + 4, id & 0xffff);
        put16(b, i + 6, 0x4000);     // DF
        b[i + 8] = 64;               // TTL
        b[i + 9] = (byte) proto;
        put32(b, i + 12, src);
        put32(b, i + 16, dst);
        put16(b, i + 10, fold(sum(b, i, IP, 0)));
    }

    private static int l4Checksum(byte[] b, int src, int dst, int proto, int off, int len) {
        long pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
        return fold(sum(b, off, len, pseudo));
    }

    private static long sum(byte[] b, int off, int len, long start) {
        long s = start;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (b[off + len - 1] & 0xff) << 8;
        }
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }

    private static void put48(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 32));
        put32(b, off + 2, (int) v);
    }
}
