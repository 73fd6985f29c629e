package io.natflow.nat.packet;

import static io.natflow.nat.packet.EtherTypes.PROTO_ICMP;
import static io.natflow.nat.packet.EtherTypes.PROTO_TCP;
import static io.natflow.nat.packet.EtherTypes.PROTO_UDP;

/**
 * An IPv4 packet inside a byte array, read and rewritten in place. Rewrites keep every checksum
 * right: the IPv4 header's, and the TCP/UDP one (whose pseudo-header covers the addresses) when
 * this packet carries the L4 header, i.e. is not a later fragment. Later fragments carry no ports.
 */
public final class Ipv4Packet {
    static final int MIN_HEADER = 20;
    private static final int TCP_MIN = 20;
    private static final int UDP_HEADER = 8;
    private static final int ICMP_MIN = 8;

    private final byte[] b;
    private final int off;
    private final int headerLength;
    private final int end;

    private Ipv4Packet(byte[] b, int off, int headerLength, int end) {
        this.b = b;
        this.off = off;
        this.headerLength = headerLength;
        this.end = end;
    }

    /** Parses the IPv4 header at {@code off} and checks that the L4 header it announces is present. */
    static Ipv4Packet parse(byte[] b, int off) throws MalformedPacketException {
        return parse(b, off, true);
    }

    /**
     * @param needFullL4 false for the packet embedded in an ICMP error, which carries only the first
     *                   8 bytes of its L4 header (RFC 792) and may be cut short by its sender
     */
    static Ipv4Packet parse(byte[] b, int off, boolean needFullL4) throws MalformedPacketException {
        if (b.length - off < MIN_HEADER) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.TRUNCATED_IPV4, (b.length - off) + " bytes");
        }
        int versionIhl = Bytes.u8(b, off);
        int ihl = (versionIhl & 0x0f) * 4;
        int totalLength = Bytes.u16(b, off + 2);
        if ((versionIhl >>> 4) != 4 || ihl < MIN_HEADER || totalLength < ihl) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.BAD_IPV4_HEADER,
                    "version/ihl 0x" + Integer.toHexString(versionIhl) + " total length " + totalLength);
        }
        int available = b.length - off;
        if (available < ihl || (needFullL4 && available < totalLength)) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.TRUNCATED_IPV4, available + " of " + totalLength + " bytes");
        }
        Ipv4Packet p = new Ipv4Packet(b, off, ihl, off + Math.min(available, totalLength));
        if (!p.isLaterFragment()) {
            int need = switch (p.protocol()) {
                case PROTO_TCP -> needFullL4 ? TCP_MIN : UDP_HEADER;
                case PROTO_UDP -> UDP_HEADER;
                case PROTO_ICMP -> ICMP_MIN;
                default -> 0;
            };
            if (p.end - p.l4Offset() < need) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.TRUNCATED_L4,
                        "protocol " + p.protocol() + " needs " + need + " bytes, has " + (p.end - p.l4Offset()));
            }
        }
        return p;
    }

    public int offset() {
        return off;
    }

    public int headerLength() {
        return headerLength;
    }

    public int totalLength() {
        return Bytes.u16(b, off + 2);
    }

    public int identification() {
        return Bytes.u16(b, off + 4);
    }

    public boolean moreFragments() {
        return (Bytes.u8(b, off + 6) & 0x20) != 0;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return (Bytes.u16(b, off + 6) & 0x1fff) * 8;
    }

    public boolean isFragment() {
        return moreFragments() || fragmentOffset() != 0;
    }

    /** A fragment other than the first: it carries no L4 header. */
    public boolean isLaterFragment() {
        return fragmentOffset() != 0;
    }

    public int ttl() {
        return Bytes.u8(b, off + 8);
    }

    public int protocol() {
        return Bytes.u8(b, off + 9);
    }

    public int src() {
        return Bytes.i32(b, off + 12);
    }

    public int dst() {
        return Bytes.i32(b, off + 16);
    }

    public int l4Offset() {
        return off + headerLength;
    }

    /** Bytes of L4 header and payload present in this packet. */
    public int l4Length() {
        return end - l4Offset();
    }

    public boolean hasPorts() {
        return !isLaterFragment() && (protocol() == PROTO_TCP || protocol() == PROTO_UDP);
    }

    public int srcPort() {
        return Bytes.u16(b, l4Offset());
    }

    public int dstPort() {
        return Bytes.u16(b, l4Offset() + 2);
    }

    /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10). */
    public int tcpFlags() {
        return Bytes.u8(b, l4Offset() + 13);
    }

    public long tcpSequence() {
        return Bytes.i32(b, l4Offset() + 4) & 0xffffffffL;
    }

    public long tcpAcknowledgement() {
        return Bytes.i32(b, l4Offset() + 8) & 0xffffffffL;
    }

    /** The ICMP view of this packet's payload; only for ICMP packets that are not later fragments. */
    public IcmpMessage icmp() throws MalformedPacketException {
        return IcmpMessage.parse(this, b);
    }

    public void setSrc(int address) {
        rewriteAddress(12, address);
    }

    public void setDst(int address) {
        rewriteAddress(16, address);
    }

    public void setSrcPort(int port) {
        rewritePort(0, port);
    }

    public void setDstPort(int port) {
        rewritePort(2, port);
    }

    /** Decrements TTL and fixes the header checksum; false (and unchanged) if TTL is already ≤ 1. */
    public boolean decrementTtl() {
        int ttl = ttl();
        if (ttl <= 1) {
            return false;
        }
        int oldWord = Bytes.u16(b, off + 8);
        b[off + 8] = (byte) (ttl - 1);
        fixHeaderChecksum(oldWord, Bytes.u16(b, off + 8));
        return true;
    }

    /** Offset just past this packet's bytes (header and as much payload as present). */
    public int endOffset() {
        return end;
    }

    /** The array this view reads and writes. */
    public byte[] bytes() {
        return b;
    }

    /** TCP data offset in bytes. */
    public int tcpHeaderLength() {
        return (Bytes.u8(b, l4Offset() + 12) >>> 4) * 4;
    }

    private void rewriteAddress(int field, int address) {
        int old = Bytes.i32(b, off + field);
        if (old == address) {
            return;
        }
        Bytes.put32(b, off + field, address);
        int ipSum = Bytes.u16(b, off + 10);
        Bytes.put16(b, off + 10, Checksums.update32(ipSum, old, address));
        int l4Sum = l4ChecksumOffset();
        if (l4Sum >= 0) {
            putL4Checksum(l4Sum, Checksums.update32(Bytes.u16(b, l4Sum), old, address));
        }
    }

    private void rewritePort(int field, int port) {
        int at = l4Offset() + field;
        int old = Bytes.u16(b, at);
        Bytes.put16(b, at, port);
        int l4Sum = l4ChecksumOffset();
        if (l4Sum >= 0) {
            putL4Checksum(l4Sum, Checksums.update16(Bytes.u16(b, l4Sum), old, port));
        }
    }

    /** Where the TCP/UDP checksum lives, or -1 when absent, zero (UDP: none) or not in these bytes. */
    private int l4ChecksumOffset() {
        if (isLaterFragment()) {
            return -1;
        }
        int at = switch (protocol()) {
            case PROTO_TCP -> l4Offset() + 16;
            case PROTO_UDP -> l4Offset() + 6;
            default -> -1;
        };
        if (at < 0 || at + 2 > end) {
            return -1;
        }
        if (protocol() == PROTO_UDP && Bytes.u16(b, at) == 0) {
            return -1; // UDP checksum 0 means "none" and must stay 0
        }
        return at;
    }

    /** A UDP checksum that computes to 0 is sent as 0xffff, since 0 means "no checksum" (RFC 768). */
    private void putL4Checksum(int at, int value) {
        Bytes.put16(b, at, value == 0 && protocol() == PROTO_UDP ? 0xffff : value);
    }

    private void fixHeaderChecksum(int oldWord, int newWord) {
        Bytes.put16(b, off + 10, Checksums.update16(Bytes.u16(b, off + 10), oldWord, newWord));
    }
}
