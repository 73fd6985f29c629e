package io.natflow.nat.packet;

/** An Ethernet/IPv4 ARP message (RFC 826); MACs as the low 48 bits of a long, IPv4 as int. */
public record ArpPacket(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    static final int LENGTH = 28;

    static ArpPacket parse(byte[] b, int off) throws MalformedPacketException {
        if (b.length - off < LENGTH) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.TRUNCATED_ARP, (b.length - off) + " bytes");
        }
        int hwType = Bytes.u16(b, off);
        int protoType = Bytes.u16(b, off + 2);
        if (hwType != 1 || protoType != EtherTypes.IPV4 || Bytes.u8(b, off + 4) != 6 || Bytes.u8(b, off + 5) != 4) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.UNSUPPORTED_ARP,
                    "hardware " + hwType + " protocol 0x" + Integer.toHexString(protoType));
        }
        return new ArpPacket(
                Bytes.u16(b, off + 6),
                Bytes.u48(b, off + 8),
                Bytes.i32(b, off + 14),
                Bytes.u48(b, off + 18),
                Bytes.i32(b, off + 24));
    }

    public boolean isRequest() {
        return operation == REQUEST;
    }

    public boolean isReply() {
        return operation == REPLY;
    }

    /** A request whose sender and target address are the same: an announcement, not a question. */
    public boolean isGratuitous() {
        return senderIp == targetIp;
    }
}
