package io.natflow.bench.emulator;

/**
 * Ethernet + IPv4 + TCP SYN / UDP frames with correct checksums, as a host would send them, each
 * carrying a tag (the connection's number) the controller has no reason to change: the TCP
 * sequence number, the first four bytes of the UDP payload. Also the gateway's ARP reply, and
 * what a correct NAT makes of a first packet.
 */
final class Packets {
    static final int ETH = 14;
    static final int IP = 20;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    /** Where the tag sits, from the start of the TCP / UDP header. */
    static final int TCP_TAG = 4;

    static final int UDP_TAG = 8;
    private static final int ARP = 28;
    private static final int UDP_PAYLOAD = 32;

    private Packets() {}

    static byte[] tcpSyn(long srcMac, long dstMac, int src, int dst, int sport, int dport, int seq) {
        byte[] b = new byte[ETH + IP + 20];
        ipv4(b, srcMac, dstMac, src, dst, 6, 20, seq);
        int t = ETH + IP;
        put16(b, t, sport);
        put16(b, t + 2, dport);
        put32(b, t + 4, seq);
        b[t + 12] = 0x50; // data offset 5 words
        b[t + 13] = 0x02; // SYN
        put16(b, t + 14, 64_240); // window
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
        put32(b, u + UDP_TAG, id);
        int sum = l4Checksum(b, src, dst, 17, u, l4);
        put16(b, u + 6, sum == 0 ? 0xffff : sum);
        return b;
    }

    /** An ARP reply (RFC 826) from {@code sender} to {@code target}, Ethernet-addressed to the target. */
    static byte[] arpReply(long senderMac, int senderIp, long targetMac, int targetIp) {
        byte[] b = new byte[ETH + ARP];
        put48(b, 0, targetMac);
        put48(b, 6, senderMac);
        put16(b, 12, ETHERTYPE_ARP);
        int a = ETH;
        put16(b, a, 1); // Ethernet
        put16(b, a + 2, ETHERTYPE_IPV4);
        b[a + 4] = 6;
        b[a + 5] = 4;
        put16(b, a + 6, 2); // reply
        put48(b, a + 8, senderMac);
        put32(b, a + 14, senderIp);
        put48(b, a + 18, targetMac);
        put32(b, a + 24, targetIp);
        return b;
    }

    /**
     * A first packet as a source NAT router sends it on: source address and port rewritten, TTL
     * one less, checksums recomputed, Ethernet from {@code srcMac} to {@code dstMac}.
     */
    static byte[] sourceTranslated(byte[] frame, long srcMac, long dstMac, int ip, int port) {
        byte[] b = frame.clone();
        put48(b, 0, dstMac);
        put48(b, 6, srcMac);
        int i = ETH;
        int ihl = (b[i] & 0x0f) * 4;
        b[i + 8]--;
        put32(b, i + 12, ip);
        int l4 = i + ihl;
        put16(b, l4, port);
        put16(b, i + 10, 0);
        put16(b, i + 10, fold(sum(b, i, ihl, 0)));
        int at = l4ChecksumAt(b);
        put16(b, at, 0);
        int sum = l4Checksum(b, ip, i32(b, i + 16), b[i + 9] & 0xff, l4, u16(b, i + 2) - ihl);
        put16(b, at, sum == 0 && b[i + 9] == 17 ? 0xffff : sum);
        return b;
    }

    /** True if both frames have the same length and bytes, the IPv4 and TCP/UDP checksums aside. */
    static boolean sameButChecksums(byte[] a, byte[] b) {
        if (a.length != b.length || a.length < ETH + IP + 8) {
            return false;
        }
        int ipSum = ETH + 10;
        int l4Sum = l4ChecksumAt(b);
        for (int i = 0; i < a.length; i++) {
            boolean checksum = i == ipSum || i == ipSum + 1 || i == l4Sum || i == l4Sum + 1;
            if (!checksum && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** True if the IPv4 header checksum and the TCP/UDP checksum (present: UDP 0 is refused) verify. */
    static boolean checksumsValid(byte[] b) {
        int i = ETH;
        int ihl = (b[i] & 0x0f) * 4;
        int total = u16(b, i + 2);
        int proto = b[i + 9] & 0xff;
        if (ihl < IP || i + total > b.length || total < ihl + 8 || (proto != 6 && proto != 17)) {
            return false;
        }
        if (fold(sum(b, i, ihl, 0)) != 0) {
            return false;
        }
        int l4 = i + ihl;
        if (proto == 17 && u16(b, l4 + 6) == 0) {
            return false;
        }
        return l4Checksum(b, i32(b, i + 12), i32(b, i + 16), proto, l4, total - ihl) == 0;
    }

    /** Where a frame's TCP or UDP checksum sits. */
    private static int l4ChecksumAt(byte[] b) {
        int l4 = ETH + (b[ETH] & 0x0f) * 4;
        return l4 + (b[ETH + 9] == 6 ? 16 : 6);
    }

    private static void ipv4(byte[] b, long srcMac, long dstMac, int src, int dst, int proto, int l4Length, int id) {
        put48(b, 0, dstMac);
        put48(b, 6, srcMac);
        put16(b, 12, 0x0800);
        int i = ETH;
        b[i] = 0x45;
        put16(b, i + 2, IP + l4Length);
        put16(b, i + 4, id & 0xffff);
        put16(b, i + 6, 0x4000); // DF
        b[i + 8] = 64; // TTL
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

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static int i32(byte[] b, int off) {
        return (u16(b, off) << 16) | u16(b, off + 2);
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
