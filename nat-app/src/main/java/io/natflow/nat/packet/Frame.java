package io.natflow.nat.packet;

/**
 * A parsed Ethernet frame over its bytes. ARP frames carry an {@link ArpPacket}; IPv4 frames an
 * {@link Ipv4Packet} view that can also rewrite the bytes in place. VLAN tags are not used here.
 */
public final class Frame {
    static final int ETHERNET_HEADER = 14;

    private final byte[] bytes;
    private final ArpPacket arp;
    private final Ipv4Packet ipv4;

    private Frame(byte[] bytes, ArpPacket arp, Ipv4Packet ipv4) {
        this.bytes = bytes;
        this.arp = arp;
        this.ipv4 = ipv4;
    }

    /** Parses a frame; the array is kept (not copied) and later rewrites change it. */
    public static Frame parse(byte[] bytes) throws MalformedPacketException {
        if (bytes.length < ETHERNET_HEADER) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.TRUNCATED_ETHERNET, bytes.length + " bytes");
        }
        int etherType = Bytes.u16(bytes, 12);
        if (etherType == EtherTypes.ARP) {
            return new Frame(bytes, ArpPacket.parse(bytes, ETHERNET_HEADER), null);
        }
        if (etherType == EtherTypes.IPV4) {
            return new Frame(bytes, null, Ipv4Packet.parse(bytes, ETHERNET_HEADER));
        }
        return new Frame(bytes, null, null);
    }

    /**
     * Parses a header copy, a frame the switch cut short (the packet-in's max_len): an IPv4
     * packet needs its header and the first 8 bytes of L4 (the ports), not the whole datagram.
     */
    public static Frame parseHeaders(byte[] bytes) throws MalformedPacketException {
        if (bytes.length < ETHERNET_HEADER) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.TRUNCATED_ETHERNET, bytes.length + " bytes");
        }
        if (Bytes.u16(bytes, 12) == EtherTypes.IPV4) {
            return new Frame(bytes, null, Ipv4Packet.parse(bytes, ETHERNET_HEADER, false));
        }
        return parse(bytes);
    }

    public byte[] bytes() {
        return bytes;
    }

    public long ethDst() {
        return Bytes.u48(bytes, 0);
    }

    public long ethSrc() {
        return Bytes.u48(bytes, 6);
    }

    /** Sets the Ethernet source and destination of a raw frame. */
    public static void setMacs(byte[] frame, long src, long dst) {
        Bytes.put48(frame, 0, dst);
        Bytes.put48(frame, 6, src);
    }

    public boolean isArp() {
        return arp != null;
    }

    public ArpPacket arp() {
        return arp;
    }

    public boolean isIpv4() {
        return ipv4 != null;
    }

    public Ipv4Packet ipv4() {
        return ipv4;
    }
}
