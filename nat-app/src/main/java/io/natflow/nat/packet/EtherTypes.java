package io.natflow.nat.packet;

/** The EtherTypes and IP protocol numbers this router deals with. */
public final class EtherTypes {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    private EtherTypes() {}
}
