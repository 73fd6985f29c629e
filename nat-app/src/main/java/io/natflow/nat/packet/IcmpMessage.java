package io.natflow.nat.packet;

/**
 * The ICMP message of an IPv4 packet. Queries (echo, timestamp, information, address mask) have
 * an identifier the NAT maps like a port (RFC 5508); errors embed the IPv4 header and first 8
 * bytes of the packet that caused them, which the NAT must translate too.
 */
public final class IcmpMessage {
    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int TIMESTAMP = 13;
    public static final int TIMESTAMP_REPLY = 14;
    public static final int INFO_REQUEST = 15;
    public static final int INFO_REPLY = 16;
    public static final int ADDRESS_MASK_REQUEST = 17;
    public static final int ADDRESS_MASK_REPLY = 18;

    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** "Communication administratively prohibited" (RFC 1812 5.2.7.1): the NAT refused a session. */
    public static final int CODE_ADMIN_PROHIBITED = 13;

    public static final int CODE_TTL_EXCEEDED = 0;

    private final Ipv4Packet ip;
    private final byte[] b;
    private final int off;

    private IcmpMessage(Ipv4Packet ip, byte[] b, int off) {
        this.ip = ip;
        this.b = b;
        this.off = off;
    }

    static IcmpMessage parse(Ipv4Packet ip, byte[] b) throws MalformedPacketException {
        if (ip.protocol() != EtherTypes.PROTO_ICMP || ip.isLaterFragment() || ip.l4Length() < 8) {
            throw new MalformedPacketException(MalformedPacketException.Reason.TRUNCATED_L4, "no ICMP header here");
        }
        return new IcmpMessage(ip, b, ip.l4Offset());
    }

    public int type() {
        return Bytes.u8(b, off);
    }

    public int code() {
        return Bytes.u8(b, off + 1);
    }

    public int checksum() {
        return Bytes.u16(b, off + 2);
    }

    public boolean isQuery() {
        return switch (type()) {
            case ECHO_REQUEST, TIMESTAMP, INFO_REQUEST, ADDRESS_MASK_REQUEST -> true;
            default -> false;
        };
    }

    public boolean isQueryReply() {
        return switch (type()) {
            case ECHO_REPLY, TIMESTAMP_REPLY, INFO_REPLY, ADDRESS_MASK_REPLY -> true;
            default -> false;
        };
    }

    public boolean isError() {
        return switch (type()) {
            case DESTINATION_UNREACHABLE, SOURCE_QUENCH, REDIRECT, TIME_EXCEEDED, PARAMETER_PROBLEM -> true;
            default -> false;
        };
    }

    /** The query identifier (bytes 4-5); meaningful for queries and query replies only. */
    public int identifier() {
        return Bytes.u16(b, off + 4);
    }

    public void setIdentifier(int id) {
        int old = identifier();
        Bytes.put16(b, off + 4, id);
        Bytes.put16(b, off + 2, Checksums.update16(checksum(), old, id));
    }

    /** The packet an error reports on: its IPv4 header and at least 8 bytes of its L4 header. */
    public Ipv4Packet embedded() throws MalformedPacketException {
        if (!isError()) {
            throw new MalformedPacketException(MalformedPacketException.Reason.TRUNCATED_L4, "not an ICMP error");
        }
        return Ipv4Packet.parse(b, off + 8, false);
    }

    /** Recomputes the checksum over the whole message; use after rewriting the embedded packet. */
    public void recomputeChecksum() {
        Bytes.put16(b, off + 2, 0);
        Bytes.put16(b, off + 2, Checksums.compute(b, off, ip.endOffset() - off));
    }
}
