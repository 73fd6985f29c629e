package io.natflow.nat.pcp;

/** The PCP opcodes this server implements (RFC 6887 §19.2). */
public enum PcpOpcode {
    ANNOUNCE(0, 0),
    MAP(1, 36),
    PEER(2, 56);

    final int code;
    /** Length of the opcode's fixed data after the 24-byte header. */
    final int dataLength;

    PcpOpcode(int code, int dataLength) {
        this.code = code;
        this.dataLength = dataLength;
    }

    static PcpOpcode of(int code) {
        for (PcpOpcode o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return null;
    }
}
