package io.natflow.nat.core;

/** Transport protocols the NAT translates. For ICMP the "port" is the query identifier. */
public enum Protocol {
    TCP(6),
    UDP(17),
    ICMP(1);

    private static final Protocol[] VALUES = values();

    private final int ipProtocolNumber;

    Protocol(int ipProtocolNumber) {
        this.ipProtocolNumber = ipProtocolNumber;
    }

    /** The IPv4 header protocol number (6, 17, 1). */
    public int ipProtocolNumber() {
        return ipProtocolNumber;
    }

    static Protocol ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
