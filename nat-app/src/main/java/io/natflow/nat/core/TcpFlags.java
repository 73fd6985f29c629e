package io.natflow.nat.core;

/** TCP header flag bits as they appear on the wire; pass 0 for UDP and ICMP. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private TcpFlags() {}
}
